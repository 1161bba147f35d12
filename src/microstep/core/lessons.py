"""Lessons learned (seed 000): tags as normalised words and safe full-text queries.

A search box takes anything a person types; the engines' query languages do not (FTS5 raises on
a stray `"` or `(`, and reads AND/OR/NOT/NEAR and `*` as operators). So the words are pulled out
of the text and each is quoted: the query means "all these words", whatever was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from microstep.errors import InvalidInput

MAX_TAGS = 12
MAX_TAG = 30
MAX_TERMS = 12
MAX_QUERY = 200
_TAG = re.compile(r"[a-z0-9][a-z0-9\-]*")
OPERATORS = frozenset({"and", "or", "not", "near"})
_WORD = re.compile(r"\w+")
# Snippet highlights travel between private-use characters a person never types.
HIT_START = "\ue000"
HIT_END = "\ue001"
_HIT = re.compile(f"{HIT_START}(.*?){HIT_END}", re.S)


def normalise_tags(text: str | None) -> str:
    """'Stakeholders, SQL  #presenting' → 'stakeholders sql presenting' (deduplicated, in order)."""
    words: list[str] = []
    for raw in re.split(r"[,\s]+", (text or "").strip().lower()):
        word = raw.lstrip("#")
        if not word:
            continue
        if not _TAG.fullmatch(word) or len(word) > MAX_TAG:
            message = (
                f"The tag '{raw}' is not one word of letters, digits or hyphens "
                f"(at most {MAX_TAG} characters): separate tags with commas or spaces."
            )
            raise InvalidInput(message, field="tags")
        if word not in words:
            words.append(word)
    if len(words) > MAX_TAGS:
        raise InvalidInput(f"Keep to {MAX_TAGS} tags at most (got {len(words)}).", field="tags")
    return " ".join(words)


def tag_list(tags: str) -> list[str]:
    """The stored space-separated tags as a list."""
    return tags.split()


def search_terms(text: str | None) -> list[str]:
    """The words of a search, lower-cased; refuses a query with no word in it."""
    raw = (text or "").strip()
    if len(raw) > MAX_QUERY:
        message = f"The search is {len(raw)} characters long; keep it under {MAX_QUERY}."
        raise InvalidInput(message, field="q")
    terms = _WORD.findall(raw.casefold().replace("_", " "))
    if not terms:
        message = "Type a word or two to search for, such as 'stakeholders' or 'presenting'."
        raise InvalidInput(message, field="q")
    # Operator words carry no meaning of their own; they stay only when nothing else was typed.
    words = [term for term in terms if term not in OPERATORS] or terms
    return list(dict.fromkeys(words))[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term, each quoted so none is an operator."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def websearch_query(terms: list[str]) -> str:
    """The text for PostgreSQL's websearch_to_tsquery: the bare words, nothing it could misread."""
    return " ".join(terms)


@dataclass(frozen=True)
class SnippetPart:
    """A run of snippet text; `hit` when it matched the search."""

    text: str
    hit: bool


def split_snippet(marked: str) -> list[SnippetPart]:
    """A snippet with HIT_START/HIT_END markers as plain and highlighted runs."""
    parts: list[SnippetPart] = []
    position = 0
    for match in _HIT.finditer(marked):
        if match.start() > position:
            parts.append(SnippetPart(marked[position : match.start()], False))
        if match.group(1):
            parts.append(SnippetPart(match.group(1), True))
        position = match.end()
    tail = marked[position:].replace(HIT_START, "").replace(HIT_END, "")
    if tail:
        parts.append(SnippetPart(tail, False))
    return parts
