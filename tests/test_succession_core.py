"""Succession's readiness on seeded histories whose answer is known: candidates built to be ready
now, within a year, within two years or not yet are recovered, with their reasons."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import numpy as np
import pytest

from microstep.core import succession as core
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.core.succession import Bucket

TODAY = date(2026, 11, 18)
PM, BA, DA, PO, OPS = 1, 2, 3, 4, 5  # PO shares PM's ESCO occupation
ROLES = {
    PM: RoleInfo(PM, "Product manager", occupation_uri="esco:pm"),
    BA: RoleInfo(BA, "Business analyst", occupation_uri="esco:ba"),
    DA: RoleInfo(DA, "Data analyst", occupation_uri="esco:da"),
    PO: RoleInfo(PO, "Product owner", occupation_uri="esco:pm"),
    OPS: RoleInfo(OPS, "ICT operations manager", occupation_uri="esco:ops"),
}
NEEDS = {PM: {f"s{k}": 3 for k in range(8)}, OPS: {"ops": 3, "mentoring": 3}}
CLASSES = (Bucket.READY_NOW, Bucket.WITHIN_YEAR, Bucket.WITHIN_TWO, Bucket.NOT_YET)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


class World:
    """A seeded org: people built to fall into each bucket for Product manager."""

    def __init__(self, seed: int, per_class: int = 30) -> None:
        rng = random.Random(seed)
        self.people: dict[int, PersonInfo] = {}
        self.steps: list[Step] = []
        self.skills: dict[int, dict[str, int]] = {}
        self.truth: dict[int, Bucket] = {}
        self.next = 1
        for _ in range(2):  # incumbents
            self.add(hire=PM)
        for _ in range(5):  # five leavers went Business analyst -> Product manager
            p = self.add(hire=BA, active=False)
            self.steps.append(Step(p, PM, "promotion", ago(rng.randrange(400, 1500))))
        for bucket in CLASSES:
            for _ in range(per_class):
                self.truth[self.candidate(bucket, rng)] = bucket
        self.silent = self.add(hire=BA)  # a met trial but no skill map shared
        self.trial(self.silent, PM, "met", 60)

    def add(self, *, hire: int, active: bool = True) -> int:
        p = self.next
        self.next += 1
        self.people[p] = PersonInfo(p, f"P{p}", active=active)
        self.steps.append(Step(p, hire, "hire", ago(2000)))
        return p

    def trial(self, p: int, role: int, outcome: str, ended_days_ago: int, weeks: int = 12) -> None:
        end = ago(ended_days_ago)
        kind = random.Random(p).choice(["rotation", "temp_lead", "stretch"])
        self.steps.append(Step(p, role, kind, end - timedelta(weeks=weeks), end, outcome))

    def map(self, p: int, at_level: int, rng: random.Random, below: int = 0) -> None:
        keys = rng.sample(sorted(NEEDS[PM]), at_level + below)
        levels = {k: rng.choice([3, 4, 5]) for k in keys[:at_level]}
        levels |= {k: rng.choice([1, 2]) for k in keys[at_level:]}
        self.skills[p] = levels | {"knitting": 2}  # something shared, whatever the count

    def candidate(self, bucket: Bucket, rng: random.Random) -> int:
        if bucket is Bucket.READY_NOW:  # most skills and a recent trial that met
            p = self.add(hire=BA)
            self.map(p, rng.choice([7, 8]), rng)
            self.trial(p, rng.choice([PM, PO]), "met", rng.randrange(10, 360))
        elif bucket is Bucket.WITHIN_YEAR:  # most skills, nothing proven yet
            p = self.add(hire=rng.choice([BA, DA]))
            self.map(p, rng.choice([7, 8]), rng)
            if rng.random() < 0.5:
                self.trial(p, PM, "not_met", rng.randrange(10, 900))
        elif bucket is Bucket.WITHIN_TWO:  # about half, perhaps an old trial partly met
            p = self.add(hire=DA)
            at = rng.choice([4, 5])
            self.map(p, at, rng, below=rng.choice([0, 1]) if at == 4 else 0)
            if rng.random() < 0.5:
                self.trial(p, PO, "partly", rng.randrange(800, 1500))
        else:  # little of what it needs
            p = self.add(hire=rng.choice([BA, DA]))
            self.map(p, rng.choice([0, 1, 2]), rng)
            if rng.random() < 0.3:
                self.trial(p, PM, "not_met", rng.randrange(10, 900))
        return p

    def history(self) -> History:
        return History(ROLES, self.people, ordered(self.steps), TODAY)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidates_built_for_each_bucket_are_recovered(seed: int) -> None:
    world = World(seed)
    ready = core.readiness(world.history(), [PM, OPS], NEEDS, world.skills)
    found = {
        int(p): core.CODES[int(b)] for p, b in zip(ready.people, ready.bucket[:, 0], strict=True)
    }
    for person, truth in world.truth.items():
        assert found[person] == truth, (person, truth, ready.score[ready.row[person], 0])
    assert found[world.silent] == Bucket.UNJUDGED
    assert sorted(ready.incumbents(0)) == [1, 2]
    assert all(p in ready.row for p in world.truth)
    assert not any(
        not world.people[int(p)].active for p in ready.people
    )  # leavers are not candidates


def test_bench_strength_counts_each_bucket_per_incumbent() -> None:
    world = World(7, per_class=10)
    ready = core.readiness(world.history(), [PM, OPS], NEEDS, world.skills)
    pm = core.bench(ready, 0)
    assert pm.incumbents == 2
    assert pm.counts[Bucket.READY_NOW] == 10
    assert pm.counts[Bucket.WITHIN_YEAR] == 10
    assert pm.counts[Bucket.WITHIN_TWO] == 10
    assert pm.counts[Bucket.UNJUDGED] == 1
    assert pm.strength == (10 + 0.5 * 10) / 2
    assert not pm.no_successor
    ops = core.bench(ready, 1)  # nobody holds its skills, nobody tried it
    assert ops.no_successor
    assert ops.incumbents == 0
    assert ops.strength == 0.0


def test_reasons_say_skills_the_trial_and_the_route_in_plain_words() -> None:
    world = World(4, per_class=3)
    ready = core.readiness(world.history(), [PM], NEEDS, world.skills)
    p = next(p for p, b in world.truth.items() if b is Bucket.READY_NOW)
    world_steps = [s for s in world.steps if s.person == p and s.short]
    candidate = core.explain(ready, ready.row[p], 0)
    have = sum(1 for k, v in world.skills[p].items() if k in NEEDS[PM] and v >= 3)
    assert candidate.reasons[0].startswith(f"holds {have} of 8 skills the role needs")
    role = ROLES[world_steps[0].role].title
    assert (
        f"-month {core.KIND_LABELS[world_steps[0].kind or ''].lower()} as {role}: met"
        in (candidate.reasons[1])
    )
    assert candidate.reasons[2] == "5 people moved from Business analyst to Product manager"
    silent = core.explain(ready, ready.row[world.silent], 0)
    assert silent.bucket is Bucket.UNJUDGED
    assert silent.reasons[0].startswith("not enough shared to judge")


def test_a_route_taken_by_fewer_than_three_others_is_not_given_a_number() -> None:
    """1, 2 and 4 were promoted Business analyst -> Product manager; 2 went back. Candidate 3
    has three others before them; 2 has two others (their own move is not evidence of others)."""
    people = {p: PersonInfo(p) for p in (1, 2, 3, 4)}
    steps = [Step(p, BA, "hire", ago(900)) for p in people]
    steps += [Step(p, PM, "promotion", ago(100 + p)) for p in (1, 2, 4)]
    steps += [Step(2, BA, "lateral", ago(50))]
    history = History(ROLES, people, ordered(steps), TODAY)
    ready = core.readiness(history, [PM], NEEDS, {3: {"s1": 3}, 2: {"s1": 3}})
    three = core.explain(ready, ready.row[3], 0)
    assert three.reasons[-1] == "3 people moved from Business analyst to Product manager"
    two = core.explain(ready, ready.row[2], 0)
    assert two.reasons[-1] == (
        "a few people have moved from Business analyst to Product manager "
        "(too few to show a number)"
    )
    assert ready.score[ready.row[3], 0] > ready.score[ready.row[2], 0]
    assert ready.incumbents(0) == [1, 4]


def test_a_role_that_needs_nothing_known_is_judged_on_moves_only() -> None:
    history = History(ROLES, {1: PersonInfo(1)}, (Step(1, BA, "hire", ago(900)),), TODAY)
    ready = core.readiness(history, [PM], {}, {1: {"s1": 5}})
    assert core.CODES[int(ready.bucket[0, 0])] is Bucket.NOT_YET
    assert "no skills are known for this role" in core.explain(ready, 0, 0).reasons[0]


ESSENTIALS = [(f"esco:s{k}", f"essential {k}") for k in range(28)]  # ESCO's long list


def test_the_organizations_word_on_a_role_leads_and_esco_stays_out() -> None:
    """ESCO lists 28 essentials at level 3; the org's opportunities ask for two and its holders
    share a third: those three are what the role needs, whatever ESCO says."""
    needs = core.role_needs(
        ESSENTIALS,
        [("roadmaps", "Roadmaps", 3), ("pricing", "Pricing", 2)],
        [{"roadmaps": 4, "metrics": 2}, {"metrics": 4}],
        {"metrics": "Metrics"},
        vocabulary={k for k, _ in ESSENTIALS},  # even if people here record all of them
        linked=True,
    )
    assert needs.levels == {"roadmaps": 4, "pricing": 2, "metrics": 2}  # the higher level wins
    assert not needs.fallback
    assert needs.sources["roadmaps"] == ["opportunities", "incumbents"]
    assert needs.basis == (
        "From the skills its opportunities require and what at least half of the people "
        "holding it share."
    )


def test_esco_stands_in_only_when_the_org_says_nothing_and_only_for_skills_recorded_here() -> None:
    vocabulary = {"esco:s3", "esco:s7", "knitting"}
    needs = core.role_needs(ESSENTIALS, [], [], {}, vocabulary=vocabulary, linked=True)
    assert needs.levels == {"esco:s3": core.ESSENTIAL_LEVEL, "esco:s7": core.ESSENTIAL_LEVEL}
    assert needs.fallback
    assert needs.basis.startswith(
        "The organization names no skill for this role, so these are the 2 of the 28 essential"
    )
    people = {1: PersonInfo(1), 2: PersonInfo(2)}
    steps = (Step(1, BA, "hire", ago(900)), Step(2, BA, "hire", ago(900)))
    ready = core.readiness(
        History(ROLES, people, steps, TODAY),
        [PM],
        {PM: needs.levels},
        {1: {"esco:s3": 3, "esco:s7": 4}, 2: {"esco:s3": 3}},
    )
    one = core.explain(ready, ready.row[1], 0, needs=needs)
    assert one.reasons[0] == "holds 2 of 2 essential skills of its ESCO occupation recorded here"
    assert one.bucket is Bucket.WITHIN_YEAR  # skills alone reach 0.6
    two = core.explain(ready, ready.row[2], 0, needs=needs)
    assert two.bucket is Bucket.WITHIN_TWO  # half of them


def test_a_role_with_no_known_needs_says_what_would_give_it_some() -> None:
    """Linked to an occupation: never 'link it'. The message follows what is missing."""
    unlinked = core.role_needs([], [], [], {})
    assert unlinked.basis == (
        "No skills are known for this role yet: link it to an ESCO occupation or post an "
        "opportunity for it that lists the skills it requires."
    )
    not_loaded = core.role_needs([], [], [], {}, linked=True)
    assert "link it" not in not_loaded.basis
    assert "the public taxonomy" in not_loaded.basis
    unrecorded = core.role_needs(ESSENTIALS, [], [], {}, vocabulary={"knitting"}, linked=True)
    assert not unrecorded.levels
    assert "link it" not in unrecorded.basis
    assert "none of the 28 essential skills of its ESCO occupation" in unrecorded.basis
    history = History(ROLES, {1: PersonInfo(1)}, (Step(1, BA, "hire", ago(900)),), TODAY)
    ready = core.readiness(history, [PM], {}, {1: {"s1": 5}})
    reason = core.explain(ready, 0, 0, needs=not_loaded).reasons[0]
    assert reason.startswith("no skills are known for this role yet: the public taxonomy")
    assert "link it" not in reason


def test_the_chart_scales_bars_to_the_longest_and_says_each_in_words() -> None:
    world = World(5, per_class=4)
    ready = core.readiness(world.history(), [PM, OPS], NEEDS, world.skills)
    chart = core.bench_chart([("PM", core.bench(ready, 0)), ("Ops", core.bench(ready, 1))])
    pm, ops = chart.bars
    assert sum(s.width for s in pm.segments) == pytest.approx(80.0, abs=0.05)
    assert sum(s.width for s in ops.segments) == 0
    assert ops.no_successor
    assert "no successor" in ops.title
    assert pm.title.startswith("PM: 4 ready now, 4 within a year, 4 within two years")
    assert ops.y == chart.row_height


def synthetic(
    people: int, roles: int, steps_per_person: int, seed: int = 0
) -> tuple[History, list[int], dict[int, dict[str, int]], dict[int, dict[str, int]]]:
    """A large org: `roles` critical roles among 200, people with random careers and maps."""
    rng = np.random.default_rng(seed)
    role_info = {r: RoleInfo(r, f"Role {r}", occupation_uri=f"esco:{r % 150}") for r in range(200)}
    persons = {p: PersonInfo(p, active=bool(p % 10)) for p in range(people)}
    kinds = ["hire", "rotation", "promotion", "stretch", "temp_lead", "lateral"]
    outcomes = [None, "met", "partly", "not_met"]
    starts = rng.integers(30, 3000, size=(people, steps_per_person))
    role_of = rng.integers(0, 200, size=(people, steps_per_person))
    kind_of = rng.integers(0, len(kinds), size=(people, steps_per_person))
    out_of = rng.integers(0, len(outcomes), size=(people, steps_per_person))
    steps = []
    for p in range(people):
        for k in range(steps_per_person):
            start = TODAY - timedelta(days=int(starts[p, k]))
            kind = kinds[int(kind_of[p, k])] if k else "hire"
            short = kind in ("rotation", "stretch", "temp_lead")
            steps.append(
                Step(
                    p,
                    int(role_of[p, k]),
                    kind,
                    start,
                    start + timedelta(weeks=12) if short else None,
                    outcomes[int(out_of[p, k])] if short else None,
                )
            )
    critical = list(range(roles))
    needs = {r: {f"k{(r * 7 + j) % 300}": 1 + j % 5 for j in range(8)} for r in critical}
    levels = rng.integers(0, 6, size=(people, 12))
    keys = rng.integers(0, 300, size=(people, 12))
    skills = {
        p: {f"k{int(keys[p, j])}": int(levels[p, j]) for j in range(12)}
        for p in range(people)
        if p % 7
    }
    return History(role_info, persons, ordered(steps), TODAY), critical, needs, skills


def test_readiness_scales_to_a_large_org_in_seconds() -> None:
    history, critical, needs, skills = synthetic(20_000, 20, 10)
    started = time.perf_counter()
    ready = core.readiness(history, critical, needs, skills)
    seconds = time.perf_counter() - started
    assert ready.score.shape == (18_000, 20)
    assert seconds < 10, seconds  # 100,000 people x 20 roles: about five times this
    benches = [core.bench(ready, c) for c in range(20)]
    assert sum(b.incumbents for b in benches) > 0
