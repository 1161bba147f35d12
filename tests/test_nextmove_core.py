"""The next-move model on seeded histories with a known answer: second-order structure is
recovered, thin contexts back off, reasons are true and private, the prior answers a new org."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from microstep.core import nextmove as nm
from microstep.core import prior as pm
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered

TODAY = date(2026, 11, 18)
A, B, X, C, D, E = 1, 2, 3, 4, 5, 6
TITLES = {A: "Analyst", B: "Tester", X: "Lead", C: "Product manager", D: "Architect", E: "Rare"}


def history(
    paths: list[tuple[list[int], list[str]]], roles: dict[int, RoleInfo] | None = None
) -> History:
    """One person per path: (roles, kinds), a step every 200 days from 2020."""
    steps = []
    people = {}
    for pid, (seq, kinds) in enumerate(paths, 1):
        people[pid] = PersonInfo(pid)
        day = date(2020, 1, 1)
        for role, kind in zip(seq, kinds, strict=True):
            steps.append(Step(pid, role, kind, day))
            day += timedelta(days=200)
    roles = roles or {rid: RoleInfo(rid, title) for rid, title in TITLES.items()}
    return History(roles, people, ordered(steps), TODAY)


def second_order(n: int = 60) -> History:
    """Analysts go Analyst -> Lead -> Product manager, testers Tester -> Lead -> Architect: from
    Lead alone the two are even; the role before decides."""
    paths = []
    for i in range(n):
        first, last = (A, C) if i % 2 else (B, D)
        paths.append(([first, X, last], ["hire", "rotation", "promotion"]))
    return history(paths)


def career(*roles: int) -> list[Step]:
    return [
        Step(999, r, None, date(2021, 1, 1) + timedelta(days=100 * i)) for i, r in enumerate(roles)
    ]


def test_the_role_before_decides_where_people_go_next() -> None:
    model = nm.fit(second_order())
    first = nm.recommend(model, career(A, X), role=None, top=2)
    assert [s.role for s in first] == [C, D]
    assert first[0].score > 0.9
    assert first[0].reasons[0] == "People who went Analyst → Lead mostly moved to Product manager"
    assert [s.role for s in nm.recommend(model, career(B, X), role=None, top=1)] == [D]
    even = nm.recommend(model, career(X), role=None, top=2)
    assert {s.role for s in even} == {C, D}
    assert abs(even[0].score - even[1].score) < 1e-9
    assert even[0].reasons[0] == "30 of 60 people in your role moved to Architect next" or (
        even[0].reasons[0] == "30 of 60 people in your role moved to Product manager next"
    )


def test_the_usual_kind_of_move_is_named() -> None:
    model = nm.fit(second_order())
    best = nm.recommend(model, career(A), role=None, top=1)[0]
    assert best.role == X
    assert best.kind == "rotation"
    assert best.move == "a rotation into Lead"


def test_the_current_role_is_never_a_candidate() -> None:
    rng = random.Random(3)
    paths = []
    for _ in range(200):
        seq = [rng.choice(list(TITLES)) for _ in range(rng.randrange(1, 6))]
        paths.append((seq, ["lateral"] * len(seq)))
    hist = history(paths)
    model = nm.fit(hist)
    for person, found in nm.recommend_all(model, hist, top=6).items():
        steps = hist.careers()[person]
        current = nm.context_of(steps, None)
        assert current is not None
        assert current[1] not in {s.role for s in found}
        assert all(0 <= s.score <= 1 for s in found)


def test_a_thin_context_backs_off_to_its_role() -> None:
    """One person went Rare -> Lead -> Analyst; sixty went Lead -> PM/Architect. From
    (Rare, Lead) the one observation must not outweigh what sixty people did from Lead."""
    paths = [([E, X, A], ["hire", "lateral", "lateral"])]
    paths += [([X, C if i % 2 else D], ["hire", "promotion"]) for i in range(60)]
    model = nm.fit(history(paths))
    # No order-2 context of two people: nothing to tell its strength by, one pseudo-person.
    assert model.strengths[1] == nm.DEFAULT_STRENGTH
    found = nm.recommend(model, career(E, X), role=None, top=3)
    scores = {s.role: s.score for s in found}
    assert set(scores) == {A, C, D}
    # (1 + alpha * p1) / (1 + alpha) with alpha = 1: half from the one observation.
    assert abs(scores[A] - 0.5) < 0.01
    assert abs(scores[C] - scores[D]) < 1e-9
    rare = next(s for s in found if s.role == A)
    assert rare.reasons[0] == "A few people who went Rare → Lead moved to Analyst next"


def test_the_strength_is_the_leave_one_out_best() -> None:
    """Contexts that only repeat the level below get the largest alpha; contexts that always
    go where the level below rarely does get the smallest; no context of two: the default."""
    same = [(5, 10, 0.5), (5, 10, 0.5), (3, 6, 0.5), (3, 6, 0.5)]
    assert nm.strength(same) == max(nm.ALPHAS)
    own = [(10, 10, 0.05), (8, 8, 0.02)]
    assert nm.strength(own) == min(nm.ALPHAS)
    assert nm.strength([(1, 1, 0.3)]) == nm.DEFAULT_STRENGTH
    assert nm.strength([]) == nm.DEFAULT_STRENGTH


def test_the_prior_fills_beyond_what_people_did_and_breaks_ties() -> None:
    """From Here thirty-five people went to Far or Other, none to Near, though the prior puts
    Near closest; five went Else -> Near. From Here the observed moves stay first and Near
    follows them. Up, which nobody has left yet, is its lower level entirely, and there the
    public prior leads (UNSEEN_PRIOR): Here and Near, which lie near Up, before Far, the most
    popular; without a prior, popularity alone."""
    prior = tiny_prior()
    roles = {
        1: RoleInfo(1, "Here", occupation_uri="u:here", onet_code="11-0001.00"),
        2: RoleInfo(2, "Other"),
        3: RoleInfo(3, "Far", occupation_uri="u:far", onet_code="11-0004.00"),
        4: RoleInfo(4, "Near", occupation_uri="u:near", onet_code="11-0002.00"),
        5: RoleInfo(5, "Up", occupation_uri="u:up", onet_code="11-0003.00"),
        6: RoleInfo(6, "Else"),
    }
    paths = [([1, 3], ["hire", "lateral"])] * 30 + [([1, 2], ["hire", "lateral"])] * 5
    paths += [([6, 4], ["hire", "lateral"])] * 5
    model = nm.fit(history(paths, roles), prior)
    assert nm.prior_weight(model) == 3 / (40 + 3)  # 40 moves into Far, Other and Near
    here = nm.recommend(model, career(1), role=None, top=3)
    assert [s.role for s in here] == [3, 2, 4]
    assert here[2].score < 0.01  # the prior fills; it does not displace
    assert nm.dist1(model, 5) == nm.lower_dist(model, 5)
    assert nm.prior_share(model, 5) == nm.UNSEEN_PRIOR
    assert nm.prior_share(model, 1) == nm.prior_weight(model)
    assert [s.role for s in nm.recommend(model, career(5), role=None, top=3)] == [1, 4, 3]
    plain = nm.fit(history(paths, roles))  # no prior: the tie stays a tie, broken by id
    assert [s.role for s in nm.recommend(plain, career(5), role=None, top=3)] == [3, 2, 4]


def test_small_groups_are_not_shown_as_figures() -> None:
    paths = [
        ([A, C], ["hire", "promotion"]),
        ([A, C], ["hire", "promotion"]),
        ([A, D], ["hire", "lateral"]),
    ]
    model = nm.fit(history(paths))
    found = nm.recommend(model, career(A), role=None, top=2)
    assert found[0].reasons[0] == "A few people in your role moved to Product manager next"
    assert not any(ch.isdigit() for s in found for ch in s.reason)


def tiny_prior() -> pm.Prior:
    """Four occupations: 'near' is O*NET-related and shares skills, 'far' shares one skill,
    'up' shares skills one job zone up."""
    occupations = [
        pm.Occupation("u:here", "Here", "11-0001.00", 3, frozenset({"s1", "s2", "s3", "s4"})),
        pm.Occupation("u:near", "Near", "11-0002.00", 3, frozenset({"s1", "s2", "s5"})),
        pm.Occupation("u:up", "Up", "11-0003.00", 4, frozenset({"s1", "s2", "s3", "s6"})),
        pm.Occupation("u:far", "Far", "11-0004.00", 1, frozenset({"s4", "s7", "s8", "s9"})),
    ]
    related = [("11-0001.00", "11-0002.00", "Primary-Short", 1)]
    return pm.build(occupations, related)


def test_a_new_org_is_answered_from_the_public_prior() -> None:
    prior = tiny_prior()
    roles = {1: RoleInfo(1, "Here", occupation_uri="u:here", onet_code="11-0001.00")}
    model = nm.fit(History(roles, {1: PersonInfo(1)}, (), TODAY), prior)
    assert not model.has_history
    found = nm.recommend(model, [], role=1, top=5)
    assert [s.title for s in found] == ["Near", "Up", "Far"]
    assert found[0].code == "11-0002.00"
    assert "O*NET lists it as closely related to your occupation" in found[0].reasons
    assert "It shares 2 of its 3 essential skills with your role" in found[0].reasons
    assert "One job zone up (3 → 4)" in found[1].reasons
    assert all(s.role < 0 for s in found)  # taxonomy occupations, not the org's roles


def test_skills_and_objective_shape_the_list() -> None:
    prior = tiny_prior()
    roles = {1: RoleInfo(1, "Here", occupation_uri="u:here", onet_code="11-0001.00")}
    model = nm.fit(History(roles, {1: PersonInfo(1)}, (), TODAY), prior)
    far = model.by_uri["u:far"][0]
    found = nm.recommend(model, [], role=1, target=far, skills={"s4": 3, "s7": 2}, top=3)
    assert found[0].title == "Far"
    assert "It is your objective (Far)" in found[0].reasons
    assert "You have 2 of its 4 essential skills" in found[0].reasons


def test_with_a_history_candidates_are_the_orgs_roles() -> None:
    prior = tiny_prior()
    roles = {
        1: RoleInfo(1, "Here", occupation_uri="u:here"),
        2: RoleInfo(2, "Up role", occupation_uri="u:up"),
        3: RoleInfo(3, "Other"),
    }
    model = nm.fit(history([([3, 2], ["hire", "promotion"])], roles), prior)
    found = nm.recommend(model, [], role=1, top=5)
    assert {s.role for s in found} <= {2, 3}
    assert found[0].role == 2


def test_everyone_at_scale_in_seconds() -> None:
    rng = random.Random(7)
    roles = {i: RoleInfo(i, f"R{i}") for i in range(1, 101)}
    steps = []
    for person in range(1, 20_001):
        role = rng.randrange(1, 101)
        day = date(2016, 1, 1)
        for _ in range(10):
            steps.append(Step(person, role, "lateral", day))
            day += timedelta(days=90)
            role = (role + rng.choice([1, 2, 5])) % 100 + 1
    hist = History(roles, {p: PersonInfo(p) for p in range(1, 20_001)}, tuple(steps), TODAY)
    start = time.perf_counter()
    everyone = nm.recommend_all(nm.fit(hist), hist, top=5)
    assert time.perf_counter() - start < 10
    assert len(everyone) == 20_000
    assert all(len(v) == 5 for v in everyone.values())
