"""What the market asks for, and what to learn next: pure arithmetic on postings and flags.

Demand: for each ESCO skill, how many imported postings name it, their share of all postings,
counts per month, and a trend.

Trend rule: the postings of the last 90 days up to the newest posting are compared with those of
the 90 days before. When the postings cover less than 180 days, the two halves of what they
cover are compared instead (at least 28 days each). A skill is *rising* when its share of
postings in the recent window is at least 1.5 times its earlier share and at least 5 points
higher; *falling* in the mirror case; *steady* otherwise. With fewer than 5 postings in either
window, or fewer than 3 postings naming the skill in the two together, the trend is *too few
postings*: a personal import is small, and a direction read from two postings would be noise.

What to learn next: score = demand x relevance x gap, each in [0, 1].
- demand: the share of postings naming the skill, times 1.25 when rising or 0.75 when falling
  (at most 1); combined with O*NET's flags for the target occupation (In Demand 0.5, Hot
  Technology 0.3) as 1 - (1 - postings)(1 - O*NET), so either signal raises it.
- relevance to the objective: essential for the target occupation 1, optional 0.6, on the
  skill map for this objective (or for none in particular) 0.8 unless essential, otherwise 0.3;
  with no occupation set, 0.8 on the map and 0.5 otherwise.
- gap: (target - current) / 3, at most 1, for a skill on the map; 0.8 for one not on the map
  yet (its level is unknown, probably low); 0 once the target is reached.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

WINDOW_DAYS = 90
MIN_WINDOW_DAYS = 28
MIN_POSTINGS = 5  # in each window
MIN_MENTIONS = 3  # of the skill, both windows together
RATIO = 1.5
MIN_CHANGE = 0.05  # five points of share
MONTHS = 12  # months shown in the monthly counts
TREND_FACTOR = {"rising": 1.25, "falling": 0.75}
IN_DEMAND, HOT = 0.5, 0.3
ESSENTIAL, OPTIONAL, ON_MAP, UNLISTED, NO_ROLE = 1.0, 0.6, 0.8, 0.3, 0.5
NOT_ON_MAP = 0.8
FULL_GAP = 3  # levels: a gap this wide or wider counts in full
TREND_RULE = (
    "Rising or falling when a skill's share of postings in the last 90 days (up to the newest "
    "posting) is at least 1.5 times, and 5 points, above or below its share in the 90 days "
    "before; with under 180 days of postings, the two halves are compared. Fewer than 5 "
    "postings in a window, or fewer than 3 naming the skill, is too few to tell."
)


class Trend(StrEnum):
    """Which way a skill's share of postings is going."""

    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"
    UNCLEAR = "too few postings"


@dataclass(frozen=True)
class PostingSkills:
    """One posting: its day and the ESCO skills found in it."""

    posted_on: date
    skills: frozenset[str]


@dataclass(frozen=True)
class Windows:
    """The two periods the trend compares, both ends included."""

    before_start: date
    before_end: date
    recent_start: date
    recent_end: date

    def which(self, day: date) -> str | None:
        """'recent', 'before' or None for a day outside both."""
        if self.recent_start <= day <= self.recent_end:
            return "recent"
        if self.before_start <= day <= self.before_end:
            return "before"
        return None


@dataclass(frozen=True)
class MonthCount:
    """Postings in one calendar month."""

    month: date  # its first day
    postings: int


@dataclass(frozen=True)
class SkillDemand:
    """How often the postings name one skill, and which way it goes."""

    uri: str
    count: int
    share: float
    recent: int
    before: int
    trend: Trend
    months: tuple[int, ...]  # postings naming it, per month of Demand.months


@dataclass(frozen=True)
class Demand:
    """Demand over all imported postings, most named skill first."""

    total: int
    first: date | None
    last: date | None
    windows: Windows | None
    recent_postings: int
    before_postings: int
    months: tuple[MonthCount, ...]
    skills: tuple[SkillDemand, ...]

    def of(self, uri: str) -> SkillDemand | None:
        """The demand for one skill, if any posting names it."""
        return next((s for s in self.skills if s.uri == uri), None)


def trend_windows(first: date, last: date) -> Windows:
    """90 days up to `last` and the 90 before, or the two halves of a shorter span."""
    span = (last - first).days + 1
    halves = max(MIN_WINDOW_DAYS, (span + 1) // 2)  # rounded up: the oldest day stays in
    days = WINDOW_DAYS if span >= 2 * WINDOW_DAYS else halves
    recent_start = last - timedelta(days=days - 1)
    before_end = recent_start - timedelta(days=1)
    return Windows(before_end - timedelta(days=days - 1), before_end, recent_start, last)


def trend(recent: int, recent_total: int, before: int, before_total: int) -> Trend:
    """The direction of a skill's share between two windows (see the module's rule)."""
    if min(recent_total, before_total) < MIN_POSTINGS or recent + before < MIN_MENTIONS:
        return Trend.UNCLEAR
    now, then = recent / recent_total, before / before_total
    if _at_least(now - then, MIN_CHANGE) and _at_least(now, RATIO * then):
        return Trend.RISING
    if _at_least(then - now, MIN_CHANGE) and _at_least(then, RATIO * now):
        return Trend.FALLING
    return Trend.STEADY


def _at_least(value: float, bound: float) -> bool:
    """value >= bound, where 0.3 against 1.5 x 0.2 counts as equal (floats miss by 1e-17)."""
    return value >= bound - 1e-9


def month_of(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def month_range(last: date, first: date, limit: int = MONTHS) -> list[date]:
    """First days of the months from `first`'s to `last`'s, at most the last `limit`."""
    months = [month_of(last)]
    while len(months) < limit and months[-1] > month_of(first):
        months.append(month_of(months[-1] - timedelta(days=1)))
    return months[::-1]


def market_demand(postings: Sequence[PostingSkills]) -> Demand:
    """Counts, shares, months and trends of every skill the postings name."""
    if not postings:
        return Demand(0, None, None, None, 0, 0, (), ())
    first = min(p.posted_on for p in postings)
    last = max(p.posted_on for p in postings)
    windows = trend_windows(first, last)
    months = month_range(last, first)
    place = {month: index for index, month in enumerate(months)}
    totals = Counter(windows.which(p.posted_on) for p in postings)
    per_month = Counter(month_of(p.posted_on) for p in postings)
    tallies: dict[str, _Tally] = {}
    for posting in postings:
        slot = place.get(month_of(posting.posted_on))
        side = windows.which(posting.posted_on)
        for uri in posting.skills:
            tallies.setdefault(uri, _Tally(len(months))).add(slot, side)
    skills = [
        tally.demand(uri, len(postings), totals["recent"], totals["before"])
        for uri, tally in tallies.items()
    ]
    skills.sort(key=lambda s: (-s.count, s.uri))
    return Demand(
        total=len(postings),
        first=first,
        last=last,
        windows=windows,
        recent_postings=totals["recent"],
        before_postings=totals["before"],
        months=tuple(MonthCount(m, per_month[m]) for m in months),
        skills=tuple(skills),
    )


class _Tally:
    """Running counts of one skill."""

    def __init__(self, months: int) -> None:
        self.count = 0
        self.sides: Counter[str | None] = Counter()
        self.months = [0] * months

    def add(self, slot: int | None, side: str | None) -> None:
        self.count += 1
        self.sides[side] += 1
        if slot is not None:
            self.months[slot] += 1

    def demand(self, uri: str, total: int, recent_total: int, before_total: int) -> SkillDemand:
        recent, before = self.sides["recent"], self.sides["before"]
        return SkillDemand(
            uri=uri,
            count=self.count,
            share=self.count / total,
            recent=recent,
            before=before,
            trend=trend(recent, recent_total, before, before_total),
            months=tuple(self.months),
        )


# ---------------------------------------------------------------- what to learn next


@dataclass(frozen=True)
class OnetFlag:
    """A technology O*NET flags for the target occupation, linked to an ESCO skill."""

    uri: str
    technology: str
    hot: bool
    in_demand: bool


@dataclass(frozen=True)
class RoleSkills:
    """The target occupation and its ESCO skills."""

    label: str
    essential: frozenset[str]
    optional: frozenset[str]
    onet_title: str | None = None


@dataclass(frozen=True)
class MapSkill:
    """A skill on the person's map, linked to ESCO."""

    uri: str
    name: str
    current: int
    target: int
    for_objective: bool  # serves the objective, or no objective in particular


@dataclass(frozen=True)
class Factor:
    """One factor of a suggestion's score, in [0, 1], and why it has that value."""

    value: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    """A skill worth learning next, with its score and the reasons behind it."""

    uri: str
    score: float
    demand: Factor
    relevance: Factor
    gap: Factor

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every reason, demand first."""
        return self.demand.reasons + self.relevance.reasons + self.gap.reasons


def learn_next(
    demand: Demand,
    *,
    onet: Sequence[OnetFlag] = (),
    role: RoleSkills | None = None,
    skill_map: Sequence[MapSkill] = (),
    top: int = 10,
) -> list[Suggestion]:
    """The `top` skills by demand x relevance x gap; skills scoring 0 are left out."""
    flags: dict[str, list[OnetFlag]] = {}
    for flag in onet:
        flags.setdefault(flag.uri, []).append(flag)
    mapped: dict[str, list[MapSkill]] = {}
    for entry in skill_map:
        mapped.setdefault(entry.uri, []).append(entry)
    candidates = dict.fromkeys([s.uri for s in demand.skills] + list(flags))
    found = []
    for uri in candidates:
        parts = (
            demand_factor(demand, uri, flags.get(uri, ()), role),
            relevance_factor(uri, role, mapped.get(uri, ())),
            gap_factor(mapped.get(uri, ())),
        )
        score = round(parts[0].value * parts[1].value * parts[2].value, 4)
        if score > 0:
            found.append(Suggestion(uri, score, *parts))
    found.sort(key=lambda s: (-s.score, -s.demand.value, s.uri))
    return found[:top]


def demand_factor(
    demand: Demand, uri: str, flags: Iterable[OnetFlag], role: RoleSkills | None
) -> Factor:
    """Share of postings (trend-weighted) combined with O*NET's flags."""
    reasons: list[str] = []
    postings = 0.0
    named = demand.of(uri)
    if named is not None:
        postings = min(1.0, named.share * TREND_FACTOR.get(named.trend.value, 1.0))
        reasons.append(posting_reason(named, demand.total))
    best = max(flags, key=flag_weight, default=None)
    onet = flag_weight(best) if best is not None else 0.0
    if best is not None and onet > 0:
        reasons.append(onet_reason(best, role))
    return Factor(round(1 - (1 - postings) * (1 - onet), 4), tuple(reasons))


def flag_weight(flag: OnetFlag) -> float:
    """In Demand weighs more than Hot Technology; a technology with neither flag adds nothing."""
    return IN_DEMAND if flag.in_demand else HOT if flag.hot else 0.0


def posting_reason(named: SkillDemand, total: int) -> str:
    """'named in 14 of 40 postings (35%), rising'."""
    text = f"named in {named.count} of {total} posting{'' if total == 1 else 's'}"
    text += f" ({named.share:.0%})"
    if named.trend is not Trend.UNCLEAR:
        text += f", {named.trend.value}"
    return text


def onet_reason(flag: OnetFlag, role: RoleSkills | None) -> str:
    """'O*NET lists Python as in demand for Data Scientists'."""
    what = "in demand" if flag.in_demand else "a hot technology"
    where = role.onet_title if role is not None and role.onet_title else "the target role"
    return f"O*NET lists {flag.technology} as {what} for {where}"


def relevance_factor(uri: str, role: RoleSkills | None, mapped: Sequence[MapSkill]) -> Factor:
    """How much the skill matters for the objective's occupation."""
    on_map = any(entry.for_objective for entry in mapped)
    if role is None:
        if on_map:
            return Factor(ON_MAP, ("on your skill map",))
        return Factor(NO_ROLE, ("no target role set, so relevance is not weighed",))
    if uri in role.essential:
        return Factor(ESSENTIAL, (f"essential for {role.label}",))
    if uri in role.optional:
        if on_map:
            return Factor(ON_MAP, (f"optional for {role.label}, on your skill map",))
        return Factor(OPTIONAL, (f"optional for {role.label}",))
    if on_map:
        return Factor(ON_MAP, ("on your skill map",))
    return Factor(UNLISTED, (f"not listed for {role.label}",))


def gap_factor(mapped: Sequence[MapSkill]) -> Factor:
    """How far the person is from their aim; the widest gap when two map entries share a skill."""
    if not mapped:
        return Factor(NOT_ON_MAP, ("not on your map yet",))
    widest = max(mapped, key=lambda entry: entry.target - entry.current)
    gap = widest.target - widest.current
    if gap <= 0:
        return Factor(0.0, (f"you reached your target of {widest.target}",))
    value = round(min(1.0, gap / FULL_GAP), 4)
    return Factor(value, (f"you are at {widest.current}, aiming for {widest.target}",))


def why(suggestion: Suggestion) -> str:
    """The reasons as one sentence."""
    text = "; ".join(suggestion.reasons)
    return text[:1].upper() + text[1:] + "."
