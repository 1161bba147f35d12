"""Use case: the mobility overview of the viewer's slice (HR: the org; managers: their teams).

The maths is core/mobility.py; here the slice is chosen (services/analytics.scope), the target
role resolved, the figures turned into schemas, and the charts' geometry computed for the page
(x in percent of the width, y in pixels, so text keeps its size at 390 and at 1280 px).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from microstep.core import mobility as core
from microstep.core.history import History
from microstep.core.text import is_digits
from microstep.errors import InvalidInput, NotFound
from microstep.services import analytics
from microstep.services.context import Context
from microstep.services.mobility_schemas import (
    GroupPublic,
    MedianPublic,
    MobilityPublic,
    RatePublic,
    RoleOption,
    SharePublic,
)

NOTES = (
    "A move is any step after joining except a hire; exposure is each person's time in the org "
    "(to the day they left, or today).",
    "Moves per person-year carry an exact Poisson 95% interval; shares a Wilson 95% interval.",
    "Success is outcome met of the moves with an outcome; partly met is shown beside it.",
    "Short-move length is the median of short moves that have ended.",
    "Time in a role and time to target are Kaplan-Meier medians: people still in the role, or "
    "who have not reached the target (yet, or before leaving), count as censored, not dropped.",
    "People hired straight into the target role are left out of time to target.",
    "A figure resting on fewer than three people (a median time to target of one or two who "
    "reached it, a share of two people's moves) is not shown; nor is a team or year that "
    "could be worked out from the total and the others shown.",
)


def mobility(
    ctx: Context, team_id: int | None = None, target: int | str | None = None
) -> MobilityPublic:
    """Mobility metrics of the viewer's slice (one team with `team_id`), with time to
    `target` (a role id or title; None: time to first promotion)."""
    with ctx.db.transaction() as session:
        slice_ = analytics.scope(session, ctx, team_id)
        history = analytics.history(session, ctx, slice_)
        teams = slice_.team_options()
        hidden = False
        if team_id is not None:
            # A team hidden in the breakdown of the viewer's whole slice stays hidden when asked
            # for alone (else it would be that slice minus the teams shown there).
            whole = analytics.history(session, ctx, analytics.scope(session, ctx))
            hidden = team_id in core.suppressed_teams(whole, analytics.MIN_GROUP)
    cols = core.columns(history)
    role = resolve_target(history, target)
    found = core.metrics(history, target=role, min_group=analytics.MIN_GROUP, cols=cols)
    reached = core.roles_reached(history, cols, analytics.MIN_GROUP)
    targets = [RoleOption(id=r, title=history.title(r), people=n) for r, n in reached]
    if role is not None and role not in {t.id for t in targets}:
        targets.insert(0, RoleOption(id=role, title=history.title(role), people=None))
    overall, by_team, by_year = found.overall, found.by_team, found.by_year
    if hidden:
        overall = core.hidden_group(overall.key, overall.label)
        by_team = tuple(core.hidden_group(g.key, g.label) for g in by_team)
        by_year = tuple(core.hidden_group(g.key, g.label) for g in by_year)
    return MobilityPublic(
        scope=slice_.label,
        team_id=team_id,
        window_start=found.window_start,
        window_end=found.window_end,
        target_id=role,
        target_label=found.target_label,
        min_group=analytics.MIN_GROUP,
        overall=group_public(overall),
        by_team=[group_public(g) for g in by_team],
        by_year=[group_public(g) for g in by_year],
        targets=targets,
        teams=teams,
        notes=list(NOTES),
    )


def resolve_target(history: History, target: int | str | None) -> int | None:
    """A role id from an id or a title; refuses one the organization does not have."""
    if target is None or (isinstance(target, str) and not target.strip()):
        return None
    found = history.find_role(target)
    if found is not None:
        return found
    if isinstance(target, int) or is_digits(target.strip()):
        raise NotFound(f"There is no role number {target}.")
    raise InvalidInput(
        f"No role of the organization is called '{target.strip()[:80]}'.", field="target"
    )


def group_public(g: core.GroupMetrics) -> GroupPublic:
    """A group's figures as the API shows them."""
    return GroupPublic(
        key=g.key,
        label=g.label,
        people=g.people,
        too_few=g.too_few,
        moves_per_person_year=_rate(g.rate),
        short_share=_share(g.short),
        success=_share(g.success),
        partly=_share(g.partly),
        short_move_days=_median(g.short_days),
        years_in_role=_median(g.role_years),
        years_to_target=_median(g.to_target),
        reached_target=_share(g.reached),
    )


def _rate(r: core.Rate | None) -> RatePublic | None:
    if r is None:
        return None
    return RatePublic(
        events=r.events,
        person_years=round(r.person_years, 2),
        value=rounded(r.value),
        low=rounded(r.low),
        high=rounded(r.high),
    )


def _share(p: core.Proportion | None) -> SharePublic | None:
    if p is None:
        return None
    return SharePublic(
        hits=p.hits, n=p.n, value=rounded(p.value), low=rounded(p.low), high=rounded(p.high)
    )


def _median(m: core.Median | None) -> MedianPublic | None:
    if m is None:
        return None
    return MedianPublic(
        n=m.n, events=m.events, value=rounded(m.value), low=rounded(m.low), high=rounded(m.high)
    )


def rounded(value: float | None, digits: int = 4) -> float | None:
    """A figure rounded for the API (None stays None); cohorts use it too."""
    return None if value is None else round(value, digits)


# ----------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Column:
    """One column (or dot) of a chart over the years, with its interval's whisker."""

    label: str
    x: float  # percent
    width: float  # percent
    y: float  # px, top of the column or the dot
    height: float  # px
    low_y: float | None
    high_y: float | None
    title: str
    too_few: bool


@dataclass(frozen=True)
class YearChart:
    """A chart over calendar years: columns (rates) or dots joined by a line (shares)."""

    height: int
    baseline: float
    columns: tuple[Column, ...]
    segments: tuple[tuple[float, float, float, float], ...]  # x1 %, y1, x2 %, y2
    top_label: str


@dataclass(frozen=True)
class Bar:
    """One team's bar with its interval."""

    label: str
    y: float
    width: float  # percent of the plot width
    low: float | None  # percent
    high: float | None
    title: str
    too_few: bool
    text: str = ""


@dataclass(frozen=True)
class TeamChart:
    """Moves per person-year by team, as horizontal bars."""

    height: int
    bars: tuple[Bar, ...]
    row: int
    bar_y: int
    bar_height: int
    scale_label: str


PLOT = 150  # px of the plot area in year charts
TOP = 18


def year_rate_chart(result: MobilityPublic) -> YearChart:
    """Moves per person-year by calendar year, columns with 95% whiskers."""
    rows = [(g, g.moves_per_person_year) for g in result.by_year]
    top = max([r.high or r.value or 0 for _, r in rows if r and r.value is not None] + [0.1])
    return _year_chart(
        [
            (g.label, r.value if r else None, r.low if r else None, r.high if r else None, g)
            for g, r in rows
        ],
        top,
        lambda v: f"{v:.2f}",
        "moves per person-year",
        dots=False,
    )


def year_short_chart(result: MobilityPublic) -> YearChart:
    """The share of moves that were short, by year: dots joined by a line, 95% whiskers."""
    rows = [(g, g.short_share) for g in result.by_year]
    return _year_chart(
        [
            (g.label, s.value if s else None, s.low if s else None, s.high if s else None, g)
            for g, s in rows
        ],
        1.0,
        lambda v: f"{v * 100:.0f}%",
        "share of moves that were short",
        dots=True,
    )


def _year_chart(
    points: list[tuple[str, float | None, float | None, float | None, GroupPublic]],
    top: float,
    show: Callable[[float], str],
    what: str,
    *,
    dots: bool,
) -> YearChart:
    n = max(1, len(points))
    slot = 100 / n
    width = slot * 0.6
    baseline = TOP + PLOT

    def y_of(v: float) -> float:
        return round(baseline - PLOT * min(v, top) / top, 1)

    cols = []
    for i, (label, value, low, high, g) in enumerate(points):
        x = round(i * slot + (slot - width) / 2, 2)
        if value is None or g.too_few:
            why = "too few to show" if g.too_few else "no moves"
            cols.append(
                Column(label, x, round(width, 2), baseline, 0, None, None, f"{label}: {why}", True)
            )
            continue
        span = (
            f" (95% CI {show(low)} to {show(high)})" if low is not None and high is not None else ""
        )
        title = f"{label}: {show(value)} {what}{span}, {g.people} people"
        y = y_of(value)
        cols.append(
            Column(
                label,
                x,
                round(width, 2),
                y,
                round(baseline - y, 1),
                y_of(low) if low is not None else None,
                y_of(high) if high is not None else None,
                title,
                False,
            )
        )
    segments = []
    if dots:
        shown = [c for c in cols if not c.too_few]
        for a, b in itertools.pairwise(shown):
            segments.append((a.x + a.width / 2, a.y, b.x + b.width / 2, b.y))
    return YearChart(TOP + PLOT + 22, baseline, tuple(cols), tuple(segments), show(top))


def team_chart(result: MobilityPublic) -> TeamChart:
    """Moves per person-year by team, with 95% whiskers; small teams say too few to show."""
    row, bar_y, bar_h = 44, 20, 14
    rates = [g.moves_per_person_year for g in result.by_team]
    top = max([r.high or r.value or 0 for r in rates if r and r.value is not None] + [0.1])
    bars = []
    for i, g in enumerate(result.by_team):
        r = g.moves_per_person_year
        if g.too_few or r is None or r.value is None:
            bars.append(Bar(g.label, i * row, 0, None, None, f"{g.label}: too few to show", True))
            continue
        title = f"{g.label}: {r.value:.2f} moves per person-year"
        if r.low is not None and r.high is not None:
            title += f" (95% CI {r.low:.2f} to {r.high:.2f}), {g.people} people"
        bars.append(
            Bar(
                g.label,
                i * row,
                _pct(r.value, top),
                _pct(r.low, top) if r.low is not None else None,
                _pct(r.high, top) if r.high is not None else None,
                title,
                False,
                f"{r.value:.2f}",
            )
        )
    return TeamChart(max(1, len(bars)) * row + 4, tuple(bars), row, bar_y, bar_h, f"{top:.2f}")


def _pct(value: float, top: float) -> float:
    """Percent of the plot width (88%: room for the figure on the right)."""
    return round(88 * min(value, top) / top, 2)
