"""Congestion and alternate routes (seed 004: monitor congestion, create alternate routes).

For each role, *aspirants* — people who asked for it: an objective aiming at it, or an
application to an open opportunity in it — and, as a separate and lighter signal, people it is
*recommended* to (their top next role): a recommendation is a guess, not a wish, so it weighs
`REC_WEIGHT` (a quarter of an aspirant) in the *demand*. Demand is set against the role's
*capacity*: open places on open opportunities in it, plus its historical throughput (people
who took it with a lasting step, per year, over the last `YEARS` years). Capacity is a fact of
the organization: a slice's congestion counts the slice's aspirants against the whole
organization's capacity (`capacity_from`). The congestion index is demand / capacity; a role
people aim at with no capacity at all is reported as "no capacity" rather than as a number.
Each open opportunity gets the same index of its applicants against its places.

Alternate routes reach a target through less crowded steps: in the graph of role-to-role
transitions (`transition_graph`), an edge a → b weighs -log p(b | a) + λ·congestion(b)
for each intermediate b, so the k shortest simple paths (Yen's algorithm over Dijkstra) are
likely and uncrowded at once. A route reaches the target the way a pathway does
(`core.pathways.arrival_index`): with the first lasting step into it; a short trial of the
target on the way (a rotation into it) is not an arrival, and is counted as `tried` instead.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from microstep.core.history import DAYS_PER_YEAR, History, held_role, role_sequence
from microstep.core.pathways import arrival_index

YEARS = 3  # throughput is averaged over this many recent years
LAMBDA = 1.0  # weight of a step's congestion against its improbability
CAP = 10.0  # an index counted at most this much (and "no capacity" as this) in route weights
K_ROUTES = 3
REC_WEIGHT = 0.25  # a recommendation counts as a quarter of an aspirant in the demand
NO_CAPACITY, NO_DEMAND, INDEXED = "no capacity", "no demand", "indexed"


@dataclass(frozen=True, slots=True)
class OpenPlace:
    """An open opportunity: its places and the applications (applied or approved) it has."""

    id: int
    title: str
    role: int | None
    kind: str
    places: int
    applicants: int


@dataclass(frozen=True, slots=True)
class Load:
    """Aspirants against capacity for one role."""

    role: int
    objectives: int
    applications: int
    recommended: int
    places: int  # open places on open opportunities in the role
    throughput: float  # people who took the role per year, recently

    @property
    def aspirants(self) -> int:
        """The people who asked for the role: objectives and applications."""
        return self.objectives + self.applications

    @property
    def demand(self) -> float:
        """Aspirants, plus recommendations at a quarter (`REC_WEIGHT`) each."""
        return self.aspirants + REC_WEIGHT * self.recommended

    @property
    def capacity(self) -> float:
        """Places a year: open places plus historical throughput."""
        return self.places + self.throughput

    @property
    def index(self) -> float | None:
        """Demand per place a year; None when there is no capacity."""
        return self.demand / self.capacity if self.capacity > 0 else None

    @property
    def status(self) -> str:
        """ "no capacity" (demand, no places), "no demand", or "indexed"."""
        if self.capacity <= 0:
            return NO_CAPACITY if self.demand > 0 else NO_DEMAND
        return INDEXED

    @property
    def weight(self) -> float:
        """The index as a route weighs it: capped, "no capacity" counted as the cap."""
        if self.status == NO_CAPACITY:
            return CAP
        return min(CAP, self.index or 0.0)


@dataclass(frozen=True, slots=True)
class PlaceLoad:
    """Applicants against places for one open opportunity."""

    place: OpenPlace

    @property
    def index(self) -> float | None:
        """Applicants per place (None with no places)."""
        return self.place.applicants / self.place.places if self.place.places > 0 else None


@dataclass(frozen=True, slots=True)
class Congestion:
    """Roles and open opportunities, most congested first."""

    roles: tuple[Load, ...]
    opportunities: tuple[PlaceLoad, ...]


def throughput(history: History, years: int = YEARS) -> dict[int, float]:
    """role -> people who took it with a lasting step per year over the last `years` years."""
    since = history.today - timedelta(days=round(years * DAYS_PER_YEAR))
    entered: set[tuple[int, int]] = set()
    for step in history.steps:
        if not step.short and since < step.start <= history.today:
            entered.add((step.person, step.role))
    counts = Counter(role for _, role in entered)
    return {role: n / years for role, n in counts.items()}


def congestion(
    history: History,
    *,
    objectives: Mapping[int, int] | None = None,
    recommended: Mapping[int, int] | None = None,
    opportunities: Sequence[OpenPlace] = (),
    years: int = YEARS,
    capacity_from: History | None = None,
) -> Congestion:
    """Every role with demand or capacity, and every open opportunity, ranked by congestion:
    "no capacity" first (most demand first), then by index, highest first. Throughput comes
    from `capacity_from` (the whole organization) when given, else from `history`."""
    objectives = objectives or {}
    recommended = recommended or {}
    flow = throughput(capacity_from if capacity_from is not None else history, years)
    places: Counter[int] = Counter()
    applied: Counter[int] = Counter()
    for opp in opportunities:
        if opp.role is not None:
            places[opp.role] += opp.places
            applied[opp.role] += opp.applicants
    roles = set(objectives) | set(recommended) | set(flow) | set(places) | set(applied)
    loads = [
        Load(
            role=r,
            objectives=objectives.get(r, 0),
            applications=applied[r],
            recommended=recommended.get(r, 0),
            places=places[r],
            throughput=round(flow.get(r, 0.0), 3),
        )
        for r in roles
    ]
    loads.sort(key=_rank)
    opps = sorted(
        (PlaceLoad(o) for o in opportunities),
        key=lambda p: (-(p.index or 0.0), -p.place.applicants, p.place.id),
    )
    return Congestion(roles=tuple(loads), opportunities=tuple(opps))


def _rank(load: Load) -> tuple[int, float, int, int]:
    """No capacity first (by demand), then by index; ties by aspirants and role id."""
    if load.status == NO_CAPACITY:
        return (0, -load.demand, -load.aspirants, load.role)
    return (1, -(load.index or 0.0), -load.aspirants, load.role)


def by_role(result: Congestion) -> dict[int, Load]:
    """role -> its load."""
    return {load.role: load for load in result.roles}


# ---- alternate routes ------------------------------------------------------------------------

Graph = dict[int, dict[int, float]]  # from role -> to role -> probability


def transition_graph(
    history: History, target: int | None = None
) -> tuple[Graph, Counter[tuple[int, int]]]:
    """The role-to-role transition probabilities (and counts) over everyone's careers; with a
    `target`, a short trial of it is not a step into it (only a lasting arrival is)."""
    counts: Counter[tuple[int, int]] = Counter()
    person: int | None = None
    last: int | None = None
    for step in history.steps:  # steps are by person then start: one pass, no careers dict
        if step.person != person:
            person, last = step.person, None
        if step.role == target and step.short:
            continue
        if last is not None and step.role != last:
            counts[(last, step.role)] += 1
        last = step.role
    out_total: Counter[int] = Counter()
    for (a, _), n in counts.items():
        out_total[a] += n
    graph: Graph = defaultdict(dict)
    for (a, b), n in counts.items():
        graph[a][b] = n / out_total[a]
    return dict(graph), counts


def common_roles(history: History, people: Collection[int], top: int = 3) -> list[int]:
    """The roles most of `people` hold today (most common first)."""
    held: Counter[int] = Counter()
    for career in history.careers(people).values():
        role = held_role(career, history.today)
        if role is not None:
            held[role] += 1
    return [r for r, _ in sorted(held.items(), key=lambda t: (-t[1], t[0]))[:top]]


@dataclass(frozen=True, slots=True)
class RouteStep:
    """A step of a route: into `role`, taken by `probability` of those leaving the previous
    role, with that role's congestion."""

    role: int
    probability: float
    load: Load | None


@dataclass(frozen=True, slots=True)
class Route:
    """A way from `source` to the target through the roles of `steps` (the target last)."""

    source: int
    steps: tuple[RouteStep, ...]
    probability: float  # product of the steps' probabilities
    weight: float
    support: int  # people whose careers went exactly this way into the target
    reason: str = ""
    tried: int = 0  # of them, people who had tried the target on a short trial before

    @property
    def roles(self) -> tuple[int, ...]:
        """The route's roles, source and target included."""
        return (self.source, *(s.role for s in self.steps))


Weight = Callable[[int, int], float]


def edge_weight(graph: Graph, loads: Mapping[int, Load], target: int, lam: float) -> Weight:
    """-log p(b | a), plus λ times b's capped congestion unless b is the target itself."""

    def weight(a: int, b: int) -> float:
        load = loads.get(b)
        crowd = load.weight if load is not None and b != target else 0.0
        return -math.log(graph[a][b]) + lam * crowd

    return weight


def _dijkstra(
    graph: Graph,
    weight: Weight,
    source: int,
    target: int,
    banned_nodes: set[int],
    banned_edges: set[tuple[int, int]],
) -> tuple[float, list[int]] | None:
    """The lightest path from source to target avoiding banned nodes and edges."""
    dist: dict[int, float] = {source: 0.0}
    prev: dict[int, int] = {}
    heap: list[tuple[float, int]] = [(0.0, source)]
    while heap:
        d, node = heapq.heappop(heap)
        if node == target:
            path = [node]
            while path[-1] != source:
                path.append(prev[path[-1]])
            return d, path[::-1]
        if d > dist.get(node, math.inf):
            continue
        for nxt in graph.get(node, {}):
            if nxt in banned_nodes or (node, nxt) in banned_edges:
                continue
            nd = d + weight(node, nxt)
            if nd < dist.get(nxt, math.inf) - 1e-12:
                dist[nxt], prev[nxt] = nd, node
                heapq.heappush(heap, (nd, nxt))
    return None


def _cost(path: Sequence[int], weight: Weight) -> float:
    return sum(weight(a, b) for a, b in itertools.pairwise(path))


def k_shortest(graph: Graph, weight: Weight, source: int, target: int, k: int) -> list[list[int]]:
    """Yen's k shortest simple paths from source to target (lightest first)."""
    first = _dijkstra(graph, weight, source, target, set(), set())
    if first is None or source == target:
        return []
    found = [first[1]]
    candidates: list[tuple[float, list[int]]] = []
    seen = {tuple(first[1])}
    while len(found) < k:
        last = found[-1]
        for i in range(len(last) - 1):
            spur, root = last[i], last[: i + 1]
            banned_edges = {(p[i], p[i + 1]) for p in found if len(p) > i and p[: i + 1] == root}
            spur_path = _dijkstra(graph, weight, spur, target, set(root[:-1]), banned_edges)
            if spur_path is None:
                continue
            path = root[:-1] + spur_path[1]
            if tuple(path) not in seen:
                seen.add(tuple(path))
                heapq.heappush(candidates, (_cost(path, weight), path))
        if not candidates:
            break
        found.append(heapq.heappop(candidates)[1])
    return found


def route_support(
    history: History, target: int, routes: Iterable[Sequence[int]]
) -> Counter[tuple[int, ...]]:
    """route -> people whose role sequence went exactly this way into the target (the route's
    roles one after the other, ending with their arrival: their first lasting step into it)."""
    return route_people(history, target, routes)[0]


def route_people(
    history: History, target: int, routes: Iterable[Sequence[int]]
) -> tuple[Counter[tuple[int, ...]], Counter[tuple[int, ...]]]:
    """(support, tried) per route: the people who went exactly this way into the target (as
    `route_support`), and of them the people who had tried the target on a short trial on the
    way (left out of their role sequence: a trial of the target is not an arrival)."""
    wanted = {tuple(r) for r in routes}
    support: Counter[tuple[int, ...]] = Counter()
    tried: Counter[tuple[int, ...]] = Counter()
    if not wanted:
        return support, tried
    lengths = {len(r) for r in wanted}
    reached = {s.person for s in history.steps if s.role == target and not s.short}
    for career in history.careers(reached).values():
        at = arrival_index(career, target)
        if at is None:
            continue
        before = career[:at]
        kept = [s for s in before if s.role != target]
        roles = [*role_sequence(kept), target]
        trial = len(kept) < len(before)
        for n in lengths:
            tail = tuple(roles[-n:])
            if len(roles) >= n and tail in wanted:
                support[tail] += 1
                tried[tail] += trial
    return support, tried


def alternate_routes(
    history: History,
    target: int,
    sources: Sequence[int],
    loads: Mapping[int, Load],
    *,
    k: int = K_ROUTES,
    lam: float = LAMBDA,
    graph: Graph | None = None,
    min_group: int = 1,
) -> tuple[Route, ...]:
    """Up to `k` routes from each source role to the target, lightest first, that trade the
    likeliest steps against the most crowded ones; each with support, congestion per step and
    a plain reason."""
    graph = graph if graph is not None else transition_graph(history, target)[0]
    weight = edge_weight(graph, loads, target, lam)
    plain = edge_weight(graph, {}, target, 0.0)
    paths: list[tuple[int, list[int]]] = []
    usual: dict[int, list[int]] = {}
    for source in dict.fromkeys(sources):
        if source == target:
            continue
        best = _dijkstra(graph, plain, source, target, set(), set())
        if best is not None:
            usual[source] = best[1]
        paths.extend((source, p) for p in k_shortest(graph, weight, source, target, k))
    support, tried = route_people(history, target, [p for _, p in paths])
    routes = []
    for source, path in paths:
        steps = tuple(RouteStep(b, graph[a][b], loads.get(b)) for a, b in itertools.pairwise(path))
        route = Route(
            source=source,
            steps=steps,
            probability=math.prod(s.probability for s in steps),
            weight=_cost(path, weight),
            support=support[tuple(path)],
            tried=tried[tuple(path)],
        )
        reason = _reason(history, route, usual.get(source, []), loads, min_group)
        routes.append(replace(route, reason=reason))
    return tuple(routes)


def _number(x: float) -> str:
    """2 for 2.0, 1.3 for 1.33."""
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _people(n: int, min_group: int) -> str:
    if 0 < n < min_group:
        return f"fewer than {min_group} people"
    if n == 0:
        return "nobody"
    return "1 person" if n == 1 else f"{n} people"


def _places(capacity: float) -> str:
    if capacity <= 0:
        return "no places at all"
    return f"{_number(capacity)} place{'' if _number(capacity) == '1' else 's'} a year"


def crowd_words(history: History, load: Load, min_group: int = 1) -> str:
    """ "Product manager: 12 aspirants (and recommended to 20 people) for 2 places a year"."""
    n = load.aspirants
    who = (
        f"fewer than {min_group} aspirants"
        if 0 < n < min_group
        else ("no aspirants" if n == 0 else "1 aspirant" if n == 1 else f"{n} aspirants")
    )
    rec = load.recommended
    also = (
        f" (and is recommended to {_people(rec, min_group)})"
        if rec >= min_group or (rec and min_group <= 1)
        else ""
    )
    return f"{history.title(load.role)} has {who}{also} for {_places(load.capacity)}"


def _busiest(roles: Sequence[int], loads: Mapping[int, Load]) -> Load | None:
    """The most congested of these roles (None if none has aspirants)."""
    found = [loads[r] for r in roles if r in loads and loads[r].demand > 0]
    return max(found, key=lambda load: (load.weight, load.aspirants), default=None)


def _reason(
    history: History,
    route: Route,
    usual: Sequence[int],
    loads: Mapping[int, Load],
    min_group: int,
) -> str:
    """Why this route: the crowded step of the usual way it avoids, and who went this way."""
    between = route.roles[1:-1]
    target = history.title(route.roles[-1])
    who = _people(route.support, min_group)
    via = " then ".join(history.title(r) for r in between)
    went = (
        f"{who} reached {target} via {via}"
        if between
        else (f"{who} went straight from {history.title(route.source)} to {target}")
    )
    if route.tried >= min_group:
        went += f" ({route.tried} of them had tried {target} first on a short trial)"
    crowded = _busiest(usual[1:-1], loads)
    if crowded is not None and crowded.role not in between:
        return f"{crowd_words(history, crowded, min_group)}; {went} instead."
    own = _busiest(between, loads)
    if own is not None:
        return f"{went}; on the way, {crowd_words(history, own, min_group)}."
    return f"{went}."
