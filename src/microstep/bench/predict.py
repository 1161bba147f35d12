"""`microstep bench predict`: next-role prediction on a temporal split of the demo org's history.

Train on the moves that started before a cut date (two years before the demo's today); for each
person whose next change of role comes after the cut, rank candidates from what they had done by
then, and see where the role they really moved to lands: Recall@5, Recall@10 and MRR (over the
top 10). The recommender (core.nextmove, with the public prior read from a scratch SQLite with
ESCO and O*NET loaded) is measured beside two baselines in the same run, on the same people:

- most popular: the roles most people moved into, whatever one's role;
- first order: the roles people moved to next from the same current role, by count, the rest of
  the list filled by popularity (a plain Markov chain, fairly helped).

Each metric is reported twice, once against each baseline.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from microstep.bench import Result, register
from microstep.core import nextmove
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered, role_sequence
from microstep.core.prior import Prior
from microstep.demo.org_history import ROLES, demo_history
from microstep.services import taxonomy
from microstep.services.nextmove import load_prior
from microstep.store.db import open_database
from microstep.taxonomy.sources import OCCUPATION_PREFIX

TODAY = date(2026, 11, 18)
CUT_WEEKS = 104  # the cut: two years before today
RANKED = 10

Ranker = Callable[[Sequence[Step]], list[int]]


@dataclass(frozen=True)
class Case:
    """One person to predict for: their steps before the cut and the role they moved to next."""

    person: int
    before: tuple[Step, ...]
    truth: int


@dataclass(frozen=True)
class Scores:
    """How a ranker did over the cases."""

    recall5: float
    recall10: float
    mrr: float
    cases: int


def demo_rows_history(today: date = TODAY) -> History:
    """The demo org's five years of moves as a History, roles with their ESCO and O*NET codes."""
    rows = demo_history(today).rows
    titles = sorted({r.role for r in rows})
    roles = {}
    for rid, title in enumerate(titles, 1):
        uuid, code = ROLES.get(title, (None, None))
        uri = f"{OCCUPATION_PREFIX}{uuid}" if uuid else None
        roles[rid] = RoleInfo(rid, title, occupation_uri=uri, onet_code=code)
    by_title = {info.title: rid for rid, info in roles.items()}
    people = {p: i for i, p in enumerate(sorted({r.person for r in rows}), 1)}
    steps = ordered(Step(people[r.person], by_title[r.role], r.kind, r.start, r.end) for r in rows)
    return History(
        roles=roles,
        people={i: PersonInfo(i, name=p) for p, i in people.items()},
        steps=steps,
        today=today,
    )


def split(history: History, cut: date) -> tuple[History, list[Case]]:
    """The history as it was known at the cut, and the people whose next role came after."""
    train = tuple(s for s in history.steps if s.start < cut)
    known = History(history.roles, history.people, train, cut, history.teams)
    before = known.careers()
    cases = []
    for person, career in history.careers().items():
        past = before.get(person, [])
        seen = role_sequence(past)
        full = role_sequence(career)
        if seen and len(full) > len(seen):
            cases.append(Case(person, tuple(past), full[len(seen)]))
    return known, cases


def score(cases: Sequence[Case], ranker: Ranker) -> Scores:
    """Recall@5, Recall@10 and MRR (over the top 10) of a ranker on the cases."""
    hits5 = hits10 = 0
    reciprocal = 0.0
    for case in cases:
        ranked = ranker(case.before)[:RANKED]
        if case.truth in ranked:
            rank = ranked.index(case.truth) + 1
            hits5 += rank <= 5
            hits10 += 1
            reciprocal += 1 / rank
    n = max(1, len(cases))
    return Scores(hits5 / n, hits10 / n, reciprocal / n, len(cases))


def rankers(train: History, prior: Prior, *, prior_scale: float = 1.0) -> dict[str, Ranker]:
    """The recommender and the two baselines, all fitted on the training history."""
    model = nextmove.fit(train, prior, prior_scale=prior_scale)
    popularity = model.popularity
    popular = [r for r, _ in sorted(popularity.items(), key=lambda p: (-p[1], p[0]))]

    def ours(career: Sequence[Step]) -> list[int]:
        return [s.role for s in nextmove.recommend(model, career, role=None, top=RANKED)]

    def most_popular(career: Sequence[Step]) -> list[int]:
        current = role_sequence(career)[-1]
        return [r for r in popular if r != current][:RANKED]

    def first_order(career: Sequence[Step]) -> list[int]:
        current = role_sequence(career)[-1]
        counts: Counter[int] = model.order1.get(current, Counter())
        seen = sorted(counts, key=lambda r: (-counts[r], -popularity[r], r))
        rest = [r for r in popular if r not in counts and r != current]
        return (seen + rest)[:RANKED]

    return {"ours": ours, "most popular": most_popular, "first order": first_order}


def evaluate(
    history: History, prior: Prior, cut: date, *, prior_scale: float = 1.0
) -> dict[str, Scores]:
    """Each ranker's scores on the temporal split at `cut`."""
    train, cases = split(history, cut)
    found = rankers(train, prior, prior_scale=prior_scale)
    return {name: score(cases, rank) for name, rank in found.items()}


INNER_WEEKS = (52, 78)  # inner cuts, before the outer cut
SCALES = (0.0, 0.5, 1.0, 2.0, 4.0)


def inner(
    history: History,
    prior: Prior,
    cut: date,
    *,
    weeks: Sequence[int] = INNER_WEEKS,
    scales: Sequence[float] = SCALES,
) -> dict[float, list[Scores]]:
    """The recommender with the prior's share scaled, on inner temporal splits of the training
    period only (nothing at or after `cut` is read): per scale, its scores at each inner cut.
    How core.nextmove's `prior_scale` of 1 was checked without looking at the test period."""
    train, _ = split(history, cut)
    return {
        scale: [
            evaluate(train, prior, cut - timedelta(weeks=w), prior_scale=scale)["ours"]
            for w in weeks
        ]
        for scale in scales
    }


def results(scores: dict[str, Scores]) -> list[Result]:
    """Each metric of the recommender against each baseline."""
    ours = scores["ours"]
    out = []
    for baseline in ("most popular", "first order"):
        base = scores[baseline]
        for label, attr in (("Recall@5", "recall5"), ("Recall@10", "recall10"), ("MRR", "mrr")):
            out.append(
                Result(
                    f"{label} on {ours.cases} people (baseline: {baseline})",
                    getattr(ours, attr),
                    "share",
                    getattr(base, attr),
                )
            )
    return out


def public_prior() -> Prior:
    """The prior from a scratch SQLite with ESCO and O*NET loaded."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        try:
            taxonomy.ensure_taxonomy(db)
            with db.transaction() as session:
                return load_prior(session)
        finally:
            db.dispose()


@register(
    "predict",
    "Next roles on a temporal split of the demo org: Recall@5/10 and MRR against the most "
    "popular next role and a first-order transition model.",
)
def run(prior: Prior | None = None) -> list[Result]:
    """The benchmark on the demo org's history."""
    history = demo_rows_history(TODAY)
    cut = TODAY - timedelta(weeks=CUT_WEEKS)
    return results(evaluate(history, public_prior() if prior is None else prior, cut))
