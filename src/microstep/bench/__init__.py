"""Named benchmarks for `microstep bench NAME`: ours against a baseline measured in the same run.

One module per benchmark; each registers a function returning its results.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from microstep.errors import InvalidInput


@dataclass(frozen=True)
class Result:
    """One measured figure beside its baseline; ratio is ours divided by the baseline."""

    metric: str
    value: float
    unit: str
    baseline: float

    @property
    def ratio(self) -> float:
        """Ours / baseline (below 1 is faster or smaller when the unit is a cost)."""
        return self.value / self.baseline if self.baseline else float("inf")

    def as_dict(self) -> dict[str, object]:
        """The contract's JSON shape of one result."""
        return {
            "metric": self.metric,
            "value": round(self.value, 4),
            "unit": self.unit,
            "baseline": round(self.baseline, 4),
            "ratio": round(self.ratio, 3),
        }


Runner = Callable[[], list[Result]]
REGISTRY: dict[str, tuple[str, Runner]] = {}


def register(name: str, description: str) -> Callable[[Runner], Runner]:
    """Add a benchmark under `name`."""

    def wrap(runner: Runner) -> Runner:
        REGISTRY[name] = (description, runner)
        return runner

    return wrap


def run(name: str) -> list[Result]:
    """Run one benchmark by name, or say which names exist."""
    from microstep.bench import (  # noqa: F401  (they register themselves)
        api,
        dashboard,
        link,
        match,
        move_import,
        org,
        personal,
        predict,
    )

    if name not in REGISTRY:
        known = ", ".join(sorted(REGISTRY))
        raise InvalidInput(f"There is no benchmark '{name}': try one of {known}.", field="name")
    return REGISTRY[name][1]()


def paired_ms(
    ours: Callable[[], object], baseline: Callable[[], object], *, repeat: int = 25
) -> tuple[float, float]:
    """Median times of two actions measured alternately, so machine noise hits both alike."""
    ours(), baseline()
    first: list[float] = []
    second: list[float] = []
    for _ in range(repeat):
        for action, samples in ((ours, first), (baseline, second)):
            start = time.perf_counter()
            action()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(first), statistics.median(second)


def compare(name: str, ours: Callable[[], object], floor: Callable[[], object]) -> Result:
    """One result: our median time against the floor's, measured alternately."""
    mine, base = paired_ms(ours, floor)
    return Result(name, mine, "ms", base)
