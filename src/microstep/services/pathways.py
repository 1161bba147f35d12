"""Use cases of pathways to a target role, congestion and alternate routes (HR and managers).

Every one starts from `services.analytics.scope` (HR: the organization; managers: their teams'
slice) and the history of that slice. Figures about fewer than MIN_GROUP people are not shown,
and where a hidden figure could be worked out from a shown total and its shown neighbours, a
second one is hidden too (complementary suppression).
Aspirants from objectives are aggregate counts of objectives their owners share with their
manager or the organization (visibility manager or org); private objectives never count.
Recommendations are a separate, lighter signal: people whose top next role it is, counted at a
quarter each (`core.congestion.REC_WEIGHT`), and only once MIN_GROUP people share it. Capacity
(throughput and open places) is the organization's, whatever the slice; aspirants are the
slice's. The maths is in core/pathways.py and core/congestion.py.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy.orm import Session

from microstep.core import congestion as crowd
from microstep.core import pathways as core
from microstep.core.history import History
from microstep.core.moves import KIND_LABELS, quoted, role_key
from microstep.errors import InvalidInput, NotFound
from microstep.services import analytics
from microstep.services.analytics import MIN_GROUP, Scope
from microstep.services.context import Context
from microstep.services.pathways_schemas import (
    TOO_FEW,
    BarPublic,
    ChartPublic,
    CongestionPublic,
    DropoutPublic,
    FlowColumnPublic,
    FlowLinkPublic,
    FlowNodePublic,
    FlowPublic,
    OpportunityLoadPublic,
    PathwaysPublic,
    PathwayStepPublic,
    PatternPublic,
    RoleLoadPublic,
    RoutePublic,
    RoutesPublic,
    RouteStepPublic,
    TargetOption,
    WayStepPublic,
)
from microstep.store import analytics as analytics_store
from microstep.store import pathways as store

PATTERNS = 30  # patterns shown, most supported first
REC_TOP = 1  # a recommendation counts when the role is someone's top next role
HIDDEN = "<3"  # how the CSV writes a figure too few to show
BARS = 15  # roles in the congestion chart
CHART_ROW, BAR_Y, BAR_HEIGHT = 40.0, 19.0, 12.0


def _shown(n: int) -> int | None:
    """A count of people, or None when it is under MIN_GROUP (0 is shown)."""
    return None if 0 < n < MIN_GROUP else n


def suppress(total: int | None, parts: Sequence[int]) -> list[int | None]:
    """The parts of a total as shown: each under MIN_GROUP hidden (None), and when the total
    is shown and exactly one part is hidden, the smallest other part too (a non-zero one if
    there is one), so the hidden one cannot be worked out by subtraction. With the total
    hidden, every part is hidden."""
    if total is None:
        return [None] * len(parts)
    shown: list[int | None] = [_shown(n) for n in parts]
    if sum(v is None for v in shown) == 1:
        rest = [i for i, v in enumerate(shown) if v is not None]
        if rest:
            pick = min(rest, key=lambda i: (parts[i] == 0, parts[i], i))
            shown[pick] = None
    return shown


def resolve_target(history: History, target: str | int) -> int:
    """A role id from its number or its title (case and spacing aside)."""
    text = str(target).strip()
    if not text:
        raise InvalidInput("Name a target role: its number or its title.", field="target")
    found = history.find_role(text)
    if found is not None:
        return found
    raise NotFound(
        f"There is no role called {quoted(text)}: pick one of the organization's roles by its "
        "number or title.",
        field="target",
    )


def _kind(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", "Move") if kind else "Move"


# ---- pathways ------------------------------------------------------------------------------


def pathway_targets(ctx: Context, team_id: int | None = None) -> list[TargetOption]:
    """The roles people in the slice reached, for picking a target (title order)."""
    with ctx.db.transaction() as session:
        history = analytics.history(session, ctx, analytics.scope(session, ctx, team_id))
    counts = core.reachable_targets(history)
    return sorted(
        (
            TargetOption(role_id=r, title=history.title(r), reached=_shown(n))
            for r, n in counts.items()
            if r in history.roles
        ),
        key=lambda t: (t.title.casefold(), t.role_id),
    )


def pathways(
    ctx: Context, target: str | int, team_id: int | None = None, depth: int = core.DEPTH
) -> PathwaysPublic:
    """The step sequences that led into `target` in the viewer's slice: support, median time,
    conversion, drop-out and the flow diagram."""
    if not 1 <= depth <= 5:
        raise InvalidInput("Depth must be between 1 and 5 steps.", field="depth")
    with ctx.db.transaction() as session:
        slice_ = analytics.scope(session, ctx, team_id)
        history = analytics.history(session, ctx, slice_)
    role = resolve_target(history, target)
    mined = core.mine(history, role, depth=depth, min_support=1, limit=None)
    title = history.title(role)
    if mined.reached < MIN_GROUP:
        note = (
            f"Nobody in {slice_.label} has reached {title} yet."
            if not mined.reached
            else f"Fewer than {MIN_GROUP} people in {slice_.label} reached {title}: "
            "too few to show."
        )
        return PathwaysPublic(
            target_id=role,
            target=title,
            scope=slice_.label,
            depth=depth,
            reached=_shown(mined.reached),
            direct=None,
            patterns=[],
            hidden_patterns=0,
            flow=None,
            note=note,
        )
    big = [p for p in mined.patterns if p.support >= MIN_GROUP]
    flow = core.flow(mined.sequences, depth, role, min_people=MIN_GROUP)
    return PathwaysPublic(
        target_id=role,
        target=title,
        scope=slice_.label,
        depth=depth,
        reached=mined.reached,
        direct=_shown(mined.direct),
        patterns=[_pattern(history, p) for p in big[:PATTERNS]],
        hidden_patterns=len(mined.patterns) - len(big[:PATTERNS]),
        on_the_way=[
            WayStepPublic(role_id=r, role=history.title(r), kind_label=_kind(k), people=n)
            for (r, k), n in sorted(
                core.steps_on_the_way(mined.sequences).items(),
                key=lambda t: (-t[1], history.title(t[0][0]).casefold(), t[0][1] or ""),
            )
            if n >= MIN_GROUP
        ],
        flow=_flow(history, flow, depth),
        note=None if big else f"No sequence into {title} was shared by {MIN_GROUP} or more people.",
    )


def _step_words(history: History, role: int, kind: str | None) -> str:
    return f"{history.title(role)} ({_kind(kind).lower()})"


def _pattern(history: History, pattern: core.Pattern) -> PatternPublic:
    steps = [
        PathwayStepPublic(
            role_id=s.role,
            role=history.title(s.role),
            kind=s.kind,
            kind_label=_kind(s.kind),
            duration=s.duration,
        )
        for s in pattern.steps
    ]
    label = " → ".join(f"{s.role} ({s.kind_label.lower()}, {s.duration})" for s in steps)
    drops = _dropouts(history, pattern.dropout)
    last = drops[-1] if drops else None
    converted = last.continued if last is not None else None
    entrants = last.reached if last is not None else None
    shown = converted is not None and entrants is not None and entrants > 0
    return PatternPublic(
        label=label,
        steps=steps,
        support=pattern.support,
        median_months=core.months(pattern.median_days),
        entrants=entrants,
        converted=converted if shown else None,
        conversion=round(pattern.conversion, 3)
        if shown and pattern.conversion is not None
        else None,
        dropout=drops,
    )


def _dropouts(history: History, drops: Sequence[core.Dropout]) -> list[DropoutPublic]:
    """Drop-out rows as shown: who got this far, then went on or stopped (left, still there,
    elsewhere). Two levels of complementary suppression (went on + stopped = got this far;
    left + still there + elsewhere = stopped), and a row is hidden whole when the row before
    hid how many went on to it (its "got this far" would give that away)."""
    out = []
    carried = True  # the previous row showed how many went on
    for drop in drops:
        reached = _shown(drop.reached) if carried else None
        stopped = drop.left + drop.stayed + drop.elsewhere
        continued, stopped_shown = suppress(reached, [drop.continued, stopped])
        left, stayed, elsewhere = suppress(stopped_shown, [drop.left, drop.stayed, drop.elsewhere])
        out.append(
            DropoutPublic(
                position=drop.position,
                step=_step_words(history, drop.role, drop.kind),
                reached=reached,
                continued=continued,
                left=left,
                stayed=stayed,
                elsewhere=elsewhere,
                stopped=stopped_shown,
            )
        )
        carried = continued is not None
    return out


def _short(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _node_words(node: FlowNodePublic) -> str:
    return f"{node.label} ({node.kind_label})" if node.kind_label else node.label


def _flow(history: History, flow: core.Flow, depth: int) -> FlowPublic:
    nodes = []
    for n in flow.nodes:
        name = "Other roles" if n.role == core.OTHER else history.title(n.role)
        plain = "" if n.column == depth or n.role == core.OTHER else _kind(n.kind).lower()
        kind = f" ({plain})" if plain else ""
        people = _shown(n.people)
        count = f"{people} people" if people is not None else TOO_FEW
        nodes.append(
            FlowNodePublic(
                column=n.column,
                label=_short(name),
                kind_label=plain,
                title=f"{name}{kind}: {count}",
                people=people,
                x=n.x,
                y=n.y,
                height=n.height,
                target=n.column == depth,
            )
        )
    links = [
        FlowLinkPublic(
            path=link.path,
            width=link.width,
            people=link.people,
            title=f"{link.people} people: {_node_words(nodes[link.source])} → "
            f"{_node_words(nodes[link.target])}",
        )
        for link in flow.links
    ]
    columns = [
        FlowColumnPublic(
            x=(c - flow.first) * core.COL_GAP,
            label="Target"
            if c == depth
            else f"{depth - c} step{'s' if depth - c > 1 else ''} before",
        )
        for c in range(flow.first, depth + 1)
    ]
    return FlowPublic(
        width=flow.width,
        height=flow.height,
        node_width=core.NODE_W,
        columns=columns,
        nodes=nodes,
        links=links,
    )


CSV_COLUMNS = (
    "target",
    "pattern",
    "steps",
    "support",
    "median_months",
    "entrants",
    "converted",
    "conversion",
    "position",
    "step",
    "reached",
    "continued",
    "stopped",
    "left",
    "stayed",
    "elsewhere",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def pathways_csv(ctx: Context, target: str | int, team_id: int | None = None) -> str:
    """The patterns as CSV: one row per pattern and step (its drop-out); a figure too few to
    show is written <3."""
    return pathways_export(ctx, target, team_id)[1]


def pathways_export(ctx: Context, target: str | int, team_id: int | None = None) -> tuple[str, str]:
    """(file name, CSV text) of the patterns into `target`: pathways-<target-slug>.csv, one row
    per pattern and step with the target in its own column, and <3 where a figure is too few
    to show. A cell that a spreadsheet would read as a formula starts with a quote."""
    found = pathways(ctx, target, team_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, p in enumerate(found.patterns, start=1):
        head = [
            found.target,
            rank,
            p.label,
            p.support,
            p.median_months,
            p.entrants,
            p.converted,
            p.conversion,
        ]
        for d in p.dropout:
            row = (
                *head,
                d.position,
                d.step,
                d.reached,
                d.continued,
                d.stopped,
                d.left,
                d.stayed,
                d.elsewhere,
            )
            writer.writerow([_cell(v) for v in row])
    return csv_name(found.target), out.getvalue()


def csv_name(target: str) -> str:
    """pathways-<target as lowercase ASCII words joined by hyphens>.csv."""
    slug = re.sub(r"[^a-z0-9]+", "-", target.casefold()).strip("-")[:60].strip("-")
    return f"pathways-{slug or 'target'}.csv"


def _cell(value: object) -> object:
    """A CSV cell: <3 for a figure too few to show; text a spreadsheet would run as a formula
    (starting with = + - @, a tab or a carriage return) behind a single quote."""
    if value is None:
        return HIDDEN
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# ---- congestion ------------------------------------------------------------------------------


def _recommended(session: Session, history: History) -> tuple[dict[int, int], bool]:
    """role -> people whose top next role it is (`REC_TOP`), from the next-move service when it
    is there, kept only from MIN_GROUP people up (a smaller count would show through the
    index); ({}, False) when the service is not there."""
    try:
        module = importlib.import_module("microstep.services.nextmove")
    except ImportError:
        return {}, False
    counts: Callable[..., Mapping[int, int]] | None = getattr(module, "recommended_counts", None)
    if counts is None:
        return {}, False
    found = counts(session, history, top=REC_TOP)
    return {r: n for r, n in found.items() if n >= MIN_GROUP}, True


def _objective_counts(history: History, rows: list[tuple[int, str, str | None]]) -> dict[int, int]:
    """role -> people with a shared active objective aiming at it (its ESCO occupation, or its
    title's role key)."""
    by_uri: dict[str, list[int]] = {}
    by_key: dict[str, list[int]] = {}
    for role in history.roles.values():
        if role.occupation_uri:
            by_uri.setdefault(role.occupation_uri, []).append(role.id)
        by_key.setdefault(role_key(role.title), []).append(role.id)
    pairs: set[tuple[int, int]] = set()
    for person, title, uri in rows:
        for role_id in set(by_uri.get(uri or "", [])) | set(by_key.get(role_key(title), [])):
            pairs.add((person, role_id))
    return dict(Counter(role for _, role in pairs))


def _load(
    session: Session, ctx: Context, team_id: int | None
) -> tuple[Scope, History, crowd.Congestion, bool]:
    slice_ = analytics.scope(session, ctx, team_id)
    history = analytics.history(session, ctx, slice_)
    whole = (
        history
        if slice_.people is None
        else analytics_store.load_history(session=session, today=ctx.today, people=None)
    )
    objectives = _objective_counts(
        history, store.shared_objectives(session=session, people=slice_.people)
    )
    recommended, counted = _recommended(session, history)
    places = [
        crowd.OpenPlace(i, t, r, k, c, n)
        for i, t, r, k, c, n in store.open_places(session=session, people=slice_.people)
    ]
    result = crowd.congestion(
        history,
        objectives=objectives,
        recommended=recommended,
        opportunities=places,
        capacity_from=whole,
    )
    return slice_, history, result, counted


def congestion(ctx: Context, team_id: int | None = None) -> CongestionPublic:
    """Roles and open opportunities ranked by aspirants against capacity, with a bar chart."""
    with ctx.db.transaction() as session:
        slice_, history, result, counted = _load(session, ctx, team_id)
    roles = [_role_load(history, load) for load in result.roles if load.demand > 0]
    opps = [
        OpportunityLoadPublic(
            opportunity_id=p.place.id,
            title=p.place.title,
            role=history.title(p.place.role),
            kind_label=_kind(p.place.kind),
            places=p.place.places,
            applicants=_shown(p.place.applicants),
            index=round(p.index, 2)
            if p.index is not None and _shown(p.place.applicants) is not None
            else None,
            status=crowd.INDEXED if _shown(p.place.applicants) is not None else TOO_FEW,
        )
        for p in result.opportunities
    ]
    return CongestionPublic(
        scope=slice_.label,
        roles=roles,
        opportunities=opps,
        chart=_chart(roles),
        recommendations_counted=counted,
        recommendation_weight=crowd.REC_WEIGHT,
    )


def _role_load(history: History, load: crowd.Load) -> RoleLoadPublic:
    """A role's load as shown: the aspirants (objectives + applications) and each part hidden
    under MIN_GROUP, with complementary suppression; recommendations are their own figure
    (counted only from MIN_GROUP up, see `_recommended`); the index only with the aspirants."""
    aspirants = _shown(load.aspirants)
    objectives, applications = suppress(aspirants, [load.objectives, load.applications])
    few = aspirants is None
    return RoleLoadPublic(
        role_id=load.role,
        role=history.title(load.role),
        objectives=objectives,
        applications=applications,
        recommended=_shown(load.recommended),
        aspirants=aspirants,
        demand=None if few else round(load.demand, 2),
        places=load.places,
        throughput=round(load.throughput, 2),
        capacity=round(load.capacity, 2),
        index=None if few or load.index is None else round(load.index, 2),
        status=TOO_FEW if few else load.status,
        words=crowd.crowd_words(history, load, MIN_GROUP) + ".",
    )


def _chart(roles: list[RoleLoadPublic]) -> ChartPublic:
    """Bars of the most congested roles; "no capacity" draws as long as the longest."""
    shown = [r for r in roles if r.status in (crowd.INDEXED, crowd.NO_CAPACITY)][:BARS]
    top = max((r.index or 0.0 for r in shown), default=0.0) or 1.0
    bars = []
    for i, r in enumerate(shown):
        full = r.status == crowd.NO_CAPACITY
        value = "no capacity" if full else f"{r.index:g}"
        bars.append(
            BarPublic(
                label=r.role,
                title=r.words,
                y=i * CHART_ROW,
                width=80.0 if full else round(80 * (r.index or 0.0) / top, 1),
                value=value,
                status="none" if full else "indexed",
            )
        )
    return ChartPublic(height=len(bars) * CHART_ROW, bar_y=BAR_Y, bar_height=BAR_HEIGHT, bars=bars)


def routes(ctx: Context, target: str | int, team_id: int | None = None) -> RoutesPublic:
    """Alternate routes to `target` from the roles its aspirants hold now, around the crowded
    steps, each with its support, congestion per step and a plain reason."""
    with ctx.db.transaction() as session:
        slice_, history, result, _ = _load(session, ctx, team_id)
        role = resolve_target(history, target)
        aiming = set(store.applicants_for_role(session=session, role_id=role, people=slice_.people))
        aiming |= _objective_people(
            history, store.shared_objectives(session=session, people=slice_.people), role
        )
    loads = crowd.by_role(result)
    note = None
    if len(aiming) >= MIN_GROUP:
        sources = [r for r in crowd.common_roles(history, aiming, top=4) if r != role][:3]
    else:
        note = (
            "Too few people aim at it to say where they stand; routes start from the roles "
            "most people hold."
        )
        active = [p for p, info in history.people.items() if info.active]
        sources = [r for r in crowd.common_roles(history, active, top=4) if r != role][:3]
    found = crowd.alternate_routes(history, role, sources, loads, min_group=MIN_GROUP)
    target_load = loads.get(role)
    return RoutesPublic(
        target_id=role,
        target=history.title(role),
        scope=slice_.label,
        sources=[history.title(s) for s in sources],
        target_load=_role_load(history, target_load) if target_load else None,
        routes=[_route(history, r) for r in found],
        note=note
        if found
        else (note or "") + (" " if note else "") + "No route in the history leads there yet.",
    )


def _objective_people(
    history: History, rows: list[tuple[int, str, str | None]], role: int
) -> set[int]:
    info = history.roles[role]
    key = role_key(info.title)
    return {
        p
        for p, title, uri in rows
        if (uri and uri == info.occupation_uri) or role_key(title) == key
    }


def _route(history: History, route: crowd.Route) -> RoutePublic:
    steps = []
    for s in route.steps:
        load = s.load
        few = load is not None and _shown(load.aspirants) is None
        steps.append(
            RouteStepPublic(
                role_id=s.role,
                role=history.title(s.role),
                probability=round(s.probability, 3),
                index=None if load is None or few or load.index is None else round(load.index, 2),
                status=TOO_FEW if few else (load.status if load else crowd.NO_DEMAND),
            )
        )
    return RoutePublic(
        source_id=route.source,
        source=history.title(route.source),
        steps=steps,
        probability=round(route.probability, 4),
        support=_shown(route.support),
        reason=route.reason[:1].upper() + route.reason[1:],
    )
