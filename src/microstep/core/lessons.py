"""Lessons learned (seed 000): tags as normalised words and safe full-text queries.

Tags are separated by commas only, so 'Sales Team' stays one tag, kept as 'sales-team'; the
search engines split it at the hyphen, so a search for 'sales team' still finds it.

A search box takes anything a person types; the engines' query languages do not (FTS5 raises on
a stray `"` or `(`, and reads AND/OR/NOT/NEAR and `*` as operators). So the words are pulled out
of the text and each is quoted: the query means "all these words", whatever was typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from microstep.errors import InvalidInput

MAX_TAGS = 12
MAX_TAG = 30
MAX_TERMS = 12
MAX_QUERY = 200
_TAG = re.compile(r"[^\W_](?:[^\W_]|-)*")
_SPACES = re.compile(r"[\s_-]+")
OPERATORS = frozenset({"and", "or", "not", "near"})
_WORD = re.compile(r"\w+")
# Snippet highlights travel between private-use characters a person never types.
HIT_START = "\ue000"
HIT_END = "\ue001"
_HIT = re.compile(f"{HIT_START}(.*?){HIT_END}", re.S)


def normalise_tags(text: str | None) -> str:
    """'Stakeholders, Sales Team,#sql' → 'stakeholders sales-team sql' (deduplicated, in order).

    Commas separate tags; the spaces inside one become hyphens. Stored space-separated."""
    words: list[str] = []
    for raw in (text or "").split(","):
        word = _SPACES.sub("-", raw.strip().lower().lstrip("#")).strip("-")
        if not word:
            continue
        if not _TAG.fullmatch(word):
            message = (
                f"The tag '{_shown(raw)}' can hold only letters, digits, spaces and hyphens: "
                "separate tags with commas."
            )
            raise InvalidInput(message, field="tags")
        if len(word) > MAX_TAG:
            message = f"Keep each tag to {MAX_TAG} characters: '{_shown(raw)}' has {len(word)}."
            raise InvalidInput(message, field="tags")
        if word not in words:
            words.append(word)
    if len(words) > MAX_TAGS:
        raise InvalidInput(f"Keep to {MAX_TAGS} tags at most (got {len(words)}).", field="tags")
    return " ".join(words)


def _shown(raw: str) -> str:
    """A typed tag as quoted back in a message, cut after MAX_TAG characters."""
    text = raw.strip()
    return text if len(text) <= MAX_TAG else text[:MAX_TAG] + "…"


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


def pick_snippet(marked: Sequence[str]) -> str:
    """The snippet to show, from one per field (title, then the lesson's text fields).

    The lesson's own text with a hit comes first; else its opening words (the title is shown
    anyway, and a hit only in the tags has no text worth showing); the title when it has no text.
    """
    if not marked:
        return ""
    title, *texts = marked
    written = [part for part in texts if part.strip()]
    for part in written:
        if HIT_START in part:
            return part
    return written[0] if written else title


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
