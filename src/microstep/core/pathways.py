"""Pathways to a target role (seed 004: communicate the micro-move sequences that led to
substantive roles): the frequent sequences of steps people took just before they reached it.

A person *reaches* the target with their first lasting step into it (a lateral move, promotion,
hire, or a move of no kind; short trials are tried, not held). The steps they took just before,
up to `depth` of them, make their sequence; each step is its role, its kind and how long it
lasted (`BUCKETS`: a step with no end lasted until the arrival). A *pattern* is a sequence shared
by several people; every tail of a person's sequence counts too (someone who went A → B → T
supports "B → T" as well as "A → B → T"), so short patterns gather the people long ones split.

For each pattern:

- support: the people whose last steps before arriving were exactly the pattern;
- median time: from the pattern's first step to the arrival, over its supporters;
- conversion: of everyone who made the pattern's steps one after the other (same roles and
  kinds, any duration; their last time through them before arriving, if they arrived), the
  share whose very next step was the arrival;
- drop-out: at each step of the pattern, of those who got that far, how many went on along the
  pattern (or, after its last step, into the target), left the organization (no later step, no
  longer active), are still there without moving on, or moved somewhere else.

Everything is one or two dictionary passes over the steps, so a million steps take seconds.
`flow` lays the sequences out as a Sankey-like diagram for the page to draw.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from microstep.core.history import History, Step

DEPTH = 3  # steps before the arrival a sequence keeps
BUCKETS: tuple[tuple[int, str], ...] = ((91, "<3 mo"), (365, "3\u201312 mo"))
LONG = ">1 yr"
DAYS_PER_MONTH = 30.44

RoleKind = tuple[int, str | None]  # a step without its duration
LEFT, STAYED, ARRIVED = "left", "stayed", "arrived"  # what followed a prefix, besides a step


def bucket(days: int) -> str:
    """A step's duration as one of three plain buckets."""
    for limit, label in BUCKETS:
        if days < limit:
            return label
    return LONG


@dataclass(frozen=True, slots=True)
class PatternStep:
    """One step of a pattern: into `role`, of `kind`, lasting about `duration`."""

    role: int
    kind: str | None
    duration: str


@dataclass(frozen=True, slots=True)
class Dropout:
    """What became of the people who got as far as one step of a pattern."""

    position: int  # 1 = the pattern's first step
    role: int
    kind: str | None
    reached: int  # made the pattern's steps up to and including this one
    continued: int  # their next step was the pattern's next (or the arrival, after the last)
    left: int  # no later step and no longer with the organization
    stayed: int  # no later step, still with the organization
    elsewhere: int  # moved on to something else


@dataclass(frozen=True, slots=True)
class Pattern:
    """A sequence of steps that led into the target, and how it fared."""

    steps: tuple[PatternStep, ...]
    support: int  # people whose last steps before arriving were exactly these
    median_days: float | None  # first step to arrival, over the supporters
    entrants: int  # people who made these steps (roles and kinds) one after the other
    converted: int  # of the entrants, those whose next step was the arrival
    dropout: tuple[Dropout, ...]

    @property
    def conversion(self) -> float | None:
        """The share of entrants who reached the target next (None with no entrants)."""
        return self.converted / self.entrants if self.entrants else None

    @property
    def key(self) -> tuple[RoleKind, ...]:
        """The pattern's steps without their durations."""
        return tuple((s.role, s.kind) for s in self.steps)


@dataclass(frozen=True, slots=True)
class Pathways:
    """Everything mined about how people reached one target role."""

    target: int
    reached: int  # people who reached it
    direct: int  # of those, people with no step before (hired straight into it)
    patterns: tuple[Pattern, ...]  # most supported first
    sequences: tuple[tuple[PatternStep, ...], ...]  # each reacher's last steps (for the flow)
    depth: int


def arrival_index(career: Sequence[Step], target: int) -> int | None:
    """The index of a career's first lasting step into the target, None if it never arrived."""
    for i, step in enumerate(career):
        if step.role == target and not step.short:
            return i
    return None


def _lead_in(career: Sequence[Step], at: int, depth: int) -> tuple[PatternStep, ...]:
    """The steps (up to `depth`) just before the arrival at index `at`, with durations."""
    arrival = career[at].start
    out = []
    for step in career[max(0, at - depth) : at]:
        days = max(0, ((step.end or arrival) - step.start).days)
        out.append(
            PatternStep(step.role, step.kind, bucket(min(days, (arrival - step.start).days)))
        )
    return tuple(out)


def mine(
    history: History,
    target: int,
    *,
    depth: int = DEPTH,
    min_support: int = 1,
    limit: int | None = 50,
) -> Pathways:
    """The frequent step sequences that ended in `target`, with support, median time,
    conversion and drop-out; patterns under `min_support` people are left out."""
    depth = max(1, depth)
    careers = history.careers()
    sequences: list[tuple[PatternStep, ...]] = []
    support: Counter[tuple[PatternStep, ...]] = Counter()
    times: dict[tuple[PatternStep, ...], list[int]] = defaultdict(list)
    for career in careers.values():
        at = arrival_index(career, target)
        if at is None:
            continue
        seq = _lead_in(career, at, depth)
        sequences.append(seq)
        for k in range(1, len(seq) + 1):
            tail = seq[-k:]
            support[tail] += 1
            times[tail].append((career[at].start - career[at - k].start).days)
    kept = [p for p, n in support.items() if n >= max(1, min_support)]
    kept.sort(key=lambda p: (-support[p], -len(p), _order(p)))
    if limit is not None:
        kept = kept[: max(0, limit)]
    prefixes = {tuple((s.role, s.kind) for s in p[:j]) for p in kept for j in range(1, len(p) + 1)}
    after = follow_ups(careers, prefixes, target, history)
    patterns = tuple(_pattern(p, support[p], times[p], after) for p in kept)
    return Pathways(
        target=target,
        reached=len(sequences),
        direct=sum(1 for s in sequences if not s),
        patterns=patterns,
        sequences=tuple(sequences),
        depth=depth,
    )


def _order(pattern: tuple[PatternStep, ...]) -> tuple[tuple[int, str, str], ...]:
    """A deterministic tie-break between patterns of equal support and length."""
    return tuple((s.role, s.kind or "", s.duration) for s in pattern)


def follow_ups(
    careers: dict[int, list[Step]],
    prefixes: set[tuple[RoleKind, ...]],
    target: int,
    history: History,
) -> dict[tuple[RoleKind, ...], Counter[RoleKind | str]]:
    """For each prefix (steps as role and kind, one after the other), what followed each
    person's last time through it up to their first arrival (so a reacher's lead-in counts as
    arriving): their next step's role and kind, ARRIVED, LEFT or STAYED; one outcome a person."""
    out: dict[tuple[RoleKind, ...], Counter[RoleKind | str]] = defaultdict(Counter)
    if not prefixes:
        return out
    longest = max(len(p) for p in prefixes)
    starts = {p[0] for p in prefixes}
    for person, career in careers.items():
        arrived = arrival_index(career, target)
        upto = career if arrived is None else career[: arrived + 1]
        keys = [(s.role, s.kind) for s in upto]
        last: dict[tuple[RoleKind, ...], RoleKind | str] = {}
        for i, first in enumerate(keys):
            if first not in starts:
                continue
            for n in range(1, min(longest, len(keys) - i) + 1):
                gram = tuple(keys[i : i + n])
                if gram not in prefixes:
                    break  # every longer gram starts with this one
                last[gram] = _next(career, i + n, target, history, person)
        for gram, what in last.items():
            out[gram][what] += 1
    return out


def _next(
    career: Sequence[Step], i: int, target: int, history: History, person: int
) -> RoleKind | str:
    """What came after a career's first `i` steps."""
    if i >= len(career):
        info = history.people.get(person)
        return LEFT if info is not None and not info.active else STAYED
    step = career[i]
    if step.role == target and not step.short:
        return ARRIVED
    return (step.role, step.kind)


def _pattern(
    steps: tuple[PatternStep, ...],
    support: int,
    days: list[int],
    after: dict[tuple[RoleKind, ...], Counter[RoleKind | str]],
) -> Pattern:
    """A pattern with its conversion and drop-out from the follow-up counts."""
    key = tuple((s.role, s.kind) for s in steps)
    drops = []
    for j in range(1, len(key) + 1):
        seen = after.get(key[:j], Counter())
        reached = sum(seen.values())
        onward: RoleKind | str = key[j] if j < len(key) else ARRIVED
        continued, left, stayed = seen[onward], seen[LEFT], seen[STAYED]
        role, kind = key[j - 1]
        drops.append(
            Dropout(
                j, role, kind, reached, continued, left, stayed, reached - continued - left - stayed
            )
        )
    last = drops[-1] if drops else None
    return Pattern(
        steps=steps,
        support=support,
        median_days=float(statistics.median(days)) if days else None,
        entrants=last.reached if last else 0,
        converted=last.continued if last else 0,
        dropout=tuple(drops),
    )


def months(days: float | None) -> float | None:
    """Days as months, one decimal (None stays None)."""
    return None if days is None else round(days / DAYS_PER_MONTH, 1)


def steps_on_the_way(sequences: Iterable[tuple[PatternStep, ...]]) -> Counter[RoleKind]:
    """(role, kind) -> people whose lead-in took that step, wherever it came in it (one count a
    person): "all 7 did a Product manager rotation first" whatever else they did around it."""
    out: Counter[RoleKind] = Counter()
    for seq in sequences:
        out.update({(s.role, s.kind) for s in seq})
    return out


def reachable_targets(history: History, least: int = 1) -> Counter[int]:
    """role -> people whose first lasting step into it exists (candidates for a target)."""
    firsts: set[tuple[int, int]] = set()
    for step in history.steps:
        if not step.short:
            firsts.add((step.person, step.role))
    counts = Counter(role for _, role in firsts)
    return Counter({r: n for r, n in counts.items() if n >= least})


# ---- the flow diagram --------------------------------------------------------------------

COL_GAP = 200  # px between columns
NODE_W = 12
HEIGHT = 320  # px the tallest column's people fill
NODE_GAP = 14
TOP = 22  # room for the column headings
MAX_NODES = 6  # per column; the rest become "other"
OTHER = -1
Cell = tuple[int, RoleKind]  # (column, (role, kind))


@dataclass(frozen=True, slots=True)
class FlowNode:
    """A box: the people who were in `role` (by `kind`) at one column."""

    column: int
    role: int  # OTHER for the merged rest
    kind: str | None
    people: int
    x: float
    y: float
    height: float


@dataclass(frozen=True, slots=True)
class FlowLink:
    """A band from one box to the next column's box; its width is the people who went."""

    source: int  # index into nodes
    target: int
    people: int
    path: str  # SVG path data of the band's middle line
    width: float


@dataclass(frozen=True, slots=True)
class Flow:
    """A Sankey-like layout: columns are steps before the target (the last column is it)."""

    nodes: tuple[FlowNode, ...]
    links: tuple[FlowLink, ...]
    columns: int
    width: float
    height: float
    first: int = 0  # the leftmost column drawn (columns before it hold nobody)


def flow(
    sequences: Iterable[tuple[PatternStep, ...]], depth: int, target: int, min_people: int = 1
) -> Flow:
    """Lay the reachers' sequences out right-aligned: column `depth` is the target, column
    `depth - k` the k-th step before it; links are people going from one box to the next.
    Boxes of fewer than `min_people` fold into their column's "other" box, and bands of fewer
    than `min_people` are not drawn."""
    seqs = list(sequences)
    cells: Counter[Cell] = Counter()
    pairs: Counter[tuple[Cell, Cell]] = Counter()
    for seq in seqs:
        path = _path(seq, depth, target)
        cells.update(path)
        pairs.update(itertools.pairwise(path))
    keep = _kept_cells(cells, min_people)
    merged_cells: Counter[Cell] = Counter()
    merged_pairs: Counter[tuple[Cell, Cell]] = Counter()
    for cell, n in cells.items():
        merged_cells[keep(cell)] += n
    for (a, b), n in pairs.items():
        merged_pairs[(keep(a), keep(b))] += n
    drawn = Counter({pair: n for pair, n in merged_pairs.items() if n >= min_people})
    return _layout(merged_cells, drawn, depth)


def _path(seq: tuple[PatternStep, ...], depth: int, target: int) -> list[Cell]:
    """A sequence as (column, (role, kind)) cells ending in the target's column."""
    start = depth - len(seq)
    cells = [(start + i, (s.role, s.kind)) for i, s in enumerate(seq)]
    return [*cells, (depth, (target, None))]


def _kept_cells(cells: Counter[Cell], min_people: int) -> Callable[[Cell], Cell]:
    """A function mapping each cell to itself, or to its column's "other" box when it is not
    among the column's MAX_NODES biggest."""
    by_col: dict[int, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_col[cell[0]].append(cell)
    kept: set[Cell] = set()
    for found in by_col.values():
        found.sort(key=lambda c: (-cells[c], c[1][0], c[1][1] or ""))
        big = [c for c in found if cells[c] >= min_people]
        kept.update(big[:MAX_NODES] if len(found) > MAX_NODES else big)

    def keep(cell: Cell) -> Cell:
        return cell if cell in kept else (cell[0], (OTHER, None))

    return keep


def _layout(cells: Counter[Cell], pairs: Counter[tuple[Cell, Cell]], depth: int) -> Flow:
    """Boxes stacked per column (biggest first, "other" last), bands between them."""
    totals: Counter[int] = Counter()
    for (col, _), n in cells.items():
        totals[col] += n
    most = max(totals.values(), default=0)
    scale = HEIGHT / most if most else 0.0
    order = sorted(cells, key=lambda c: (c[0], c[1][0] == OTHER, -cells[c], c[1][0], c[1][1] or ""))
    first = min((c[0] for c in cells), default=depth)
    nodes: list[FlowNode] = []
    index: dict[Cell, int] = {}
    y_at: defaultdict[int, float] = defaultdict(float)
    for cell in order:
        col, (role, kind) = cell
        height = max(2.0, cells[cell] * scale)
        y = TOP + y_at[col]
        y_at[col] += height + NODE_GAP
        index[cell] = len(nodes)
        x = (col - first) * COL_GAP
        nodes.append(FlowNode(col, role, kind, cells[cell], x, round(y, 1), round(height, 1)))
    links = _links(nodes, index, pairs, scale)
    tallest = max(y_at.values(), default=0.0)
    return Flow(
        nodes=tuple(nodes),
        links=links,
        columns=depth + 1,
        width=(depth - first) * COL_GAP + NODE_W + COL_GAP,
        height=round(TOP + tallest + 4, 1),
        first=first,
    )


def _links(
    nodes: Sequence[FlowNode],
    index: dict[Cell, int],
    pairs: Counter[tuple[Cell, Cell]],
    scale: float,
) -> tuple[FlowLink, ...]:
    """Bands leave each box top to bottom in the order of where they go, and enter each box
    in the order of where they came from, so they do not cross inside a box."""
    ordered = sorted(
        ((index[a], index[b], n) for (a, b), n in pairs.items()),
        key=lambda t: (nodes[t[0]].y, nodes[t[1]].y),
    )
    out_used: defaultdict[int, float] = defaultdict(float)
    in_used: defaultdict[int, float] = defaultdict(float)
    by_target = sorted(ordered, key=lambda t: (nodes[t[1]].y, nodes[t[0]].y))
    in_offset: dict[tuple[int, int], float] = {}
    for s, t, n in by_target:
        in_offset[(s, t)] = in_used[t]
        in_used[t] += n * scale
    links = []
    for s, t, n in ordered:
        width = n * scale
        src, dst = nodes[s], nodes[t]
        y0 = src.y + out_used[s] + width / 2
        y1 = dst.y + in_offset[(s, t)] + width / 2
        out_used[s] += width
        x0, x1 = src.x + NODE_W, dst.x
        mid = (x0 + x1) / 2
        path = f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
        links.append(FlowLink(s, t, n, path, round(max(1.0, width), 1)))
    return tuple(links)
