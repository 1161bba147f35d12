"""Text normalisation shared by the lexical index, the encoder and the data build."""

from __future__ import annotations

import re
import unicodedata

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


def candidate_spans(text: str) -> list[str]:
    """Short word windows of a text that could name a skill, in order, without duplicates.

    Clauses are split at punctuation; inside each, every window of 1 to 5 words that neither
    starts nor ends with a stop word is a candidate.
    """
    spans: dict[str, None] = {}
    for clause in _CLAUSE.split(text):
        tokens = clause.split()
        for size in range(1, MAX_SPAN_WORDS + 1):
            for start in range(len(tokens) - size + 1):
                window = tokens[start : start + size]
                first, last = normalize(window[0]), normalize(window[-1])
                if first and last and first not in STOPWORDS and last not in STOPWORDS:
                    spans.setdefault(" ".join(window).strip(",'\""), None)
                if len(spans) >= MAX_SPANS:
                    return list(spans)
    return list(spans)
