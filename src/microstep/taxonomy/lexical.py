"""Lexical matching: exact labels, character n-gram TF-IDF and fuzzy ratios."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import snowballstemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from scipy import sparse

from microstep.core.text import singular
from microstep.taxonomy.text import char_ngrams, singular_phrase

FloatArray = npt.NDArray[np.float32]
MIN_MENDED = 4  # shorter words are too often acronyms ("sql", "aws") to mend
MEND_CUTOFF = 0.75  # edit similarity (transpositions count once) a replacement must reach
IntArray = npt.NDArray[np.int64]


_STEMMER = snowballstemmer.stemmer("english")


def word_features(phrase: str) -> list[str]:
    """Word stems (Snowball): 'stakeholder communication' and 'communicate with stakeholders'
    share 'stakehold' and 'communic'."""
    return [str(stem) for stem in _STEMMER.stemWords(phrase.split())]


class TfidfIndex:
    """TF-IDF vectors of every label over some features, L2-normalised, in one sparse matrix.

    With character 3-grams it forgives typos and word forms; with words it rewards a rare word
    ("excel", "kubernetes") that n-grams spread thin.
    """

    def __init__(
        self, labels: Sequence[str], features: Callable[[str], list[str]] = char_ngrams
    ) -> None:
        self.features = features
        if not labels:  # an index restored by `restore` fills these in
            self.vocabulary: dict[str, int] = {}
            self.idf = np.zeros(0, dtype=np.float32)
            self.rows = sparse.csr_matrix((0, 0), dtype=np.float32)
            return
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for row, label in enumerate(labels):
            for gram in set(features(label)):
                rows.append(row)
                cols.append(vocabulary.setdefault(gram, len(vocabulary)))
        self.vocabulary = vocabulary
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(labels), len(vocabulary)),
        )
        df = np.bincount(cols, minlength=len(vocabulary)).astype(np.float32)
        self.idf = np.log((1 + len(labels)) / (1 + df)).astype(np.float32) + 1
        self.rows = l2_rows(counts @ sparse.diags(self.idf))  # one unit vector per label

    def arrays(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        """The index as plain arrays, for the on-disk cache."""
        return {
            f"{prefix}_idf": self.idf,
            f"{prefix}_data": self.rows.data,
            f"{prefix}_indices": self.rows.indices,
            f"{prefix}_indptr": self.rows.indptr,
            f"{prefix}_shape": np.asarray(self.rows.shape),
        }

    @classmethod
    def restore(
        cls,
        arrays: Mapping[str, npt.NDArray[Any]],
        prefix: str,
        vocabulary: list[str],
        features: Callable[[str], list[str]],
    ) -> TfidfIndex:
        """An index rebuilt from `arrays` without recomputing anything."""
        index = cls([], features)
        index.vocabulary = {gram: i for i, gram in enumerate(vocabulary)}
        index.idf = arrays[f"{prefix}_idf"]
        shape = tuple(int(n) for n in arrays[f"{prefix}_shape"])
        index.rows = sparse.csr_matrix(
            (arrays[f"{prefix}_data"], arrays[f"{prefix}_indices"], arrays[f"{prefix}_indptr"]),
            shape=shape,
        )
        return index

    def vectors(self, phrases: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF vectors of normalised phrases (unknown n-grams are ignored)."""
        rows: list[int] = []
        cols: list[int] = []
        for row, phrase in enumerate(phrases):
            for gram in set(self.features(phrase)):
                col = self.vocabulary.get(gram)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
        counts = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(phrases), len(self.vocabulary)),
        )
        return l2_rows(counts @ sparse.diags(self.idf))


def exact_key(phrase: str) -> str:
    """The form two labels share when they name the same thing: singular, normalised."""
    return singular_phrase(phrase)


class Speller:
    """Mends typos word by word against the labels' vocabulary ("pyhton" -> "python").

    Only a word that neither the labels nor the embedding model know is touched, so real words
    stay as typed; the closest label word by edit distance (a swap of two letters counting
    as one edit) replaces it when it is close.
    """

    def __init__(self, vocabulary: Sequence[str], known: frozenset[str]) -> None:
        self.vocabulary = [w for w in vocabulary if len(w) >= MIN_MENDED]
        self.known = known | frozenset(vocabulary)
        self.cache: dict[str, str] = {}

    def mend(self, phrase: str) -> str:
        """The phrase with unknown words replaced by their nearest label word, if close."""
        return " ".join(self._word(w) for w in phrase.split())

    def _word(self, word: str) -> str:
        if len(word) < MIN_MENDED or word in self.known or singular(word) in self.known:
            return word
        if word not in self.cache:
            best = process.extractOne(
                word, self.vocabulary, scorer=OSA.normalized_similarity, score_cutoff=MEND_CUTOFF
            )
            self.cache[word] = best[0] if best else word
        return self.cache[word]


def fuzzy(query: str, label: str) -> float:
    """A 0-1 fuzzy similarity robust to word order and typos."""
    return float(fuzz.token_sort_ratio(query, label)) / 100.0


def l2_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    csr = sparse.csr_matrix(matrix, dtype=np.float32)
    norms = np.sqrt(np.asarray(csr.multiply(csr).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms) @ csr, dtype=np.float32)
