"""`microstep bench org`: org analytics at scale — 100,000 people and 1,000,000 moves.

A seeded synthetic organization: roles sit on ladders in job families; people start on a low
rung, try short moves (rotations, stretch assignments, temporary lead stints) one rung up or in
a neighbouring family, and take lasting steps (promotions, lateral moves). About one in seven
has left. Each of our analyses runs on that history and is set against a single DuckDB query
over the same rows in the same run — the floor of any analysis that must read every move once:

- pathway mining to one target role ↔ one window query: each arrival's previous two roles,
  grouped;
- predict-next for everyone (fit and top 10 per person) ↔ one query: first-order transition
  counts joined to each person's last role;
- congestion (every role's aspirants and yearly throughput) ↔ one grouped count of the last
  three years' arrivals;
- succession (readiness of everyone for the critical roles) ↔ one query: each person's current
  role.

MICROSTEP_BENCH_ORG_PEOPLE changes the size (tests use a small one); moves are ten per person
on average.
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from microstep.bench import Result, register
from microstep.core import congestion, nextmove, pathways, succession
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.core.moves import LASTING_KINDS, MOVE_KINDS

PEOPLE = 100_000
FAMILIES, RUNGS = 40, 10  # 400 roles
TEAMS = 1_000
TODAY = date(2026, 11, 1)
START = TODAY - timedelta(days=365 * 12)
MAX_STEPS = 25  # 1-25 moves each drawn; those after today fall away: ten on average
SHORT = ("rotation", "stretch", "temp_lead", "shadowing", "gig")
LASTING = ("promotion", "lateral")
OUTCOMES = ("met", "partly", "not_met")
SEED = 8


@dataclass(frozen=True)
class Synthetic:
    """The organization's history, and the same rows as columns for DuckDB."""

    history: History
    columns: dict[str, np.typing.NDArray[np.int64]]


def role_id(family: int, rung: int) -> int:
    """The id of a family's rung (1-based ids, like the database's)."""
    return family * RUNGS + rung + 1


def synthetic(people: int = PEOPLE, seed: int = SEED) -> Synthetic:
    """A seeded history of `people` people, built rung by rung with numpy."""
    rng = np.random.default_rng(seed)
    family = rng.integers(0, FAMILIES, people)
    rung = rng.choice(3, people, p=[0.6, 0.3, 0.1])
    held_family, held_rung = family.copy(), rung.copy()
    day = rng.integers(0, 365 * 4, people)  # days after START of the hire
    steps = rng.integers(1, MAX_STEPS + 1, people)
    cols: dict[str, list[np.typing.NDArray[np.int64]]] = {
        k: [] for k in ("person", "role", "kind", "start", "end", "outcome")
    }
    ids = np.arange(1, people + 1)
    hire = MOVE_KINDS.index("hire")
    for index in range(MAX_STEPS):
        alive = steps > index
        if index == 0:
            to_family, to_rung = held_family, held_rung
            kind = np.full(people, hire)
            length = rng.integers(300, 900, people)
            short = np.zeros(people, dtype=bool)
        else:
            short = rng.random(people) < 0.55
            sideways = rng.random(people) < 0.25
            shift = rng.choice([-1, 1], people)
            to_family = np.where(sideways, (held_family + shift) % FAMILIES, held_family)
            up = np.where(short | ~sideways, 1, 0)
            to_rung = np.minimum(held_rung + up, RUNGS - 1)
            kinds_short = np.asarray([MOVE_KINDS.index(k) for k in SHORT])
            kind = np.where(
                short,
                kinds_short[rng.integers(0, len(SHORT), people)],
                np.where(sideways, MOVE_KINDS.index("lateral"), MOVE_KINDS.index("promotion")),
            )
            length = np.where(short, rng.integers(30, 180, people), rng.integers(150, 600, people))
        start = day.copy()
        end = start + length
        outcome = np.where(short, rng.integers(0, 3, people), -1)
        for name, values in (
            ("person", ids),
            ("role", to_family * RUNGS + to_rung + 1),
            ("kind", kind),
            ("start", start),
            ("end", end),
            ("outcome", outcome),
        ):
            cols[name].append(np.asarray(values, dtype=np.int64)[alive])
        held_family = np.where(alive & ~short, to_family, held_family)
        held_rung = np.where(alive & ~short, to_rung, held_rung)
        day = np.where(alive, end + rng.integers(1, 60, people), day)
    columns = {k: np.concatenate(v) for k, v in cols.items()}
    horizon = (TODAY - START).days
    columns = {k: v[columns["start"] < horizon] for k, v in columns.items()}
    ongoing = columns["end"] >= horizon
    columns["end"] = np.where(ongoing, -1, columns["end"])
    return Synthetic(_history(columns, people, rng), columns)


def _history(
    columns: dict[str, np.typing.NDArray[np.int64]], people: int, rng: np.random.Generator
) -> History:
    roles = {
        role_id(f, r): RoleInfo(id=role_id(f, r), title=f"Family {f + 1} rung {r + 1}")
        for f in range(FAMILIES)
        for r in range(RUNGS)
    }
    active = rng.random(people) >= 0.15
    persons = {
        p: PersonInfo(id=p, name=f"Person {p}", team=p % TEAMS + 1, active=bool(active[p - 1]))
        for p in range(1, people + 1)
    }
    day = [START + timedelta(days=d) for d in range((TODAY - START).days + 1200)]
    steps = ordered(
        Step(
            person=p,
            role=r,
            kind=MOVE_KINDS[k],
            start=day[s],
            end=day[e] if e >= 0 else None,
            outcome=OUTCOMES[o] if o >= 0 else None,
        )
        for p, r, k, s, e, o in zip(
            *(columns[c].tolist() for c in ("person", "role", "kind", "start", "end", "outcome")),
            strict=True,
        )
    )
    teams = {t: f"Team {t}" for t in range(1, TEAMS + 1)}
    return History(roles=roles, people=persons, steps=steps, today=TODAY, teams=teams)


class Scan:
    """The DuckDB side: the same moves as one table, and the single queries we set ours against."""

    def __init__(self, columns: dict[str, np.typing.NDArray[np.int64]]) -> None:
        import duckdb

        self.folder = Path(tempfile.mkdtemp(prefix="microstep-bench-org-"))
        path = self.folder / "moves.csv"
        names = ("person", "role", "kind", "start", "end", "outcome")
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            writer.writerows(zip(*(columns[n].tolist() for n in names), strict=True))
        self.con = duckdb.connect()
        self.con.execute(f"CREATE TABLE moves AS SELECT * FROM read_csv('{path.as_posix()}')")
        path.unlink()

    def query(self, sql: str) -> list[tuple[object, ...]]:
        """Run one query to the end (every row fetched)."""
        return self.con.execute(sql).fetchall()

    def close(self) -> None:
        """Drop the connection and the scratch folder."""
        self.con.close()
        self.folder.rmdir()


def pathway_sql(target: int) -> str:
    """Each arrival's previous two roles, grouped: the single-scan floor of pathway mining."""
    return f"""
        WITH seq AS (
            SELECT role, lag(role, 1) OVER w AS prev1, lag(role, 2) OVER w AS prev2
            FROM moves WINDOW w AS (PARTITION BY person ORDER BY start)
        )
        SELECT prev2, prev1, count(*) FROM seq WHERE role = {target} GROUP BY prev2, prev1
    """


PREDICT_SQL = """
    WITH seq AS (
        SELECT person, role, lead(role) OVER w AS next, row_number() OVER w2 AS back
        FROM moves
        WINDOW w AS (PARTITION BY person ORDER BY start),
               w2 AS (PARTITION BY person ORDER BY start DESC)
    ),
    pairs AS (
        SELECT role, next, count(*) AS n FROM seq WHERE next IS NOT NULL GROUP BY role, next
    ),
    ranked AS (
        SELECT role, next, n, row_number() OVER (PARTITION BY role ORDER BY n DESC) AS k
        FROM pairs
    )
    SELECT s.person, r.next, r.n FROM seq s JOIN ranked r ON r.role = s.role
    WHERE s.back = 1 AND r.k <= 10
"""


def congestion_sql(since: int) -> str:
    """Arrivals per role since a day: the single-scan floor of throughput and aspirants."""
    return (
        "SELECT role, count(*), count(DISTINCT person) FROM moves "
        f"WHERE start >= {since} GROUP BY role"
    )


LASTING_CODES = ", ".join(str(MOVE_KINDS.index(k)) for k in sorted(LASTING_KINDS))
SUCCESSION_SQL = f"""
    SELECT person, arg_max(role, start) FROM moves WHERE kind IN ({LASTING_CODES}) GROUP BY person
"""


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@register("org", "org analytics on 100,000 people and 1,000,000 moves against DuckDB scans")
def run() -> list[Result]:
    """Each analysis against its single DuckDB query, measured in the same run."""
    people = int(os.environ.get("MICROSTEP_BENCH_ORG_PEOPLE", PEOPLE))
    data = synthetic(people)
    scan = Scan(data.columns)
    try:
        return _results(data, scan)
    finally:
        scan.close()


def skill_maps(people: int, seed: int = SEED) -> dict[int, dict[str, int]]:
    """Everyone's skill map: eight skills of their family's twenty (and two of any), levels
    1-5."""
    rng = np.random.default_rng(seed + 1)
    family = np.random.default_rng(seed).integers(0, FAMILIES, people)
    own = rng.integers(0, 20, (people, 8))
    other = rng.integers(0, FAMILIES * 20, (people, 2))
    levels = rng.integers(1, 6, (people, 10))
    maps: dict[int, dict[str, int]] = {}
    for index in range(people):
        keys = [f"s{family[index] * 20 + k}" for k in own[index]]
        keys += [f"s{k}" for k in other[index]]
        maps[index + 1] = dict(zip(keys, levels[index].tolist(), strict=True))
    return maps


def role_needs(roles: list[int]) -> dict[int, dict[str, int]]:
    """Each critical role needs eight skills of its family at level 3 or 4."""
    return {
        r: {f"s{((r - 1) // RUNGS) * 20 + k}": 3 + k % 2 for k in range(0, 16, 2)} for r in roles
    }


def _results(data: Synthetic, scan: Scan) -> list[Result]:
    history = data.history
    target = role_id(FAMILIES // 2, RUNGS // 2)
    since = (TODAY - timedelta(days=365 * 3) - START).days
    critical = [role_id(f, RUNGS - 2) for f in range(0, FAMILIES, 2)]  # 20 roles
    needs, skills = role_needs(critical), skill_maps(len(history.people))
    model: list[nextmove.Model] = []
    top: dict[int, list[nextmove.Suggestion]] = {}

    def predict() -> None:
        model[:] = [nextmove.fit(history)]
        top.update(nextmove.recommend_all(model[0], history, top=10))

    timed = {
        "pathways": _timed(lambda: pathways.mine(history, target)),
        "predict": _timed(predict),
    }
    recommended = Counter(s.role for found in top.values() for s in found[:3])
    timed["congestion"] = _timed(lambda: congestion.congestion(history, recommended=recommended))
    timed["succession"] = _timed(lambda: succession.readiness(history, critical, needs, skills))
    floors = {
        "pathways": _timed(lambda: scan.query(pathway_sql(target))),
        "predict": _timed(lambda: scan.query(PREDICT_SQL)),
        "congestion": _timed(lambda: scan.query(congestion_sql(since))),
        "succession": _timed(lambda: scan.query(SUCCESSION_SQL)),
    }
    size = f"{len(history.people):,} people, {len(history.steps):,} moves"
    names = {
        "pathways": f"mine the pathways to one role ({size})",
        "predict": f"predict-next for everyone: fit and top 10 each ({size})",
        "congestion": f"congestion of every role, top-3 recommendations counted ({size})",
        "succession": f"readiness of everyone for {len(critical)} critical roles ({size})",
    }
    return [Result(names[k], timed[k], "s", floors[k]) for k in names]
