"""Rules of the evidence log: reading a signal kind as typed, and one specific feedback question.

Seed 001's micro-feedback loop only works when the question can be answered in a minute: one
question, about one thing the person did. "Any feedback?" invites silence or politeness.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.dates import day_label
from microstep.core.evidence import SignalKind
from microstep.core.text import one_line
from microstep.core.weeks import week_start
from microstep.errors import InvalidInput

MAX_SIGNAL_NOTE = 280
MAX_SOURCE = 200
MAX_QUESTION = 300
MIN_QUESTION_WORDS = 6
MIN_SPECIFIC_WORDS = 2
EXAMPLE_QUESTION = "Was the summary I sent on Monday useful for your decision?"

# Words that carry no subject: a question made only of these asks about nothing in particular.
GENERIC_WORDS = frozenset(
    {
        "a",
        "about",
        "all",
        "am",
        "an",
        "and",
        "any",
        "anything",
        "are",
        "as",
        "at",
        "be",
        "been",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "else",
        "everything",
        "feedback",
        "feel",
        "for",
        "give",
        "good",
        "got",
        "have",
        "how",
        "i",
        "if",
        "in",
        "input",
        "is",
        "it",
        "job",
        "let",
        "me",
        "my",
        "of",
        "ok",
        "okay",
        "on",
        "or",
        "overall",
        "please",
        "quick",
        "quickly",
        "should",
        "so",
        "some",
        "something",
        "suggestions",
        "think",
        "thoughts",
        "comments",
        "tips",
        "advice",
        "that",
        "the",
        "there",
        "things",
        "this",
        "to",
        "was",
        "way",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "work",
        "would",
        "you",
        "your",
        "could",
        "can",
        "improve",
        "improvement",
        "better",
        "general",
        "generally",
        "anyone",
        "know",
        "yes",
        "no",
        "fine",
        "great",
        "stuff",
        "really",
        "much",
        "kind",
        "opinion",
        "opinions",
        "share",
        "notes",
    }
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")

# Friendly names people type for each kind, beyond the value itself.
_KIND_ALIASES: dict[str, SignalKind] = {
    "invite": SignalKind.INVITATION,
    "invited": SignalKind.INVITATION,
    "meeting": SignalKind.MEETING_INVITE,
    "meetinginvite": SignalKind.MEETING_INVITE,
    "meetinginvitation": SignalKind.MEETING_INVITE,
    "kudos": SignalKind.PRAISE,
    "thanks": SignalKind.PRAISE,
    "shoutout": SignalKind.PRAISE,
    "task": SignalKind.ASSIGNMENT,
    "stretch": SignalKind.ASSIGNMENT,
    "mentioned": SignalKind.MENTION,
    "stakeholdermention": SignalKind.MENTION,
}


def kind_names() -> str:
    """The kinds as people type them, for error messages and help."""
    return ", ".join(kind.value.replace("_", "-") for kind in SignalKind)


def parse_kind(text: str, *, field: str = "kind") -> SignalKind:
    """A signal kind from what was typed: 'meeting-invite', 'Meeting invite', 'invitations'."""
    raw = re.sub(r"[\s_\-]+", "", text.strip().lower())
    for kind in SignalKind:
        value = kind.value.replace("_", "")
        if raw in (value, value + "s"):
            return kind
    found = _KIND_ALIASES.get(raw) or _KIND_ALIASES.get(raw.removesuffix("s"))
    if found is None:
        shown = " ".join(text.split())[:40] or "(empty)"
        message = f"'{shown}' is not a signal kind: use one of {kind_names()}."
        raise InvalidInput(message, field=field)
    return found


def check_signal_day(
    day: date,
    *,
    today: date,
    field: str = "occurred_on",
    rule: str = "A signal records what already happened",
) -> date:
    """A signal (a question asked, an answer) happened today or before: a future one is refused;
    `rule` opens the sentence that says why."""
    if day > today:
        raise InvalidInput(f"{rule}: {day_label(day)} is in the future.", field=field)
    return day


def check_since(day: date, *, today: date, field: str = "since") -> date:
    """A list of signals from a day: that day has come (after today nothing can be logged)."""
    if day > today:
        message = (
            f"There are no signals since {day_label(day)}, a day still to come: "
            "list from today or an earlier day."
        )
        raise InvalidInput(message, field=field)
    return day


def check_question(text: str, *, field: str = "question") -> str:
    """One specific question: ends in '?', only one, enough words, about something in particular."""
    question = one_line(text, field=field, label="question", max_len=MAX_QUESTION, required=True)
    assert question is not None
    example = f"for example '{EXAMPLE_QUESTION}'"
    if not question.endswith("?"):
        message = f"Ask it as a question ending with '?', {example}"
        raise InvalidInput(message + ".", field=field)
    if question.count("?") > 1:
        message = (
            f"Ask one question at a time ({question.count('?')} here): one gets answered, "
            f"several get skimmed; {example}."
        )
        raise InvalidInput(message, field=field)
    words = _WORD.findall(question)
    specific = [word for word in words if word.lower() not in GENERIC_WORDS]
    if len(specific) < MIN_SPECIFIC_WORDS:
        message = (
            f"'{question}' is too general to answer in a minute: name the one thing you did "
            f"and what you want to know about it, {example}."
        )
        raise InvalidInput(message, field=field)
    if len(words) < MIN_QUESTION_WORDS:
        message = (
            f"'{question}' is too short to be specific ({len(words)} words, at least "
            f"{MIN_QUESTION_WORDS}): say which action and what you want to know, {example}."
        )
        raise InvalidInput(message, field=field)
    return question


@dataclass(frozen=True)
class KindWeek:
    """Signals of each kind in one ISO week."""

    week: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """All signals that week."""
        return sum(self.counts.values())


def weekly_by_kind(
    signals: Iterable[tuple[date, str]], *, today: date, weeks: int
) -> list[KindWeek]:
    """Signals per ISO week and kind for the last `weeks` weeks, oldest first (every kind keyed)."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    table = {first + timedelta(weeks=i): dict.fromkeys(SignalKind, 0) for i in range(weeks)}
    for day, kind in signals:
        week = week_start(day)
        if week in table and day <= today:
            table[week][SignalKind(kind)] += 1
    return [
        KindWeek(week, {kind.value: count for kind, count in table[week].items()})
        for week in sorted(table)
    ]
