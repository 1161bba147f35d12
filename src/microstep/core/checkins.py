"""Recurring check-ins (seed 000): RFC 5545 recurrence rules, occurrences and the agenda.

Occurrences are computed on the wall clock of the person's time zone, so a 15:00 meeting stays at
15:00 across daylight-saving changes; instants are handed back in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from microstep.core.dates import day_label, parse_day
from microstep.core.portfolio import LOWER_WORDS
from microstep.core.text import amount, is_digits, plain_number, plural, singular
from microstep.core.weeks import local_day
from microstep.errors import InvalidInput

FRIENDLY = {
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "once": None,
}
EVERY_HELP = "weekly, fortnightly (or biweekly), monthly or once"
DEFAULT_EVERY = "fortnightly"  # the web form's default too
DEFAULT_MINUTES, MIN_MINUTES, MAX_MINUTES = 30, 5, 480
RRULE_EXAMPLE = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
MAX_RRULE = 400
PARTS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYSETPOS",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYHOUR",
        "BYMINUTE",
        "BYSECOND",
        "WKST",
    }
)
FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
TOO_OFTEN = ("SECONDLY", "MINUTELY", "HOURLY")
_RULE_CHARS = re.compile(r"[A-Z0-9=;,+\-]+")
_UNTIL = re.compile(r"(\d{8})(?:T(\d{6})(Z?))?")
_CLOCK = re.compile(r"(\d{1,2})[:.h](\d{2})")
LIMITS = {"INTERVAL": 99, "COUNT": 1000}
HORIZON = timedelta(days=2 * 366)  # a rule must give a meeting within two years
SHORT_TITLE = "Closed short of target"
LOOKBACK_DAYS = 28  # the agenda's window when no meeting was held yet
FIRST_WINDOW = timedelta(days=365)  # the first meeting lies within a year of today
UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}
    | {"GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich", "Greenwich"}
)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone of this name, or one clear sentence."""
    text = name.strip()
    try:
        if not text or len(text) > 64 or text.startswith(("/", ".")) or ".." in text:
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        message = f"'{text}' is not a time zone I know: use an IANA name such as Europe/Berlin."
        raise InvalidInput(message, field="timezone") from None


def canonical_zone(name: str) -> str:
    """The zone name to keep: the many spellings of UTC ('Etc/UTC', 'Zulu', ...) become 'UTC'."""
    text = name.strip()
    return "UTC" if text in UTC_NAMES else text


def zone_label(name: str) -> str:
    """The zone as people say it: 'UTC', or the city of an IANA name ('New York', 'Berlin')."""
    text = canonical_zone(name)
    if text == "UTC" or "/" not in text:
        return text
    return text.rsplit("/", 1)[1].replace("_", " ")


def recurrence(every: str | None, raw: str | None, *, first: datetime, tz: ZoneInfo) -> str | None:
    """The canonical RRULE from a friendly word or a raw rule (None for a one-off meeting).

    Neither given means fortnightly, the common rhythm of a mentoring check-in."""
    if every is not None and raw is not None:
        message = "Give either a friendly recurrence (--every) or a raw RRULE (--rrule), not both."
        raise InvalidInput(message, field="rrule")
    if raw is not None:
        return check_rrule(raw, first=first, tz=tz)
    word = (every or DEFAULT_EVERY).strip().lower()
    if word not in FRIENDLY:
        message = f"'{(every or '').strip()}' is not a recurrence I know: use {EVERY_HELP}."
        raise InvalidInput(message, field="every")
    return FRIENDLY[word]


def check_rrule(text: str, *, first: datetime, tz: ZoneInfo) -> str:
    """Validate an RFC 5545 RRULE and return it canonical (UNTIL in UTC); refuse it in a sentence.

    `first` is the first meeting (aware); the rule must give at least one meeting within two years.
    """
    parts = _parts(_strip(text))
    parts = {"FREQ": _freq(parts.pop("FREQ", None)), **parts}
    for key, most in LIMITS.items():
        if key in parts:
            _whole(key, parts[key], most)
    if "UNTIL" in parts:
        if "COUNT" in parts:
            raise _refuse("give COUNT or UNTIL, not both")
        parts["UNTIL"] = _until(parts["UNTIL"], tz)
    canonical = ";".join(f"{key}={value}" for key, value in parts.items())
    _rule(canonical, _wall(first, tz), tz)
    if _first(canonical, _wall(first, tz), tz) is None:
        raise _refuse("it gives no meeting within two years of the first one")
    return canonical


def _strip(text: str) -> str:
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :].strip()
    if not body:
        raise InvalidInput(f"The RRULE is empty: write one such as {RRULE_EXAMPLE}.", field="rrule")
    if len(body) > MAX_RRULE:
        raise _refuse(f"it is {len(body)} characters long; keep it under {MAX_RRULE}")
    if not body.isascii() or not _RULE_CHARS.fullmatch(body.upper().rstrip(";")):
        raise _refuse("it has characters an RRULE never holds")
    return body.upper().rstrip(";")


def _parts(body: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in body.split(";"):
        key, sep, value = item.partition("=")
        if key == "DTSTART":
            raise _refuse("leave DTSTART out, the first meeting (--first) gives it")
        if not sep or not value or key not in PARTS:
            raise _refuse(f"'{item}' is not a KEY=VALUE part of an RRULE")
        if key in parts:
            raise _refuse(f"{key} appears twice")
        parts[key] = value
    return parts


def _freq(freq: str | None) -> str:
    if freq in TOO_OFTEN:
        raise _refuse("a check-in repeats at most daily, so FREQ must be " + ", ".join(FREQS))
    if freq not in FREQS:
        raise _refuse("FREQ must be one of " + ", ".join(FREQS))
    return freq


def _whole(key: str, value: str, most: int) -> None:
    if not is_digits(value) or not 1 <= int(value) <= most:
        raise _refuse(f"{key} must be a whole number from 1 to {most}")


def _until(value: str, tz: ZoneInfo) -> str:
    match = _UNTIL.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        day = datetime.strptime(match.group(1), "%Y%m%d").date()
        if match.group(2) is None:  # a date: the end of that day where the person is
            moment = datetime.combine(day, time(23, 59, 59), tzinfo=tz)
        else:
            clock = datetime.strptime(match.group(2), "%H%M%S").time()
            moment = datetime.combine(day, clock, tzinfo=UTC if match.group(3) else tz)
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    except (ValueError, OverflowError):
        raise _refuse(f"UNTIL={value} is not a date such as 20270630 or 20270630T170000Z") from None


def _refuse(reason: str) -> InvalidInput:
    return InvalidInput(
        f"That RRULE cannot be used: {reason} (example: {RRULE_EXAMPLE}).", field="rrule"
    )


def _wall(moment: datetime, tz: ZoneInfo) -> datetime:
    """The naive wall-clock time of an instant in a zone."""
    return moment.astimezone(tz).replace(tzinfo=None)


def _rule(canonical: str, start: datetime, tz: ZoneInfo, *, cap: datetime | None = None) -> rrule:
    """A dateutil rule on naive wall-clock times; UNTIL moves to the same wall clock.

    With `cap`, the rule also ends there and COUNT is dropped, so even a rule that never matches
    stops iterating.
    """
    body, until = canonical, cap
    match = re.search(r"(?:^|;)UNTIL=(\d{8}T\d{6})Z", canonical)
    if match is not None:
        instant = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        until = min(_wall(instant, tz), cap or datetime.max)
    if until is not None:
        keep = [p for p in canonical.split(";") if not p.startswith(("UNTIL=", "COUNT="))]
        if cap is None:
            keep += [p for p in canonical.split(";") if p.startswith("COUNT=")]
        body = ";".join(keep)
    try:
        rule = rrulestr(body, dtstart=start)
        if not isinstance(rule, rrule):
            raise TypeError(body)
        return rule.replace(until=until) if until is not None else rule
    except Exception:  # dateutil raises many kinds (ValueError, IndexError, KeyError, ...)
        raise _refuse(
            "one of its values is misspelt or out of range (BYDAY takes MO, TU, WE, TH, FR, SA "
            "or SU; BYMONTH 1 to 12)"
        ) from None


def _first(canonical: str, start: datetime, tz: ZoneInfo) -> datetime | None:
    try:
        return next(iter(_rule(canonical, start, tz, cap=start + HORIZON)), None)
    except (ValueError, OverflowError):
        return None


def occurrences(
    rule: str | None, *, first: datetime, tz: ZoneInfo, start: datetime, end: datetime
) -> list[datetime]:
    """Meetings from `start` to `end` (inclusive) as UTC instants, on the zone's wall clock."""
    wall_first = _wall(first, tz)
    if rule is None:
        return [first.astimezone(UTC)] if start <= first <= end else []
    parsed = _rule(rule, wall_first, tz)
    low = _wall(start, tz) - timedelta(days=1)
    high = _wall(end, tz) + timedelta(days=1)
    found = (_instant(moment, tz) for moment in parsed.between(low, high, inc=True))
    return [moment for moment in found if start <= moment <= end]


def next_occurrence(
    rule: str | None, *, first: datetime, tz: ZoneInfo, after: datetime
) -> datetime | None:
    """The first meeting at or after `after` (None when the series has ended)."""
    if rule is None:
        return first.astimezone(UTC) if first >= after else None
    parsed = _rule(rule, _wall(first, tz), tz)
    for moment in parsed.xafter(_wall(after, tz) - timedelta(days=1), count=4, inc=True):
        instant = _instant(moment, tz)
        if instant >= after:
            return instant
    return None


def first_meeting(rule: str | None, *, first: datetime, tz: ZoneInfo) -> datetime:
    """The first meeting the rule really gives on or after `first` (DTSTART must be one)."""
    if rule is None:
        return first.astimezone(UTC)
    found = next_occurrence(rule, first=first, tz=tz, after=first)
    if found is None:
        raise _refuse("it gives no meeting on or after the first day")
    return found


def _instant(wall: datetime, tz: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=tz).astimezone(UTC)


def parse_when(text: str, *, today: date, tz: ZoneInfo) -> datetime:
    """'2026-11-26 15:00', 'thursday 15:00' or '+1w 9:30' in the zone, as a UTC instant."""
    words = " ".join(text.replace("T", " ", 1).split()) if _iso_t(text) else " ".join(text.split())
    if not words:
        message = "Pick the day and time of the first meeting, such as '2026-11-26 15:00'."
        raise InvalidInput(message, field="first")
    day_text, _, clock_text = words.rpartition(" ")
    match = _CLOCK.fullmatch(clock_text)
    if not day_text or match is None:
        message = (
            f"'{words}' needs a day and a time, such as '2026-11-26 15:00' or 'thursday 15:00'."
        )
        raise InvalidInput(message, field="first")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise InvalidInput(f"{clock_text} is not a time of day: use 24-hour HH:MM.", field="first")
    day = parse_day(day_text, today=today, field="first day")
    return datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(UTC)


def check_first(first: datetime, *, today: date, tz: ZoneInfo) -> None:
    """Refuse a first meeting more than a year before or after today, in one sentence."""
    low, high = today - FIRST_WINDOW, today + FIRST_WINDOW
    if not low <= local_day(first, tz) <= high:
        message = (
            f"The first meeting is on {day_label(local_day(first, tz))}: pick a day within a "
            f"year of today, from {day_label(low)} to {day_label(high)}."
        )
        raise InvalidInput(message, field="first")


def _iso_t(text: str) -> bool:
    return re.match(r"^\s*\d{4}-\d{2}-\d{2}T\d", text) is not None


def describe(rule: str | None) -> str:
    """The rule in words where it is one of the friendly ones, else the rule itself."""
    for word, text in FRIENDLY.items():
        if text == rule and word != "biweekly":
            return word
    return rule or "once"


# --- the agenda ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DoneGoal:
    """A goal finished since the last meeting, with how it turned out.

    `short` marks a goal closed with a recorded value that missed its target."""

    title: str
    finished_on: date
    outcome: str | None  # "reached 3 reports", "reached 2 of 3 dashboards", a note, or None
    short: bool = False


def lower_is_better(title: str, metric: str | None) -> bool:
    """Whether a goal's words ask for a smaller number ('Cut the runtime below 30 s')."""
    return LOWER_WORDS.search(f"{title} {metric or ''}") is not None


def goal_outcome(
    *,
    value: float | None,
    target: float | None,
    unit: str,
    lower: bool = False,
    note: str | None = None,
) -> tuple[str | None, bool]:
    """How a finished goal turned out, and whether it was closed short of its target.

    A value that met the target reads 'reached 3 reports'; one that fell short reads 'reached 2
    of 3 reports' ('reached 35 s against a target of 30 s' where lower is better). A goal without
    a target or a recorded value keeps its plain outcome."""
    reached, short = None, False
    if value is not None:
        reached = f"reached {amount(value, unit)}"
        if target is not None:
            short = value > target if lower else value < target
            if short and lower:
                reached += f" against a target of {amount(target, unit)}"
            elif short:
                counted = unit if target != 1 else singular(unit)
                reached = f"reached {plain_number(value)} of {plain_number(target)} {counted}"
                reached = reached.strip()
    text = "; ".join(part for part in (reached, note) if part) or None
    return text, short


@dataclass(frozen=True)
class Plateau:
    """An active micro-skill whose curve stopped improving, and the numbers behind it."""

    definition: str
    evidence: str


@dataclass(frozen=True)
class OpenFeedback:
    """A micro-feedback request still waiting for its answer."""

    asked_whom: str
    question: str
    asked_on: date


@dataclass(frozen=True)
class OverdueGoal:
    """An open goal past its due date."""

    title: str
    due: date


@dataclass(frozen=True)
class AgendaInputs:
    """Everything the agenda is built from, gathered by the service."""

    since: date
    today: date
    done: Sequence[DoneGoal] = ()
    plateaus: Sequence[Plateau] = ()
    experiments: Sequence[str] = ()
    feedback: Sequence[OpenFeedback] = ()
    overdue: Sequence[OverdueGoal] = ()
    to_adjust: str | None = None


@dataclass(frozen=True)
class AgendaSection:
    """One heading of the agenda and its lines."""

    title: str
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Agenda:
    """The agenda of the next check-in: progress since `since`, grouped."""

    since: date
    sections: list[AgendaSection]

    def text(self) -> str:
        """One item per line, headings as '## ', the form a meeting keeps as its snapshot."""
        if not self.sections:
            return f"Nothing recorded since {day_label(self.since)}: bring what is on your mind."
        lines: list[str] = []
        for section in self.sections:
            lines.append(f"## {section.title}")
            lines.extend(f"- {item}" for item in section.items)
        return "\n".join(lines)


def agenda_since(last_held: date | None, *, today: date) -> date:
    """The agenda covers the days after the last meeting held, else the last four weeks."""
    if last_held is None:
        return today - timedelta(days=LOOKBACK_DAYS)
    return last_held + timedelta(days=1)


def build_agenda(inputs: AgendaInputs) -> Agenda:
    """Goals done, plateaus, experiment verdicts and open questions, empty headings left out."""
    sections = [
        AgendaSection("Goals done", [_done_line(g) for g in inputs.done if not g.short]),
        AgendaSection(SHORT_TITLE, [_done_line(g) for g in inputs.done if g.short]),
        AgendaSection("Plateaus", [f"{p.definition}: {p.evidence}" for p in inputs.plateaus]),
        AgendaSection("Experiments", list(inputs.experiments)),
        AgendaSection("Open questions", _questions(inputs)),
    ]
    return Agenda(since=inputs.since, sections=[s for s in sections if s.items])


def _done_line(goal: DoneGoal) -> str:
    when = day_label(goal.finished_on, weekday=False, year=False)
    day = f"{'closed' if goal.short else 'done'} {when}"
    return f"{goal.title} ({day}){': ' + goal.outcome if goal.outcome else ''}"


def _questions(inputs: AgendaInputs) -> list[str]:
    lines = [
        f"Waiting on {f.asked_whom} since "
        f"{day_label(f.asked_on, weekday=False, year=False)}: {f.question}"
        for f in inputs.feedback
    ]
    lines += [
        f"Overdue by {plural((inputs.today - g.due).days, 'day')}: {g.title} — finish, reframe "
        "or drop?"
        for g in inputs.overdue
    ]
    if inputs.to_adjust:
        lines.append(f"From the last weekly review, to adjust: {inputs.to_adjust}")
    return lines


def local_label(moment: datetime, tz: ZoneInfo) -> str:
    """'Thu 26 Nov 2026, 15:00' on the wall clock of the zone."""
    wall = moment.astimezone(tz)
    return f"{wall:%a} {wall.day} {wall:%b %Y, %H:%M}"
