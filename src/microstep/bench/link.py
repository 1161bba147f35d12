"""`microstep bench link`: how well and how fast free text links to ESCO skills.

The evaluation comes from ESCO itself: alternative and hidden labels are held out of the index
(a fixed seed picks them; one per skill, and only labels no other skill shares) and linked back;
a hit is the skill they belong to. The same held-out set ranks three ways in one run: the hybrid,
lexical-only and embedding-only. The linker's weights were tuned on a different seed's sample.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from microstep.bench import Result, register
from microstep.services import taxonomy
from microstep.store.db import open_database
from microstep.taxonomy.lexical import exact_key
from microstep.taxonomy.linker import Concept, Linker, Mode
from microstep.taxonomy.sources import SKILL_PREFIX, SOURCES, read_tsv
from microstep.taxonomy.text import normalize

SEED = 2026
QUALITY_PHRASES = 2_000
SPEED_PHRASES = 10_000
# Phrases about nothing in ESCO: a linker that says "nothing fits" to these is not guessing.
UNRELATED = [
    "the weather is lovely today",
    "my cat sleeps on the sofa",
    "asdf qwerty zxcv",
    "lorem ipsum dolor sit amet",
    "banana bread with walnuts",
    "see you next tuesday",
    "xyzzy plugh",
    "happy birthday grandma",
    "the train was late again",
    "blue sky thinking tuesday",
]


@dataclass(frozen=True)
class Evaluation:
    """Concepts with some labels held out, and the held-out (label, concept index) pairs."""

    concepts: list[Concept]
    held_out: list[tuple[str, int]]


def evaluation(size: int, seed: int = SEED) -> Evaluation:
    """Hold out up to `size` labels, one per skill, that no other label of any skill shares."""
    rows = list(read_tsv("esco_skills.tsv.gz"))
    labels = [[x for x in (r["alt"] + "|" + r["hidden"]).split("|") if x] for r in rows]
    rng = random.Random(seed)
    order = list(range(len(rows)))
    rng.shuffle(order)
    held: list[tuple[str, int]] = []
    for i in order:
        own = [x for x in labels[i] if normalize(x) != normalize(rows[i]["preferred"])]
        if len(own) >= 2 and len(held) < size:
            pick = rng.choice(own)
            labels[i] = [x for x in labels[i] if x != pick]
            held.append((pick, i))
    kept = {exact_key(normalize(x)) for r, ls in zip(rows, labels, strict=True) for x in ls}
    kept |= {exact_key(normalize(r["preferred"])) for r in rows}
    held = [(x, i) for x, i in held if exact_key(normalize(x)) not in kept]
    concepts = [
        Concept(SKILL_PREFIX + r["uuid"], r["preferred"], tuple(ls))
        for r, ls in zip(rows, labels, strict=True)
    ]
    return Evaluation(concepts, held)


@dataclass(frozen=True)
class Quality:
    """Recall@1, Recall@5 and mean reciprocal rank (within the top 5)."""

    recall1: float
    recall5: float
    mrr: float


def quality(linker: Linker, held: Sequence[tuple[str, int]], mode: Mode) -> Quality:
    """Rank the held-out labels and score the ranking."""
    results = linker.link([text for text, _ in held], top=5, mode=mode)
    hits1 = hits5 = reciprocal = 0.0
    for (_, index), matches in zip(held, results, strict=True):
        ids = [m.id for m in matches]
        wanted = linker.concepts[index].uri
        if wanted in ids:
            rank = ids.index(wanted) + 1
            hits1 += rank == 1
            hits5 += 1
            reciprocal += 1 / rank
    n = len(held)
    return Quality(hits1 / n, hits5 / n, reciprocal / n)


def _seconds(action: object) -> float:
    start = time.perf_counter()
    action() if callable(action) else None
    return time.perf_counter() - start


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@register("link", "Linking phrases to ESCO skills: quality, speed, memory and load time.")
def run() -> list[Result]:
    """Quality of the three rankers, throughput, memory and taxonomy load time."""
    results = _load_times()
    start_mb = _peak_mb()
    evalset = evaluation(SPEED_PHRASES + SPEED_PHRASES // 5)  # some are dropped as shared
    start = time.perf_counter()
    linker = Linker(evalset.concepts)
    build_s = time.perf_counter() - start
    held = evalset.held_out[:QUALITY_PHRASES]
    scores = {mode: quality(linker, held, mode) for mode in ("hybrid", "lexical", "semantic")}
    base = scores["lexical"]
    for mode, label in (
        ("hybrid", "hybrid"),
        ("lexical", "lexical only"),
        ("semantic", "embedding only"),
    ):
        q = scores[mode]
        results += [
            Result(f"Recall@1, {label} (baseline lexical only)", q.recall1, "share", base.recall1),
            Result(f"Recall@5, {label} (baseline lexical only)", q.recall5, "share", base.recall5),
            Result(f"MRR, {label} (baseline lexical only)", q.mrr, "share", base.mrr),
        ]
    silent = sum(not m for m in linker.link(UNRELATED, top=5)) / len(UNRELATED)
    results.append(
        Result("unrelated phrases answered 'nothing fits' (baseline all)", silent, "share", 1.0)
    )
    phrases = [text for text, _ in evalset.held_out][:SPEED_PHRASES]
    hybrid_s = _seconds(lambda: linker.link(phrases, top=5))
    lexical_s = _seconds(lambda: linker.link(phrases, top=5, mode="lexical"))
    results += [
        Result(
            f"link {len(phrases):,} phrases, hybrid (baseline lexical only)",
            hybrid_s,
            "s",
            lexical_s,
        ),
        Result(
            "phrases per second, hybrid (baseline lexical only)",
            len(phrases) / hybrid_s,
            "1/s",
            len(phrases) / lexical_s,
        ),
        Result(
            "build the skill index (baseline: reload it from the cache)",
            build_s,
            "s",
            _reload_s(linker),
        ),
        Result("peak memory (baseline: before the index)", _peak_mb(), "MB", start_mb),
    ]
    return results


def _reload_s(linker: Linker) -> float:
    with tempfile.TemporaryDirectory() as folder:
        linker.save(Path(folder) / "index")
        return _seconds(lambda: Linker.load(Path(folder) / "index"))


def _load_times() -> list[Result]:
    """Loading both taxonomies into a new SQLite file against only reading the shipped rows."""
    read_s = _seconds(lambda: [list(t.rows) for s in SOURCES for t in s.tables()])
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        load_s = _seconds(lambda: taxonomy.load_taxonomy(db))
        db.dispose()
    return [
        Result("load ESCO and O*NET into SQLite (baseline: read the files)", load_s, "s", read_s)
    ]
