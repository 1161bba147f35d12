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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

from microstep.taxonomy import semantic
from microstep.taxonomy.lexical import (
    Speller,
    TfidfIndex,
    exact_key,
    fuzzy,
    l2_rows,
    word_features,
)
from microstep.taxonomy.text import Span, candidate_spans, char_ngrams, normalize

Mode = Literal["hybrid", "lexical", "semantic"]
FloatArray = npt.NDArray[np.float32]
CHUNK = 512  # phrases scored at once: bounds the dense (chunk x concepts) blocks
POOL = 40  # candidates the first pass hands to the label-level second pass
COMMON_GRAM = 0.01  # share of labels above which an n-gram is left out of the first pass
RERANK_SLACK = 5  # beyond the top K, how many more the fuzzy tie-break may promote
VENDOR_NAMES = 5  # a first word shared by this many product names is a vendor ("microsoft")
RARE_LABELS = 5  # a product word in more labels than this is too common to stand alone
MIN_ALIAS = 4  # characters
EXACT_LEAD = 2.0  # added to an exact label's score: above any blend, so it ranks first
INDEX_VERSION = 6  # bump when the index's content or layout changes: old caches are ignored


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
        self.aliases: dict[str, list[int]] = {}  # product names standing for a concept
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
        self._pool()

    def save(self, folder: Path) -> None:
        """Write the built index to `folder` (arrays and JSON, no pickle), atomically."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".linker-"))
        meta = {
            "version": INDEX_VERSION,
            "concepts": [[c.uri, c.label] for c in self.concepts],
            "labels": self.label_texts,
            "exact": self.exact,
            "aliases": self.aliases,
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
        """A linker saved by `save`, or None when the folder is missing, from another version
        or damaged in any way (then the caller rebuilds it)."""
        try:
            return cls._load(folder, weights)
        except Exception:  # a cache is only a shortcut: any fault means "build it again"
            return None

    @classmethod
    def _load(cls, folder: Path, weights: Weights) -> Linker | None:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("version") != INDEX_VERSION:
            return None
        with np.load(folder / "arrays.npz", allow_pickle=False) as stored:
            arrays = dict(stored)
        linker = cls([Concept(uri, label, ()) for uri, label in meta["concepts"]], weights)
        linker.label_texts = meta["labels"]
        linker.label_owner = arrays["owner"]
        linker.starts = np.flatnonzero(np.r_[True, np.diff(linker.label_owner) != 0])
        linker.exact = meta["exact"]
        linker.aliases = meta["aliases"]
        linker.ngrams = TfidfIndex.restore(arrays, "ngrams", meta["ngrams"], char_ngrams)
        linker.words = TfidfIndex.restore(arrays, "words", meta["words"], word_features)
        linker.centroids = arrays["centroids"]
        linker._pool()
        return linker

    def __len__(self) -> int:
        return len(self.concepts)

    def alias_products(self, products: Sequence[tuple[str, str]]) -> int:
        """Let product names stand for the concept their category names exactly.

        `products` are (name, category) pairs such as O*NET's ("Microsoft Excel", "Spreadsheet
        software"). A category maps to a concept only when it, or "use" + it, is one of the
        concept's labels ("use spreadsheets software"). The full name becomes an alias, and so
        does its last part when the first word is a vendor (the first word of five or more
        names) and that part is rare in the labels ("excel", "powerpoint"; not "word"), so
        "excel pivot tables" is about spreadsheets. Returns how many aliases were added.
        """
        vendors = Counter(
            words[0] for words in (normalize(n).split() for n, _ in products) if words
        )
        seen = Counter(w for text in self.label_texts for w in set(text.split()))
        before = len(self.aliases)
        for name, category in products:
            owners = self._category_owners(category)
            if not owners:
                continue
            full = normalize(name)
            keys = [full]
            first, _, rest = full.partition(" ")
            if rest and vendors[first] >= VENDOR_NAMES and self._rare(rest, seen):
                keys.append(rest)
            for key in keys:
                known = self.aliases.setdefault(exact_key(key), [])
                known.extend(o for o in owners if o not in known)
        return len(self.aliases) - before

    def _category_owners(self, category: str) -> list[int]:
        for text in (category, f"use {category}"):
            owners = self.exact.get(exact_key(normalize(text)))
            if owners:
                return owners
        return []

    @staticmethod
    def _rare(words: str, seen: Counter[str]) -> bool:
        """Whether every word of `words` is in at most RARE_LABELS labels, as written."""
        return len(words) >= MIN_ALIAS and all(seen[w] <= RARE_LABELS for w in words.split())

    def _alias_hits(self, phrase: str) -> list[int]:
        """Concepts whose product names occur in the phrase as whole words."""
        words = phrase.split()
        hits: list[int] = []
        for size in range(1, min(4, len(words)) + 1):
            for start in range(len(words) - size + 1):
                hits += self.aliases.get(exact_key(" ".join(words[start : start + size])), [])
        return hits

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
            chunk = [self.speller.mend(normalize(p)) for p in phrases[start : start + CHUNK]]
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
        if key in self.aliases:
            return True
        owners = self.exact.get(key, [])
        preferred = any(exact_key(self.preferred_norm[i]) == key for i in owners)
        return bool(owners) and (preferred or any(ch.isupper() for ch in word))

    @staticmethod
    def _decode(scored: list[tuple[float, int, Span, Match]]) -> list[Match]:
        taken: set[int] = set()
        best: dict[str, Match] = {}
        for _score, _size, span, m in sorted(scored, key=lambda t: (-t[0], -t[1], t[2].start)):
            words = set(range(span.start, span.end))
            if words & taken or m.id in best:
                continue
            taken |= words
            best[m.id] = Match(m.id, m.label, m.score, span.text)
        return sorted(best.values(), key=lambda m: (-m.score, m.label))

    def _pool(self) -> None:
        """Concept-level lexical vectors (the unit sum of a concept's label vectors): a cheap
        first pass over 14,000 concepts instead of 112,000 labels."""
        n_labels = len(self.label_texts)
        members = sparse.csr_matrix(
            (np.ones(n_labels, dtype=np.float32), (self.label_owner, np.arange(n_labels))),
            shape=(len(self.concepts), n_labels),
        )
        # The first pass skips n-grams in over 1% of labels ("ion", " co"): they say little
        # about which concept is meant but make most of the work of the product.
        common = np.bincount(self.ngrams.rows.indices, minlength=self.ngrams.rows.shape[1])
        rare = sparse.diags((common <= COMMON_GRAM * n_labels).astype(np.float32))
        self.pooled_ngrams = l2_rows(members @ self.ngrams.rows @ rare).T.tocsr()
        self.pooled_ngrams.eliminate_zeros()
        self.pooled_words = l2_rows(members @ self.words.rows).T.tocsr()
        self.ends = np.r_[self.starts[1:], n_labels]
        surface = sorted({w for text in self.label_texts for w in text.split()})
        self.speller = Speller(surface, semantic.known_words())

    def _parts(self, mode: Mode) -> tuple[float, float, float]:
        """Weights of the character n-grams, words and embeddings for a mode."""
        w = self.weights
        lexical = w.lexical if mode == "hybrid" else 1.0 if mode == "lexical" else 0.0
        meaning = w.semantic if mode == "hybrid" else 1.0 if mode == "semantic" else 0.0
        return lexical * (1 - w.word), lexical * w.word, meaning

    def _link_chunk(self, phrases: list[str], top: int, mode: Mode) -> list[list[Match]]:
        """Two passes: concept-level scores pick a pool of candidates, then each candidate's
        lexical score becomes the best of its own labels (a concept is as close as its nearest
        name), the exact-label bonus applies and a fuzzy ratio breaks near ties."""
        char_w, word_w, sem_w = self._parts(mode)
        coarse = np.zeros((len(phrases), len(self.concepts)), dtype=np.float32)
        grams = self.ngrams.vectors(phrases)
        words = self.words.vectors(phrases)
        if char_w or word_w:
            coarse += (grams @ self.pooled_ngrams).toarray() * char_w
            coarse += (words @ self.pooled_words).toarray() * word_w
        meaning = np.zeros_like(coarse)
        if sem_w:
            meaning = semantic.encode(phrases) @ self.centroids.T
            coarse += meaning * sem_w
        exact = np.zeros_like(coarse, dtype=bool)
        named = np.zeros_like(coarse, dtype=bool)  # a product name of the concept is in it
        if char_w:
            for row, phrase in enumerate(phrases):
                exact[row, self.exact.get(exact_key(phrase), [])] = True
                named[row, self._alias_hits(phrase)] = True
            coarse[exact | named] += char_w + word_w
        pool = min(max(POOL, top), len(self.concepts))
        candidates = np.argpartition(-coarse, pool - 1, axis=1)[:, :pool]
        lexical = self._label_best(grams, words, candidates, char_w, word_w)
        as_typed = np.take_along_axis(exact, candidates, axis=1)
        lexical[as_typed | np.take_along_axis(named, candidates, axis=1)] = char_w + word_w
        fused = lexical + np.take_along_axis(meaning, candidates, axis=1) * sem_w
        fused[as_typed] += EXACT_LEAD  # a label as typed outranks every near miss
        order = np.argsort(-fused, axis=1, kind="stable")[:, : top + RERANK_SLACK]
        shortlist = np.take_along_axis(candidates, order, axis=1)
        best = np.take_along_axis(fused, order, axis=1)
        return [
            self._rerank(phrase, shortlist[row], best[row], mode)[:top] if phrase else []
            for row, phrase in enumerate(phrases)
        ]

    def _label_best(
        self,
        grams: sparse.csr_matrix,
        words: sparse.csr_matrix,
        candidates: npt.NDArray[np.int64],
        char_w: float,
        word_w: float,
    ) -> FloatArray:
        """For each (phrase, candidate concept): the best weighted cosine over the concept's
        labels, computed for those labels only, all phrases of the chunk at once."""
        if not (char_w or word_w):
            return np.zeros(candidates.shape, dtype=np.float32)
        flat = candidates.ravel()
        sizes = self.ends[flat] - self.starts[flat]
        labels = np.repeat(self.starts[flat] - np.r_[0, np.cumsum(sizes)[:-1]], sizes)
        labels += np.arange(sizes.sum())
        phrase_of = np.repeat(np.arange(candidates.shape[0]), candidates.shape[1])
        phrase_of = np.repeat(phrase_of, sizes)
        per_label = (
            np.asarray(self.ngrams.rows[labels].multiply(grams[phrase_of]).sum(axis=1)).ravel()
            * char_w
        )
        per_label += (
            np.asarray(self.words.rows[labels].multiply(words[phrase_of]).sum(axis=1)).ravel()
            * word_w
        )
        bounds = np.r_[0, np.cumsum(sizes)[:-1]]
        best = np.maximum.reduceat(per_label, bounds)
        return best.reshape(candidates.shape).astype(np.float32)

    def _rerank(
        self, phrase: str, candidates: npt.NDArray[np.int64], fused: FloatArray, mode: Mode
    ) -> list[Match]:
        bonus = self.weights.fuzzy if mode == "hybrid" else 0.0
        scored = []
        for index, base in zip(candidates, fused, strict=True):
            score = float(base)
            if bonus:
                score += bonus * fuzzy(phrase, self.preferred_norm[index])
            scored.append((score, int(index)))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        threshold = self.weights.threshold if mode == "hybrid" else -np.inf
        return [
            Match(self.concepts[i].uri, self.concepts[i].label, _shown(s))
            for s, i in scored
            if s >= threshold
        ]


def _shown(score: float) -> float:
    """1.0 only for an exact label; a blend, however close, stays below it."""
    return 1.0 if score >= EXACT_LEAD else round(min(score, 0.99), 4)
