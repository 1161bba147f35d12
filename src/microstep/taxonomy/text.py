"""Text normalisation shared by the lexical index, the encoder and the data build."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from microstep.core.text import singular

_WORD = re.compile(r"[a-z0-9]+(?:[+#]+|(?:[.'][a-z0-9]+)*)")
# Words that carry no skill on their own; dropped from extraction spans, kept inside labels.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "will",
        "with",
        "you",
        "your",
        "who",
        "what",
        "when",
        "which",
        "can",
        "should",
        "must",
        "able",
        "etc",
    ]
)


def normalize(text: str) -> str:
    """Lower case, accents folded, punctuation to spaces: 'Excel® Pivot-Tables' -> 'excel pivot
    tables'."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    return " ".join(_WORD.findall(ascii_text))


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()


def singular_phrase(phrase: str) -> str:
    """Every word of a normalised phrase in the singular: 'head chefs' -> 'head chef'."""
    return " ".join(singular(w) for w in phrase.split())


def char_ngrams(phrase: str, n: int = 3) -> list[str]:
    """Character n-grams of each word, padded so ends count: 'sql' -> ' sq', 'sql', 'ql '."""
    grams: list[str] = []
    for word in phrase.split():
        padded = f" {word} "
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


_CLAUSE = re.compile(r"[.;:!?\n\r\t•·|()\[\]/]+|,\s|\s-\s")
MAX_SPAN_WORDS = 5
MAX_SPANS = 3000  # a very long text is cut here rather than slowing everything down
JOINERS = frozenset({"and", "or", "as", "well"})  # a span across these names two things


@dataclass(frozen=True)
class Span:
    """Words `start` to `end` (exclusive) of a text, counted across the whole text."""

    start: int
    end: int
    text: str


def candidate_spans(text: str) -> list[Span]:
    """Short word windows of a text that could name a skill, in order.

    Clauses are split at punctuation; inside each, every window of 1 to 5 words that neither
    starts nor ends with a stop word, nor joins two things with "and"/"or", is a candidate.
    """
    spans: list[Span] = []
    offset = 0
    for clause in _CLAUSE.split(text):
        tokens = [t.strip(",'\"") for t in clause.split()]
        keys = [normalize(t) for t in tokens]
        for size in range(1, MAX_SPAN_WORDS + 1):
            for start in range(len(tokens) - size + 1):
                window = keys[start : start + size]
                if _plausible(window):
                    text_ = " ".join(tokens[start : start + size])
                    spans.append(Span(offset + start, offset + start + size, text_))
                if len(spans) >= MAX_SPANS:
                    return spans
        offset += len(tokens)
    return spans


def _plausible(window: list[str]) -> bool:
    first, last = window[0], window[-1]
    if not first or not last or first in STOPWORDS or last in STOPWORDS:
        return False
    return not any(w in JOINERS for w in window[1:-1])
