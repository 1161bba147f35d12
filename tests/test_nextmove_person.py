"""Where a person stands and what they are shown: the role they hold (never a short trial) is
never suggested, a trial is context, the role just left ranks low, the objective keeps its own
title, and a role known only from someone's private moves is never suggested to anyone."""

from __future__ import annotations

from datetime import date, timedelta

from microstep.core import nextmove as nm
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.services import nextmove as service
from tests.test_nextmove_core import tiny_prior

TODAY = date(2026, 11, 18)
CSR, SUP, CXM, PM, DA, DS, SWA = 1, 2, 3, 4, 5, 6, 7
TITLES = {
    CSR: "Customer service representative",
    SUP: "Call centre supervisor",
    CXM: "Customer experience manager",
    PM: "Product manager",
    DA: "Data analyst",
    DS: "Data scientist",
    SWA: "Software architect",
}


def org(paths: list[list[tuple[int, str, int | None]]]) -> History:
    """One person per path of (role, kind, weeks it lasted or None), a step every 300 days."""
    steps = []
    for pid, path in enumerate(paths, 1):
        day = date(2019, 1, 1)
        for role, kind, weeks in path:
            end = day + timedelta(weeks=weeks) if weeks else None
            steps.append(Step(pid, role, kind, day, end))
            day += timedelta(days=300)
    people = {p: PersonInfo(p) for p in range(1, len(paths) + 1)}
    roles = {rid: RoleInfo(rid, title) for rid, title in TITLES.items()}
    return History(roles, people, ordered(steps), TODAY)


def dan() -> list[Step]:
    """Hired as a representative; shadowed a supervisor for four weeks, over since August."""
    return [
        Step(999, CSR, "hire", date(2025, 6, 16)),
        Step(999, SUP, "shadowing", date(2026, 7, 6), date(2026, 8, 3)),
    ]


def support_org() -> History:
    """Representatives shadow supervisors, then become customer experience managers."""
    path = [(CSR, "hire", None), (SUP, "shadowing", 4), (CXM, "promotion", None)]
    return org([path] * 6 + [[(CSR, "hire", None), (PM, "lateral", None)]] * 2)


def test_a_short_trial_is_context_never_the_role_held() -> None:
    model = nm.fit(support_org())
    at = nm.where(model, dan(), None, TODAY)
    assert at is not None
    assert at.held == CSR
    assert at.context == (CSR, SUP)
    found = nm.recommend(model, dan(), role=None, target=SUP, top=5, day=TODAY)
    roles = [s.role for s in found]
    assert CSR not in roles  # the role he holds
    assert roles[0] == CXM  # where people who went CSR -> SUP went next
    assert found[0].reasons[0] == (
        "People who went Customer service representative → Call centre supervisor mostly "
        "moved to Customer experience manager"
    )
    assert not any("in your role" in r for s in found for r in s.reasons)  # SUP is not his
    objective = next(s for s in found if s.role == SUP)  # the trial is his objective
    assert objective.reasons[:2] == (
        "It is your objective (Call centre supervisor)",
        "You have tried it (a shadowing)",
    )


def test_the_objective_held_now_is_not_led_toward() -> None:
    model = nm.fit(support_org())
    found = nm.recommend(model, dan(), role=None, target=CSR, top=5, day=TODAY)
    assert CSR not in [s.role for s in found]
    assert not any("objective" in r for s in found for r in s.reasons)


def test_an_unseen_trial_falls_back_to_the_roles_held() -> None:
    """Nobody ever moved on from Data scientist: a trial of it says nothing, so the context
    is the lasting roles, and the trial is no candidate of its own."""
    model = nm.fit(org([[(DA, "hire", None), (PM, "rotation", None)]] * 4))
    career = [Step(9, DA, "hire", date(2024, 1, 1)), Step(9, DS, "gig", date(2026, 1, 1))]
    at = nm.where(model, career, None)
    assert at == nm.Where((None, DA), DA)
    assert nm.recommend(model, career, role=None, top=3)[0].role == PM


def test_the_role_just_left_ranks_last_unless_people_went_back() -> None:
    """Data analysts are what most people moved into; someone who went Data analyst -> Data
    scientist is not sent back, unless people in the data did go back."""
    paths = [[(CSR, "hire", None), (DA, "lateral", None)]] * 6
    paths += [[(DS, "hire", None), (SWA, "lateral", None)]]
    model = nm.fit(org(paths))
    mine = [Step(9, DA, "hire", date(2023, 1, 1)), Step(9, DS, "lateral", date(2025, 1, 1))]
    found = nm.recommend(model, mine, role=None, top=5)
    assert found[0].role == SWA
    assert [s.role for s in found][-1] == DA
    back = nm.fit(org([*paths, [(DA, "hire", None), (DS, "lateral", None), (DA, "lateral", None)]]))
    again = nm.recommend(back, mine, role=None, top=5)
    assert again[0].role == DA  # the data shows people going back


def test_a_role_known_only_from_a_private_move_is_never_suggested() -> None:
    """Role 50 ('at Rival Corp') is only in one person's own, private career: it shapes that
    person's context, and is no one's suggestion, however near the prior puts it."""
    prior = tiny_prior()
    roles = {
        1: RoleInfo(1, "Here", occupation_uri="u:here", onet_code="11-0001.00"),
        2: RoleInfo(2, "Far", occupation_uri="u:far", onet_code="11-0004.00"),
    }
    hist = History(
        roles,
        {p: PersonInfo(p) for p in range(1, 5)},
        ordered(
            [Step(p, 1, "hire", date(2020, 1, 1)) for p in range(1, 5)]
            + [Step(p, 2, "lateral", date(2022, 1, 1)) for p in range(1, 3)]
        ),
        TODAY,
    )
    model = nm.fit(hist, prior)
    secret = RoleInfo(50, "Near at Rival Corp (secret interview)", "u:near", "11-0002.00")
    mine = nm.with_roles(model, {50: secret})
    own = [Step(9, 1, "hire", date(2020, 1, 1)), Step(9, 50, "lateral", date(2025, 1, 1))]
    for viewer in (mine, model):
        for who in ([Step(8, 1, "hire", date(2020, 1, 1))], own):
            found = nm.recommend(viewer, who, role=None, top=10, skills={"s1": 3})
            assert 50 not in [s.role for s in found]
            assert all("Rival" not in s.title and "Rival" not in s.reason for s in found)
    assert mine.title(50) == secret.title  # their own context still reads it
    assert 50 not in model.roles


def test_the_objective_keeps_its_own_title() -> None:
    """An objective 'Senior data analyst' linked to the same occupation as the person's
    'Junior data analyst' role: it is shown as itself, never as the junior role."""
    prior = tiny_prior()
    roles = {
        1: RoleInfo(1, "Junior data analyst", occupation_uri="u:here", onet_code="11-0001.00"),
        2: RoleInfo(2, "Pricing analyst", occupation_uri="u:up", onet_code="11-0003.00"),
    }
    model = nm.fit(History(roles, {1: PersonInfo(1)}, (), TODAY), prior)
    target = service._target(model, "u:here", "Senior data analyst")
    assert isinstance(target, RoleInfo)
    assert target.title == "Senior data analyst"
    assert target.occupation_uri == "u:here"
    career = [Step(1, 2, "hire", date(2024, 1, 1))]
    found = nm.recommend(model, career, role=None, target=target, top=5)
    ours = [s for s in found if any(r.startswith("It is your objective") for r in s.reasons)]
    assert [s.title for s in ours] == ["Senior data analyst"]
    assert ours[0].reasons[0] == "It is your objective (Senior data analyst)"
    assert service._target(model, "u:here", "junior  Data analyst") == 1  # its own title
    assert not any(r.startswith("You have 0") for s in found for r in s.reasons)


def test_popularity_alone_is_said_with_its_own_count() -> None:
    paths = [[(CSR, "hire", None), (DA, "lateral", None)]] * 5
    paths += [[(CSR, "hire", None), (PM, "lateral", None)]] * 3
    model = nm.fit(org(paths))
    found = nm.recommend(model, [Step(9, SWA, "hire", date(2024, 1, 1))], role=None, top=5)
    assert [s.reason for s in found] == [
        "5 people in your organization moved into it",
        "3 people in your organization moved into it",
    ]
