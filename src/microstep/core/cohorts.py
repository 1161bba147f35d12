"""Pilot cohorts: a programme's members against colleagues matched on role and tenure.

Matching. For each member active on the start date: colleagues who were active that day, are
not members, held exactly the same role (`core.history.held_role`) and had a tenure within
`caliper` years of the member's. Controls are drawn without replacement in rounds: each round
gives every member still short of `k` the nearest free colleague in tenure (the closest pairs
across all members first, ties by id), so one member cannot take every good match before
another gets one. A member with no colleague in the caliper is reported as unmatched and left
out of the comparison, never dropped silently.

Outcomes, from the start date to today (the same window for both groups):
- moves made: moves (not hires, not a first step) started after the start date;
- promoted: made a promotion after the start date (a share);
- skill levels gained: levels gained on skills after the start date, for the people whose
  skill maps the viewer may see (the others are left out of that outcome only);
- retained: still with the organization today (a share).

A cohort that started fewer than `MIN_DAYS` days ago has no outcomes yet: the readout says it
is too early to compare (the members are still matched, so the page can list them).

Differences are cohort minus comparison, each with a 95% interval: Welch's t for means and
Newcombe's hybrid score interval (built from two Wilson intervals) for shares. Members and
controls count as two independent groups (each control once). The readout never says
"caused": the groups were not randomised, only matched on role and tenure.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from scipy import stats

from microstep.core.history import History, Step, held_role, years
from microstep.core.mobility import Z, wilson
from microstep.core.text import plural

DEFAULT_K = 2
CALIPER_YEARS = 1.0
MIN_DAYS = 30  # a cohort younger than this is too early to compare
SMALL = 20  # fewer than this in a group and the readout warns the intervals are wide


class CohortError(ValueError):
    """The cohort cannot be compared as asked."""


@dataclass(frozen=True, slots=True)
class Person:
    """Where someone stood on the start date."""

    id: int
    role: int | None
    tenure: float  # years from their first step to the start date
    active: bool  # with the org on the start date


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A member left out of the comparison, and why."""

    person: int
    reason: str


@dataclass(frozen=True, slots=True)
class Matching:
    """Each matched member's controls, and the members with none."""

    pairs: dict[int, tuple[int, ...]]  # member -> controls, nearest first
    unmatched: tuple[Unmatched, ...]

    @property
    def controls(self) -> list[int]:
        """Every control once."""
        return [c for group in self.pairs.values() for c in group]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One outcome compared: each group's figure and the difference with its interval."""

    key: str  # moves | promoted | skills | retained
    label: str
    kind: str  # mean | share
    cohort_n: int
    comparison_n: int
    cohort: float | None
    comparison: float | None
    difference: float | None
    low: float | None
    high: float | None
    too_few: bool

    @property
    def clear(self) -> bool:
        """The interval excludes 0."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A cohort against its matched comparison group."""

    start: date
    today: date
    members: int
    matching: Matching
    outcomes: tuple[Outcome, ...]
    readout: tuple[str, ...]


def standing(
    history: History, careers: Mapping[int, Sequence[Step]], day: date
) -> dict[int, Person]:
    """Everyone's role, tenure and presence on `day`."""
    out = {}
    for pid, info in history.people.items():
        career = careers.get(pid, ())
        if not career:
            out[pid] = Person(pid, None, 0.0, False)
            continue
        entry = career[0].start
        last = max((s.end or s.start) for s in career) if not info.active else None
        present = entry <= day and (last is None or last > day)
        out[pid] = Person(pid, held_role(career, day), years(entry, day), present)
    return out


def match(
    members: Collection[int],
    people: Mapping[int, Person],
    *,
    k: int = DEFAULT_K,
    caliper: float = CALIPER_YEARS,
) -> Matching:
    """Up to `k` controls per member: same role, tenure within `caliper`, no replacement."""
    member_set = set(members)
    unmatched: list[Unmatched] = []
    pools: dict[int, list[tuple[float, int]]] = {}
    for p in people.values():
        if p.active and p.role is not None and p.id not in member_set:
            pools.setdefault(p.role, []).append((p.tenure, p.id))
    for pool in pools.values():
        pool.sort()
    wanting: list[Person] = []
    for mid in sorted(member_set):
        found = people.get(mid)
        if found is None or not found.active:
            unmatched.append(Unmatched(mid, "not with the organization on the start date"))
        elif found.role is None:
            unmatched.append(Unmatched(mid, "held no role on the start date"))
        else:
            wanting.append(found)
    pairs: dict[int, list[int]] = {p.id: [] for p in wanting}
    for _ in range(max(0, k)):
        offers = sorted(
            (abs(tenure - m.tenure), cid, m.id)
            for m in wanting
            if len(pairs[m.id]) < k
            for tenure, cid in _nearest(pools.get(m.role or -1, []), m.tenure, caliper)
        )
        taken: set[int] = set()
        served: set[int] = set()
        for _dist, cid, mid in offers:
            if cid in taken or mid in served:
                continue
            taken.add(cid)
            served.add(mid)
            pairs[mid].append(cid)
        if not taken:
            break
        for role, pool in pools.items():
            pools[role] = [entry for entry in pool if entry[1] not in taken]
    for m in wanting:
        if not pairs[m.id]:
            unmatched.append(Unmatched(m.id, "no colleague in the same role with similar tenure"))
    return Matching(
        pairs={mid: tuple(c) for mid, c in pairs.items() if c},
        unmatched=tuple(sorted(unmatched, key=lambda u: u.person)),
    )


def _nearest(
    pool: list[tuple[float, int]], tenure: float, caliper: float, many: int = 8
) -> list[tuple[float, int]]:
    """The `many` free colleagues nearest in tenure within the caliper (enough for one round),
    walking out both ways from the member's place in the tenure-sorted pool."""
    right = bisect.bisect_left(pool, (tenure, -1))
    left = right - 1
    out: list[tuple[float, int]] = []
    while len(out) < many:
        gap_l = tenure - pool[left][0] if left >= 0 else math.inf
        gap_r = pool[right][0] - tenure if right < len(pool) else math.inf
        if min(gap_l, gap_r) > caliper:
            break
        if gap_l <= gap_r:
            out.append(pool[left])
            left -= 1
        else:
            out.append(pool[right])
            right += 1
    return out


# ----------------------------------------------------------------------------- outcomes


def outcomes_of(
    careers: Mapping[int, Sequence[Step]], history: History, person: int, start: date
) -> tuple[int, bool, bool]:
    """(moves after start, promoted after start, still active today) of one person."""
    career = careers.get(person, ())
    moves = 0
    promoted = False
    for i, step in enumerate(career):
        if i == 0 or step.kind == "hire" or step.start <= start:
            continue
        moves += 1
        promoted = promoted or step.kind == "promotion"
    info = history.people.get(person)
    return moves, promoted, bool(info and info.active)


def welch(
    a: Sequence[float], b: Sequence[float], confidence: float = 0.95
) -> tuple[float, float, float] | None:
    """mean(a) - mean(b) with Welch's t interval; None with fewer than 2 in a group."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return None
    ma, mb = sum(a) / na, sum(b) / nb
    va = sum((x - ma) ** 2 for x in a) / (na - 1)
    vb = sum((x - mb) ** 2 for x in b) / (nb - 1)
    se2 = va / na + vb / nb
    diff = ma - mb
    if se2 == 0:
        return diff, diff, diff
    df = se2**2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * math.sqrt(se2)
    return diff, diff - half, diff + half


def newcombe(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float, float] | None:
    """p1 - p2 with Newcombe's hybrid score interval (method 10); None when a group is empty."""
    if n1 <= 0 or n2 <= 0:
        return None
    p1, l1, u1 = _bounds(x1, n1)
    p2, l2, u2 = _bounds(x2, n2)
    diff = p1 - p2
    low = diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return diff, low, high


def _bounds(hits: int, n: int) -> tuple[float, float, float]:
    w = wilson(hits, n, Z)
    return hits / n, w.low or 0.0, 1.0 if w.high is None else w.high


def compare(
    history: History,
    members: Collection[int],
    start: date,
    *,
    skills: Mapping[int, int] | None = None,
    k: int = DEFAULT_K,
    caliper: float = CALIPER_YEARS,
    min_group: int = 3,
    careers: Mapping[int, Sequence[Step]] | None = None,
) -> Comparison:
    """The cohort's outcomes against its matched comparison group since `start`.

    `skills` maps person -> skill levels gained since the start, for the people whose skill maps
    the viewer may see (people missing from it are left out of that outcome)."""
    if not members:
        raise CohortError("The cohort has no members.")
    if start > history.today:
        raise CohortError("The start date is in the future: there is nothing to compare yet.")
    careers = careers if careers is not None else history.careers()
    matching = match(members, standing(history, careers, start), k=k, caliper=caliper)
    if (history.today - start).days < MIN_DAYS:
        return Comparison(
            start=start,
            today=history.today,
            members=len(set(members)),
            matching=matching,
            outcomes=(),
            readout=too_early(start, history.today),
        )
    cohort = sorted(matching.pairs)
    controls = matching.controls
    facts = {p: outcomes_of(careers, history, p, start) for p in [*cohort, *controls]}
    outcomes = (
        _mean(
            "moves",
            "Moves made",
            [facts[p][0] for p in cohort],
            [facts[p][0] for p in controls],
            min_group,
        ),
        _share(
            "promoted",
            "Promoted",
            [facts[p][1] for p in cohort],
            [facts[p][1] for p in controls],
            min_group,
        ),
        _mean(
            "skills",
            "Skill levels gained",
            [skills[p] for p in cohort if skills and p in skills],
            [skills[p] for p in controls if skills and p in skills],
            min_group,
        ),
        _share(
            "retained",
            "Still with the org",
            [facts[p][2] for p in cohort],
            [facts[p][2] for p in controls],
            min_group,
        ),
    )
    return Comparison(
        start=start,
        today=history.today,
        members=len(set(members)),
        matching=matching,
        outcomes=outcomes,
        readout=readout(len(set(members)), matching, outcomes, start, history.today),
    )


def _mean(key: str, label: str, a: list[int], b: list[int], min_group: int) -> Outcome:
    too_few = len(a) < min_group or len(b) < min_group
    ma = sum(a) / len(a) if a and not too_few else None
    mb = sum(b) / len(b) if b and not too_few else None
    found = None if too_few else welch([float(x) for x in a], [float(x) for x in b])
    diff, low, high = found if found else (None, None, None)
    return Outcome(key, label, "mean", len(a), len(b), ma, mb, diff, low, high, too_few)


def _share(key: str, label: str, a: list[bool], b: list[bool], min_group: int) -> Outcome:
    too_few = len(a) < min_group or len(b) < min_group
    found = None if too_few else newcombe(sum(a), len(a), sum(b), len(b))
    diff, low, high = found if found else (None, None, None)
    pa = sum(a) / len(a) if a and not too_few else None
    pb = sum(b) / len(b) if b and not too_few else None
    return Outcome(key, label, "share", len(a), len(b), pa, pb, diff, low, high, too_few)


# ----------------------------------------------------------------------------- readout


def readout(
    members: int, matching: Matching, outcomes: Sequence[Outcome], start: date, today: date
) -> tuple[str, ...]:
    """Plain sentences that say what the comparison shows and what it cannot."""
    matched = len(matching.pairs)
    lines = [
        "Not randomised: members were matched with colleagues on role and tenure only, so other "
        "differences (who chose to join, their managers, their plans) may explain any gap.",
        f"{matched} of {plural(members, 'member')} matched with "
        f"{plural(len(matching.controls), 'colleague')}; "
        f"outcomes from {start.isoformat()} to {today.isoformat()}.",
    ]
    if matching.unmatched:
        many = len(matching.unmatched) != 1
        lines.append(
            f"{plural(len(matching.unmatched), 'member')} had no match and "
            f"{'are' if many else 'is'} left out of the comparison (listed with the members)."
        )
    if matched < SMALL:
        lines.append(
            f"Small groups ({plural(matched, 'member')} matched): the intervals are wide, and "
            "only a large difference would show clearly."
        )
    for o in outcomes:
        lines.append(sentence(o))
    return tuple(lines)


def too_early(start: date, today: date) -> tuple[str, ...]:
    """The readout of a cohort that started fewer than MIN_DAYS days ago."""
    days = (today - start).days
    when = "today" if days == 0 else f"{plural(days, 'day')} ago"
    return (
        f"Too early to compare: the cohort started {when}. Outcomes show once {MIN_DAYS} days "
        f"have passed, from {date.fromordinal(start.toordinal() + MIN_DAYS).isoformat()}.",
    )


def sentence(o: Outcome) -> str:
    """One outcome in words."""
    if o.too_few or o.difference is None or o.low is None or o.high is None:
        return f"{o.label}: too few people to show."
    if o.kind == "share":
        diff = (
            f"{o.difference * 100:+.0f} points (95% CI {o.low * 100:+.0f} to {o.high * 100:+.0f})"
        )
    else:
        diff = f"{o.difference:+.2f} (95% CI {o.low:+.2f} to {o.high:+.2f})"
    if not o.clear:
        return f"{o.label}: {diff}; the interval includes 0: no clear difference."
    way = "higher" if o.difference > 0 else "lower"
    return (
        f"{o.label}: {diff}; {way} among members than among their matches — a difference, "
        "not proof the programme made it."
    )
