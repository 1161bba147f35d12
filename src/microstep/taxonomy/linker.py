"""The hybrid linker: free text to taxonomy concepts, lexical and semantic scores fused.

Lexical: an exact label match scores 1; otherwise the best label's character 3-gram TF-IDF
cosine. Semantic: the cosine between the phrase's embedding and the concept's, the unit mean of
its labels' embeddings. The two are mixed with fixed weights tuned by ``microstep bench link`` on
labels held out of the index, and a fuzzy ratio breaks near ties. A phrase whose best fused score
falls below the threshold gets no match: "nothing fits" beats noise.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from microstep.taxonomy import semantic
from microstep.taxonomy.lexical import TfidfIndex, exact_key, fuzzy, word_features
from microstep.taxonomy.text import Span, candidate_spans, char_ngrams, normalize

Mode = Literal["hybrid", "lexical", "semantic"]
FloatArray = npt.NDArray[np.float32]
CHUNK = 128  # phrases scored at once: bounds the dense (chunk x labels) lexical block
POOL = 20  # candidates the fuzzy tie-break looks at
INDEX_VERSION = 1  # bump when the index's content or layout changes: old caches are ignored


@dataclass(frozen=True)
class Match:
    """One concept a phrase links to."""

    id: str
    label: str
    score: float
    span: str | None = None  # extraction: the words that named it


@dataclass(frozen=True)
class Weights:
    """How the parts combine, and when nothing fits."""

    lexical: float = 0.5
    semantic: float = 0.5
    fuzzy: float = 0.05
    word: float = 0.3
    threshold: float = 0.5
    extract_threshold: float = 0.7  # a span in running text must fit better than a typed phrase


@dataclass(frozen=True)
class Concept:
    """A concept the linker can return, with every label that names it."""

    uri: str
    label: str
    labels: tuple[str, ...]


class Linker:
    """Ranks concepts for phrases; built once per taxonomy version and reused."""

    def __init__(self, concepts: Sequence[Concept], weights: Weights = Weights()) -> None:
        self.concepts = list(concepts)
        self.weights = weights
        self.preferred_norm = [normalize(c.label) for c in self.concepts]
        self.exact: dict[str, list[int]] = {}
        if not any(c.labels for c in self.concepts):  # `load` fills in the rest
            return
        owners: list[int] = []
        texts: list[str] = []
        for index, concept in enumerate(self.concepts):
            for text in dict.fromkeys(normalize(t) for t in (concept.label, *concept.labels)):
                if text:
                    owners.append(index)
                    texts.append(text)
                    self.exact.setdefault(exact_key(text), []).append(index)
        self.label_texts = texts
        self.label_owner = np.asarray(owners, dtype=np.int64)
        self.starts = np.flatnonzero(np.r_[True, np.diff(self.label_owner) != 0])
        self.ngrams = TfidfIndex(texts)
        self.words = TfidfIndex(texts, word_features)
        vectors = semantic.encode(texts)
        sums = np.add.reduceat(vectors, self.starts, axis=0)
        self.centroids = semantic.unit_rows(sums)

    def save(self, folder: Path) -> None:
        """Write the built index to `folder` (arrays and JSON, no pickle), atomically."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".linker-"))
        meta = {
            "version": INDEX_VERSION,
            "concepts": [[c.uri, c.label] for c in self.concepts],
            "labels": self.label_texts,
            "exact": self.exact,
            "ngrams": list(self.ngrams.vocabulary),
            "words": list(self.words.vocabulary),
        }
        (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        arrays: dict[str, npt.NDArray[Any]] = {
            "owner": self.label_owner,
            "centroids": self.centroids,
            **self.ngrams.arrays("ngrams"),
            **self.words.arrays("words"),
        }
        np.savez(staging / "arrays.npz", allow_pickle=False, **arrays)
        try:
            staging.rename(folder)
        except OSError:  # another process saved it first: theirs is as good
            shutil.rmtree(staging, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, weights: Weights = Weights()) -> Linker | None:
        """A linker saved by `save`, or None when the folder is missing or from another version."""
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            if meta.get("version") != INDEX_VERSION:
                return None
            with np.load(folder / "arrays.npz", allow_pickle=False) as stored:
                arrays = dict(stored)
        except (OSError, ValueError, KeyError):
            return None
        linker = cls([Concept(uri, label, ()) for uri, label in meta["concepts"]], weights)
        linker.label_texts = meta["labels"]
        linker.label_owner = arrays["owner"]
        linker.starts = np.flatnonzero(np.r_[True, np.diff(linker.label_owner) != 0])
        linker.exact = meta["exact"]
        linker.ngrams = TfidfIndex.restore(arrays, "ngrams", meta["ngrams"], char_ngrams)
        linker.words = TfidfIndex.restore(arrays, "words", meta["words"], word_features)
        linker.centroids = arrays["centroids"]
        return linker

    def __len__(self) -> int:
        return len(self.concepts)

    def link(
        self,
        phrases: Sequence[str],
        top: int = 5,
        mode: Mode = "hybrid",
        progress: Callable[[int], None] | None = None,
    ) -> list[list[Match]]:
        """The best `top` concepts for each phrase, best first; [] where nothing fits."""
        results: list[list[Match]] = []
        for start in range(0, len(phrases), CHUNK):
            chunk = [normalize(p) for p in phrases[start : start + CHUNK]]
            results.extend(self._link_chunk(chunk, top, mode))
            if progress is not None:
                progress(len(chunk))
        return results

    def extract(self, texts: Sequence[str], top: int = 5) -> list[list[Match]]:
        """Concepts named anywhere in each text.

        Every short span is linked; a one-word span counts only when it is a label as it stands
        ("SQL"), since single words link loosely. Spans are then kept best first, never two
        overlapping, so "talk to customers" is not also read as "customers".
        """
        results: list[list[Match]] = []
        for text in texts:
            spans = candidate_spans(text)
            unique = list(dict.fromkeys(s.text for s in spans))
            found = dict(zip(unique, self.link(unique, top=1), strict=True))
            scored = []
            for span in spans:
                for m in found[span.text]:
                    if span.end - span.start == 1 and not self._names_alone(span.text):
                        continue
                    if m.score >= self.weights.extract_threshold:
                        scored.append((m.score, span.end - span.start, span, m))
            results.append(self._decode(scored)[:top])
        return results

    def _names_alone(self, word: str) -> bool:
        """Whether one word of running text names a concept on its own: it must be a label as
        it stands, and either a preferred label ("accounting") or written as a name ("Python",
        "SQL"); "led" and "board" are alternative labels of LEDs and scaffolding, not skills."""
        key = exact_key(normalize(word))
        owners = self.exact.get(key, [])
        preferred = any(exact_key(self.preferred_norm[i]) == key for i in owners)
        return bool(owners) and (preferred or any(ch.isupper() for ch in word))

    @staticmethod
    def _decode(scored: list[tuple[float, int, Span, Match]]) -> list[Match]:
        taken: set[int] = set()
        best: dict[str, Match] = {}
        for score, _size, span, m in sorted(scored, key=lambda t: (-t[0], -t[1], t[2].start)):
            words = set(range(span.start, span.end))
            if words & taken or m.id in best:
                continue
            taken |= words
            best[m.id] = Match(m.id, m.label, m.score, span.text)
        return sorted(best.values(), key=lambda m: (-m.score, m.label))

    def scores(self, phrases: Sequence[str], mode: Mode = "hybrid") -> FloatArray:
        """Fused scores of normalised phrases against every concept (phrases x concepts)."""
        w = self.weights
        total = np.zeros((len(phrases), len(self.concepts)), dtype=np.float32)
        if mode != "semantic":
            per_label = (
                self.ngrams.scores(phrases) * (1 - w.word) + self.words.scores(phrases) * w.word
            )
            lexical = np.maximum.reduceat(per_label.toarray(), self.starts, axis=1)
            for row, phrase in enumerate(phrases):
                lexical[row, self.exact.get(exact_key(phrase), [])] = 1.0
            total += lexical * (w.lexical if mode == "hybrid" else 1.0)
        if mode != "lexical":
            semantic_scores = semantic.encode(phrases) @ self.centroids.T
            total += semantic_scores * (w.semantic if mode == "hybrid" else 1.0)
        return total

    def _link_chunk(self, phrases: list[str], top: int, mode: Mode) -> list[list[Match]]:
        fused = self.scores(phrases, mode)
        pool = min(max(POOL, top), len(self.concepts))
        candidates = np.argpartition(-fused, pool - 1, axis=1)[:, :pool]
        results: list[list[Match]] = []
        for row, phrase in enumerate(phrases):
            if not phrase:
                results.append([])
                continue
            ranked = self._rerank(phrase, candidates[row], fused[row], mode)
            results.append(ranked[:top])
        return results

    def _rerank(
        self, phrase: str, candidates: npt.NDArray[np.int64], fused: FloatArray, mode: Mode
    ) -> list[Match]:
        bonus = self.weights.fuzzy if mode == "hybrid" else 0.0
        scored = []
        for index in candidates:
            score = float(fused[index])
            if bonus:
                score += bonus * fuzzy(phrase, self.preferred_norm[index])
            scored.append((score, int(index)))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        threshold = self.weights.threshold if mode == "hybrid" else -np.inf
        return [
            Match(self.concepts[i].uri, self.concepts[i].label, round(min(s, 1.0), 4))
            for s, i in scored
            if s >= threshold
        ]
