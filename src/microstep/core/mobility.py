"""Internal mobility metrics on a `History`: how often people move, how, how well and how fast.

Definitions (each figure on the /analytics page says the same in words):

- A *move* is any step but a person's first (their entry to the org) and but a hire.
- *Exposure* is each person's time in the org inside the window: from their first step to the
  day they left (their last step's end, for people no longer active) or today.
- *Moves per person-year* = moves started in the window / exposure, with the exact (Garwood)
  Poisson interval.
- *Share short* = short moves (stretch, rotation, temporary lead, shadowing, gig) / moves;
  *success* = outcome met / moves with an outcome, *partly* shown separately; Wilson intervals.
- *Median short-move length* is over short moves that have ended (an ongoing one has no length
  yet); *median time in a role* is a Kaplan-Meier median over lasting spells (a spell still
  running today, or cut short by leaving, is censored rather than dropped or counted as ended).
- *Time to target*: years from a person's first step to their first lasting step into the
  target role (or, with no target, to their first promotion). People who never reached it are
  censored at the day they left or today: the median is a Kaplan-Meier median, and the share
  who reached it is reported beside it. People hired straight into the target are left out.

Privacy. Groups (a team, a year) of fewer than `min_group` people are marked too few and carry
no figures, and so is every single figure resting on fewer than `min_group` people (a share
of moves made by two people, a median time to target of one who reached it). When the hidden
teams (and the people in no team) add up to fewer than `min_group` people, the smallest shown
team is hidden too, and likewise for years, so a hidden group is never the difference between
the total and its shown neighbours.

Everything runs on numpy columns built in one pass over the steps, so 100,000 people and
1,000,000 steps take seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from microstep.core.history import DAYS_PER_YEAR, History
from microstep.core.moves import SHORT_KINDS

MIN_GROUP = 3
CONFIDENCE = 0.95
Z = 1.959963984540054  # the 97.5th percentile of the standard normal

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Rate:
    """Events per person-year with its exact Poisson interval."""

    events: int
    person_years: float
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class Proportion:
    """hits / n with its Wilson interval (None figures when n is 0)."""

    hits: int
    n: int
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class Median:
    """A median with a distribution-free 95% interval (order statistics), or a KM median."""

    n: int  # observations (for Kaplan-Meier: people at risk at the start)
    events: int  # of which ended (uncensored); equals n for a plain median
    value: float | None  # None: no observations, or half never reached the event
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class GroupMetrics:
    """The figures of one group of people (everyone in scope, a team, or a calendar year)."""

    key: str  # "all", a team id, or a year
    label: str
    people: int | None  # None: hidden (too few, or hidden so that a too-few group stays hidden)
    too_few: bool
    rate: Rate | None
    short: Proportion | None
    success: Proportion | None
    partly: Proportion | None
    short_days: Median | None
    role_years: Median | None
    to_target: Median | None  # years; None in the by-year breakdown
    reached: Proportion | None  # people who reached the target / people counted


@dataclass(frozen=True, slots=True)
class MobilityMetrics:
    """Everything the mobility overview shows."""

    window_start: date
    window_end: date
    target: int | None  # the target role, None: first promotion
    target_label: str
    overall: GroupMetrics
    by_team: tuple[GroupMetrics, ...]
    by_year: tuple[GroupMetrics, ...]


# ----------------------------------------------------------------------------- intervals


def poisson_rate(events: int, exposure: float, confidence: float = CONFIDENCE) -> Rate:
    """Events per unit exposure with the exact (Garwood, chi-square) interval."""
    if exposure <= 0:
        return Rate(events, exposure, None, None, None)
    alpha = 1 - confidence
    low = 0.0 if events == 0 else float(stats.chi2.ppf(alpha / 2, 2 * events)) / 2
    high = float(stats.chi2.ppf(1 - alpha / 2, 2 * events + 2)) / 2
    return Rate(events, exposure, events / exposure, low / exposure, high / exposure)


def wilson(hits: int, n: int, z: float = Z) -> Proportion:
    """A proportion with its Wilson score interval."""
    if n <= 0:
        return Proportion(hits, n, None, None, None)
    p = hits / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Proportion(hits, n, p, max(0.0, centre - half), min(1.0, centre + half))


def median_ci(values: FloatArray, confidence: float = CONFIDENCE) -> Median:
    """The median with the distribution-free interval from binomial order statistics."""
    n = int(values.size)
    if n == 0:
        return Median(0, 0, None, None, None)
    ordered = np.sort(values)
    value = float(np.median(ordered))
    j = int(stats.binom.ppf((1 - confidence) / 2, n, 0.5))  # lower order statistic (1-based)
    if j < 1:
        return Median(n, n, value, None, None)  # too few for a 95% interval
    return Median(n, n, value, float(ordered[j - 1]), float(ordered[n - j]))


def km_median(durations: FloatArray, events: BoolArray) -> Median:
    """The Kaplan-Meier median with a interval read off the Greenwood
    pointwise band of the survival curve (None where the curve never crosses)."""
    n = int(durations.size)
    n_events = int(events.sum())
    if n == 0 or n_events == 0:
        return Median(n, n_events, None, None, None)
    order = np.argsort(durations, kind="stable")
    d, e = durations[order], events[order]
    times, first = np.unique(d, return_index=True)
    died = np.add.reduceat(e.astype(np.int64), first)
    at_risk = d.size - first
    keep = died > 0
    times, died, at_risk = times[keep], died[keep], at_risk[keep]
    surv = np.cumprod(1 - died / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        green = np.cumsum(died / (at_risk * np.maximum(at_risk - died, 1)))
    se = surv * np.sqrt(green)
    value = _first_below(times, surv)
    low = _first_below(times, surv - Z * se)  # the lower band crosses a half first
    high = _first_below(times, surv + Z * se)
    return Median(n, n_events, value, low, high)


def _first_below(times: FloatArray, curve: NDArray[np.floating[Any]]) -> float | None:
    hit = np.nonzero(curve <= 0.5)[0]
    return float(times[hit[0]]) if hit.size else None


# ----------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Columns:
    """The history as numpy columns (one row per step, one per person), built once."""

    person: IntArray  # step -> person index
    role: IntArray
    start: IntArray  # ordinal days
    end: IntArray  # ordinal days; -1 while ongoing
    short: BoolArray
    promotion: BoolArray
    move: BoolArray  # not a first step, not a hire
    met: BoolArray
    partly: BoolArray
    judged: BoolArray
    ids: IntArray  # person index -> person id
    team: IntArray  # person index -> team id, -1 none
    entry: IntArray  # person index -> first step's day (-1: no steps)
    exit: IntArray  # person index -> left on, else today
    left: BoolArray  # person index -> not active


def columns(history: History) -> Columns:
    """One pass over the steps into numpy columns."""
    ids = list(history.people)
    index = {pid: i for i, pid in enumerate(ids)}
    steps = [s for s in history.steps if s.person in index]
    n = len(steps)
    person = np.fromiter((index[s.person] for s in steps), np.int64, n)
    role = np.fromiter((s.role for s in steps), np.int64, n)
    start = np.fromiter((s.start.toordinal() for s in steps), np.int64, n)
    end = np.fromiter((s.end.toordinal() if s.end else -1 for s in steps), np.int64, n)
    kinds = [s.kind for s in steps]
    outcomes = [s.outcome for s in steps]
    short = np.fromiter((k in SHORT_KINDS for k in kinds), np.bool_, n)
    hire = np.fromiter((k == "hire" for k in kinds), np.bool_, n)
    promotion = np.fromiter((k == "promotion" for k in kinds), np.bool_, n)
    met = np.fromiter((o == "met" for o in outcomes), np.bool_, n)
    partly = np.fromiter((o == "partly" for o in outcomes), np.bool_, n)
    judged = np.fromiter((o is not None for o in outcomes), np.bool_, n)
    first = np.ones(n, np.bool_)
    first[1:] = person[1:] != person[:-1]  # steps are ordered by person, then start
    today = history.today.toordinal()
    m = len(ids)
    entry = np.full(m, -1, np.int64)
    entry[person[first]] = start[first]
    last = np.full(m, -1, np.int64)
    np.maximum.at(last, person, np.where(end >= 0, end, start))
    left = np.fromiter((not history.people[p].active for p in ids), np.bool_, m)
    exit_ = np.where(left & (last >= 0), np.minimum(last, today), today)
    team = np.fromiter(
        (-1 if history.people[p].team is None else history.people[p].team for p in ids),
        np.int64,
        m,
    )
    return Columns(
        person=person,
        role=role,
        start=start,
        end=end,
        short=short,
        promotion=promotion,
        move=~first & ~hire,
        met=met,
        partly=partly,
        judged=judged,
        ids=np.asarray(ids, np.int64),
        team=team,
        entry=entry,
        exit=exit_,
        left=left,
    )


# ----------------------------------------------------------------------------- metrics


def metrics(
    history: History,
    *,
    target: int | None = None,
    start: date | None = None,
    end: date | None = None,
    min_group: int = MIN_GROUP,
    cols: Columns | None = None,
) -> MobilityMetrics:
    """Mobility metrics of everyone in `history`, by team and by calendar year."""
    c = cols or columns(history)
    has = c.entry >= 0
    first_day = int(c.entry[has].min()) if has.any() else history.today.toordinal()
    ws = start.toordinal() if start else first_day
    we = min(end.toordinal() if end else history.today.toordinal(), history.today.toordinal())
    ws = min(ws, we)
    spells = _role_spells(c)
    reach = _to_target(c, target)
    everyone = _Rows(
        np.arange(c.ids.size, dtype=np.int64),
        np.arange(c.person.size, dtype=np.int64),
        np.arange(spells.person.size, dtype=np.int64),
    )
    stop = we + 1  # the window is [ws, we], today included
    overall = _group(c, everyone, "all", "Everyone", ws, stop, spells, reach, min_group)
    split = _split(c, spells)
    counts = {team: _present(c, rows.people, ws, stop) for team, rows in split.items()}
    hidden = suppressed(counts, _present(c, c.ids[:0], ws, stop, teamless=True), min_group)
    teams = []
    for team, rows in split.items():
        label = history.teams.get(team, f"Team {team}")
        if team in hidden:
            teams.append(hidden_group(str(team), label))
        else:
            teams.append(_group(c, rows, str(team), label, ws, stop, spells, reach, min_group))
    spans = {
        year: (max(ws, date(year, 1, 1).toordinal()), min(stop, date(year + 1, 1, 1).toordinal()))
        for year in range(date.fromordinal(ws).year, date.fromordinal(we).year + 1)
    }
    quiet = _quiet_years(c, spans, min_group)
    years = [
        hidden_group(str(year), str(year))
        if year in quiet
        else _group(c, everyone, str(year), str(year), ys, ye, spells, None, min_group)
        for year, (ys, ye) in spans.items()
    ]
    return MobilityMetrics(
        window_start=date.fromordinal(ws),
        window_end=date.fromordinal(we),
        target=target,
        target_label=history.title(target) if target is not None else "first promotion",
        overall=overall,
        by_team=tuple(sorted(teams, key=lambda g: g.label.lower())),
        by_year=tuple(years),
    )


def hidden_group(key: str, label: str) -> GroupMetrics:
    """A group shown only as "too few to show": no figures, not even its head count."""
    return GroupMetrics(key, label, None, True, *([None] * 8))


def suppressed(counts: dict[int, int], teamless: int, min_group: int = MIN_GROUP) -> set[int]:
    """The teams to hide: those of fewer than `min_group` people, and then the smallest shown
    ones until the hidden people (with those in no team) are none or at least `min_group`, so
    no hidden team can be worked out as the total minus the shown teams."""
    hidden = {t for t, n in counts.items() if n < min_group}
    shown = sorted((n, t) for t, n in counts.items() if t not in hidden)
    while shown and 0 < teamless + sum(counts[t] for t in hidden) < min_group:
        hidden.add(shown.pop(0)[1])
    return hidden


def suppressed_teams(history: History, min_group: int = MIN_GROUP) -> set[int]:
    """The teams `metrics` hides over the whole history (for a view narrowed to one team: a
    team hidden in its organization's breakdown is hidden when asked for alone too)."""
    c = columns(history)
    stop = history.today.toordinal() + 1
    has = c.entry >= 0
    ws = int(c.entry[has].min()) if has.any() else stop - 1
    teams = np.unique(c.team[c.team >= 0]).tolist()
    counts = {t: _present(c, np.nonzero(c.team == t)[0], ws, stop) for t in teams}
    return suppressed(counts, _present(c, c.ids[:0], ws, stop, teamless=True), min_group)


def _present(c: Columns, people: IntArray, ws: int, we: int, *, teamless: bool = False) -> int:
    """How many of `people` (or, with `teamless`, of the people in no team) were in the org
    for some of [ws, we)."""
    rows = np.nonzero(c.team < 0)[0] if teamless else people
    inside = (c.entry[rows] >= 0) & (np.minimum(c.exit[rows], we) > np.maximum(c.entry[rows], ws))
    return int(inside.sum())


def _quiet_years(c: Columns, spans: dict[int, tuple[int, int]], min_group: int) -> set[int]:
    """The years to hide: fewer than `min_group` people in the org, and then the smallest shown
    year while the people of the hidden years number 1 to `min_group` - 1 (the years add up to
    the headline's moves, so one hidden year would be the total minus the others)."""
    everyone = np.arange(c.ids.size, dtype=np.int64)

    def there(ys: int, ye: int) -> BoolArray:
        return (c.entry >= 0) & (np.minimum(c.exit, ye) > np.maximum(c.entry, ys))

    present = {y: there(*span) for y, span in spans.items()}
    counts = {y: int(mask.sum()) for y, mask in present.items()}
    hidden = {y for y, n in counts.items() if n < min_group}
    shown = sorted((n, y) for y, n in counts.items() if y not in hidden)
    while shown:
        union = np.zeros(everyone.size, np.bool_)
        for y in hidden:
            union |= present[y]
        if not 0 < int(union.sum()) < min_group:
            break
        hidden.add(shown.pop(0)[1])
    return hidden


@dataclass(frozen=True)
class _Spells:
    person: IntArray
    start: IntArray
    years: FloatArray
    ended: BoolArray


@dataclass(frozen=True)
class _Reach:
    eligible: BoolArray  # person index -> counted
    years: FloatArray
    reached: BoolArray


def _role_spells(c: Columns) -> _Spells:
    """Lasting steps as spells in a role: to the next lasting step, else censored at exit."""
    lasting = np.nonzero(~c.short)[0]
    person = c.person[lasting]
    start = c.start[lasting]
    nxt = np.empty_like(start)
    same = np.zeros(lasting.size, np.bool_)
    if lasting.size:
        same[:-1] = person[1:] == person[:-1]
        nxt[:-1] = start[1:]
    stop = np.where(same, nxt, c.exit[person] if person.size else nxt)
    ended = same.copy()  # a spell that ends in leaving is censored: the role did not end by a move
    years = np.maximum(stop - start, 0) / DAYS_PER_YEAR
    return _Spells(person, start, years.astype(np.float64), ended)


def _to_target(c: Columns, target: int | None) -> _Reach:
    """Years from entry to the first lasting step into the target (or first promotion)."""
    m = c.ids.size
    if target is None:
        hit = c.promotion & c.move
        already = np.zeros(m, np.bool_)
    else:
        into = (c.role == target) & ~c.short
        hit = into & c.move
        first = np.ones(c.person.size, np.bool_)
        first[1:] = c.person[1:] != c.person[:-1]
        already = np.zeros(m, np.bool_)
        already[c.person[first & (c.role == target)]] = True
    when = np.full(m, -1, np.int64)
    rows = np.nonzero(hit)[0]
    persons, firsts = np.unique(c.person[rows], return_index=True)
    when[persons] = c.start[rows[firsts]]
    reached = when >= 0
    stop = np.where(reached, when, c.exit)
    eligible = (c.entry >= 0) & ~already
    years = np.maximum(stop - c.entry, 0) / DAYS_PER_YEAR
    return _Reach(eligible, years.astype(np.float64), reached)


@dataclass(frozen=True)
class _Rows:
    """The rows of one group: its people, their steps and their spells (index arrays)."""

    people: IntArray
    steps: IntArray
    spells: IntArray


def _split(c: Columns, spells: _Spells) -> dict[int, _Rows]:
    """team -> its rows, from one stable sort per array (not one full pass per team)."""
    out: dict[int, _Rows] = {}
    parts = []
    for team_of in (c.team, c.team[c.person], c.team[spells.person]):
        order = np.argsort(team_of, kind="stable")
        keys, first = np.unique(team_of[order], return_index=True)
        chunks = np.split(order, first[1:]) if order.size else []
        parts.append(dict(zip(keys.tolist(), chunks, strict=True)))
    empty = np.zeros(0, np.int64)
    for team in parts[0]:
        if team != -1:
            out[team] = _Rows(parts[0][team], parts[1].get(team, empty), parts[2].get(team, empty))
    return out


def _group(
    c: Columns,
    rows: _Rows,
    key: str,
    label: str,
    ws: int,
    we: int,
    spells: _Spells,
    reach: _Reach | None,
    min_group: int,
) -> GroupMetrics:
    """The figures of the people in `rows`, over the window [ws, we)."""
    p = rows.people
    exposure_days = np.clip(np.minimum(c.exit[p], we) - np.maximum(c.entry[p], ws), 0, None)
    exposure_days = np.where(c.entry[p] >= 0, exposure_days, 0)
    people = int((exposure_days > 0).sum())
    if people < min_group:
        return hidden_group(key, label)
    st = rows.steps
    start = c.start[st]
    who = c.person[st]

    def enough(mask: BoolArray) -> bool:  # the steps in `mask` are of min_group people or more
        return _distinct(who[mask]) >= min_group

    moves = (start >= ws) & (start < we) & c.move[st]
    n_moves = int(moves.sum())
    short_moves = moves & c.short[st]
    judged = moves & c.judged[st]
    ended_short = short_moves & (c.end[st] >= 0)
    short_days = (c.end[st][ended_short] - start[ended_short]).astype(np.float64)
    sp = rows.spells
    in_spells = sp[(spells.start[sp] >= ws) & (spells.start[sp] < we)]
    spell_people = spells.person[in_spells]
    role_years = None
    if (
        _distinct(spell_people) >= min_group
        and _distinct(spell_people[spells.ended[in_spells]]) >= min_group
    ):
        role_years = km_median(spells.years[in_spells], spells.ended[in_spells])
    to_target, reached = None, None
    if reach is not None:
        counted = p[reach.eligible[p]]
        hits = int(reach.reached[counted].sum())
        if counted.size >= min_group and hits >= min_group:
            to_target = km_median(reach.years[counted], reach.reached[counted])
        if counted.size >= min_group and not 0 < hits < min_group:
            reached = wilson(hits, int(counted.size))
    return GroupMetrics(
        key=key,
        label=label,
        people=people,
        too_few=False,
        rate=poisson_rate(n_moves, float(exposure_days.sum()) / DAYS_PER_YEAR),
        short=wilson(int(short_moves.sum()), n_moves) if enough(moves) else None,
        success=(
            wilson(int((judged & c.met[st]).sum()), int(judged.sum())) if enough(judged) else None
        ),
        partly=(
            wilson(int((judged & c.partly[st]).sum()), int(judged.sum()))
            if enough(judged)
            else None
        ),
        short_days=median_ci(short_days) if enough(ended_short) else None,
        role_years=role_years,
        to_target=to_target,
        reached=reached,
    )


def _distinct(people: IntArray) -> int:
    """How many different people in `people` (one sort, then count the changes of value)."""
    if people.size == 0:
        return 0
    ordered = np.sort(people)
    return int(1 + np.count_nonzero(ordered[1:] != ordered[:-1]))


def roles_reached(
    history: History, cols: Columns | None = None, min_group: int = MIN_GROUP
) -> list[tuple[int, int]]:
    """(role, people who moved into it by a lasting move), most first: the target picker.

    Only roles of `history.roles` (the ones the organization's records name), and only those
    `min_group` people or more moved into (a smaller count would point at the people)."""
    c = cols or columns(history)
    rows = c.move & ~c.short
    if not rows.any():
        return []
    pairs = np.unique(np.stack([c.role[rows], c.person[rows]]), axis=1)
    roles, counts = np.unique(pairs[0], return_counts=True)
    found = sorted(zip(roles.tolist(), counts.tolist(), strict=True), key=lambda rc: -rc[1])
    return [(int(r), int(n)) for r, n in found if n >= min_group and int(r) in history.roles]
