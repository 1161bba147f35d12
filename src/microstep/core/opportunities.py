"""The internal opportunity marketplace (seed 004): an opportunity's lifecycle, what a posting
must say, who decides an application, and the auto-approve rules that take friction out.

An opportunity is a short, reversible trial someone posts for others to try: a stretch
assignment, a rotation, a temporary lead role, shadowing or a gig. It goes

    draft -> open -> filled -> in progress -> completed -> reviewed   (or cancelled)

and every move between those states is checked here. Everything is arithmetic on plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from microstep.core.gap import name_key
from microstep.core.moves import KIND_LABELS, SHORT_KINDS, sentence, trial_problems
from microstep.core.text import is_digits
from microstep.errors import Conflict, InvalidInput

Status = Literal["draft", "open", "filled", "in_progress", "completed", "reviewed", "cancelled"]
STATUSES: tuple[Status, ...] = get_args(Status)
STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",
    "open": "Open",
    "filled": "Filled",
    "in_progress": "In progress",
    "completed": "Completed",
    "reviewed": "Reviewed",
    "cancelled": "Cancelled",
}
Relation = Literal["required", "offered"]
Decision = Literal["manager", "hr", "rule", "open"]

# Only short trials are posted: a lasting change of role is not a marketplace gig.
KINDS: tuple[str, ...] = tuple(k for k in KIND_LABELS if k in SHORT_KINDS)

# Where each status may go next (the lifecycle above, plus cancelling before the work starts).
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"open", "cancelled"}),
    "open": frozenset({"filled", "in_progress", "cancelled"}),
    "filled": frozenset({"open", "in_progress", "cancelled"}),
    "in_progress": frozenset({"completed"}),
    "completed": frozenset({"reviewed"}),
    "reviewed": frozenset(),
    "cancelled": frozenset(),
}
VERBS: dict[str, str] = {
    "open": "publish",
    "filled": "fill",
    "in_progress": "start",
    "completed": "complete",
    "reviewed": "review",
    "cancelled": "cancel",
}
EDITABLE: frozenset[str] = frozenset({"draft", "open", "filled"})
# Statuses everyone signed in sees; drafts and cancelled ones stay with their managers.
PUBLIC: frozenset[str] = frozenset({"open", "filled", "in_progress", "completed", "reviewed"})

MIN_SHARE, MAX_SHARE = 5, 100
MIN_WEEKS, MAX_WEEKS = 1, 104
MIN_CAPACITY, MAX_CAPACITY = 1, 1000
MIN_LEVEL, MAX_LEVEL = 1, 5
DEFAULT_LEVEL = 3
MAX_SKILLS = 12  # per relation: a posting, not a competency framework
START_WINDOW = timedelta(days=366)


def check_transition(current: str, target: str) -> None:
    """Refuse a lifecycle step the opportunity's status does not allow."""
    if target not in TRANSITIONS.get(current, frozenset()):
        verb = VERBS.get(target, target)
        raise Conflict(
            f"This opportunity is {STATUS_LABELS.get(current, current).lower()}, "
            f"so it cannot {verb} now."
        )


def check_editable(status: str) -> None:
    """An opportunity can be edited until it starts."""
    if status not in EDITABLE:
        raise Conflict(
            f"This opportunity is {STATUS_LABELS.get(status, status).lower()}: "
            "it can only be edited before it starts."
        )


def check_kind(kind: str) -> str:
    """A kind the marketplace posts."""
    if kind not in KINDS:
        names = ", ".join(KINDS)
        raise InvalidInput(
            f"'{kind}' is not a kind of opportunity: choose one of {names}.", field="kind"
        )
    return kind


def check_bounds(*, share_of_time: int, weeks: int, capacity: int) -> None:
    """Share of time, duration and capacity within what a short trial can be."""
    for value, low, high, field, label in (
        (share_of_time, MIN_SHARE, MAX_SHARE, "share_of_time", "share of time (%)"),
        (weeks, MIN_WEEKS, MAX_WEEKS, "weeks", "duration in weeks"),
        (capacity, MIN_CAPACITY, MAX_CAPACITY, "capacity", "capacity"),
    ):
        if not low <= value <= high:
            raise InvalidInput(f"The {label} must be between {low} and {high}.", field=field)


def check_trial(kind: str, *, weeks: int, success_criteria: str | None) -> None:
    """Seed 004: a short trial states what success looks like (the end follows from weeks)."""
    problems = trial_problems(kind, date.min + timedelta(weeks=weeks), success_criteria)
    if problems:
        raise InvalidInput(sentence(problems), field="success_criteria")


def check_start(starts_on: date | None, *, today: date) -> None:
    """A planned start date, if given, is not in the past and within a year."""
    if starts_on is None:
        return
    if starts_on < today:
        raise InvalidInput(
            f"The start date {starts_on.isoformat()} has passed: pick today or later.",
            field="starts_on",
        )
    if starts_on > today + START_WINDOW:
        raise InvalidInput("The start date is more than a year away.", field="starts_on")


@dataclass(frozen=True)
class SkillNeed:
    """A skill an opportunity requires (at a level) or offers to learn (up to a level)."""

    relation: Relation
    name: str
    level: int

    @property
    def key(self) -> str:
        """The name as compared: case and spacing aside."""
        return name_key(self.name)


def check_skills(needs: Iterable[SkillNeed]) -> list[SkillNeed]:
    """Levels 1-5, no skill twice under one relation, at most MAX_SKILLS each."""
    seen: set[tuple[str, str]] = set()
    found: list[SkillNeed] = []
    for need in needs:
        field = f"{need.relation}_skills"
        if not MIN_LEVEL <= need.level <= MAX_LEVEL:
            raise InvalidInput(
                f"The level of '{need.name}' must be between {MIN_LEVEL} and {MAX_LEVEL}.",
                field=field,
            )
        if (need.relation, need.key) in seen:
            raise InvalidInput(f"'{need.name}' is listed twice.", field=field)
        seen.add((need.relation, need.key))
        found.append(need)
        if sum(n.relation == need.relation for n in found) > MAX_SKILLS:
            raise InvalidInput(
                f"List at most {MAX_SKILLS} {need.relation} skills: the few that matter.",
                field=field,
            )
    return found


def parse_skill_lines(text: str, relation: Relation) -> list[tuple[str, int]]:
    """Skills typed one per line as 'name' or 'name, level' (level 1-5; default 3)."""
    found: list[tuple[str, int]] = []
    for line in text.splitlines():
        name, sep, level = line.strip().rpartition(",")
        if not sep or not is_digits(level.strip()):
            name, level = line.strip(), ""
        name = " ".join(name.split())
        if not name:
            continue
        found.append((name, int(level) if level.strip() else DEFAULT_LEVEL))
    return found


def skill_lines(needs: Iterable[tuple[str, int]]) -> str:
    """The inverse of `parse_skill_lines`, for an edit form."""
    return "\n".join(f"{name}, {level}" for name, level in needs)


@dataclass(frozen=True)
class Terms:
    """What an approval is given for: the kind of work, its share of the week, how long, the
    skills it asks and offers, what success looks like, and who lets people in. (Not the role
    it names: that follows the title unless given, and a renamed posting is the same work.)"""

    kind: str
    share_of_time: int
    weeks: int
    skills: frozenset[tuple[str, str, int]]  # relation, name key, level
    success_criteria: str | None
    needs_approval: bool


TERM_LABELS: tuple[tuple[str, str], ...] = (
    ("kind", "kind"),
    ("share_of_time", "share of time"),
    ("weeks", "duration"),
    ("skills", "skills"),
    ("success_criteria", "success criteria"),
)


def changed_terms(before: Terms, after: Terms) -> list[str]:
    """The terms an edit changes that approvals were given for, in plain words; none: the
    approvals stand (a new title, role, description, capacity or start date leaves them be).
    Switching approval on counts too: those taken at once were approved by nobody."""
    changed = [
        label for name, label in TERM_LABELS if getattr(before, name) != getattr(after, name)
    ]
    if after.needs_approval and not before.needs_approval:
        changed.append("approval")
    return changed


def reconsidered(changed: Sequence[str], waiting: Sequence[str], again: Sequence[str]) -> str:
    """What an edit of these terms did to the approvals, in one sentence ('' if it touched none):
    who waits for a decision again, who a rule (or an opening) approved again at once."""
    if not (waiting or again):
        return ""
    parts = []
    if waiting:
        parts.append(
            f"{words(waiting)} {'waits' if len(waiting) == 1 else 'wait'} for a decision again"
        )
    if again:
        parts.append(f"{words(again)} {'is' if len(again) == 1 else 'are'} approved again at once")
    return (
        f"Its {words(changed)} changed, so the approvals given before no longer hold: "
        f"{'; '.join(parts)}."
    )


def words(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def end_of(start: date, weeks: int) -> date:
    """The last day of a trial of `weeks` weeks starting on `start`."""
    return start + timedelta(weeks=weeks, days=-1)


# --- applications ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A manager's standing yes for their team: within these bounds, applications approve."""

    max_share_of_time: int
    max_weeks: int
    kinds: tuple[str, ...] = ()  # empty: every kind
    author_id: int | None = None  # who set it: it never approves its author

    def allows(self, *, kind: str, share_of_time: int, weeks: int) -> bool:
        """Whether an application to such an opportunity falls within the rule."""
        return (
            share_of_time <= self.max_share_of_time
            and weeks <= self.max_weeks
            and (not self.kinds or kind in self.kinds)
        )

    def describe(self) -> str:
        """The rule in plain words."""
        kinds = ", ".join(KIND_LABELS[k].lower() for k in self.kinds) if self.kinds else "any kind"
        return (
            f"{kinds}, up to {self.max_share_of_time}% of the week "
            f"for up to {self.max_weeks} week{'s' if self.max_weeks != 1 else ''}"
        )


def check_rule(rule: Rule) -> Rule:
    """A rule's bounds within an opportunity's, and kinds the marketplace posts."""
    check_bounds(share_of_time=rule.max_share_of_time, weeks=rule.max_weeks, capacity=1)
    for kind in rule.kinds:
        check_kind(kind)
    kinds = tuple(sorted(set(rule.kinds)))
    return Rule(rule.max_share_of_time, rule.max_weeks, kinds, rule.author_id)


def auto_decision(
    *,
    needs_approval: bool,
    rules: Sequence[Rule],
    kind: str,
    share_of_time: int,
    weeks: int,
    applicant_id: int,
    applicant_manages: bool,
) -> Decision | None:
    """How an application approves itself at once ("open" or "rule"), or None: a person decides.

    Seed 004 asks to reduce friction: an opportunity that needs no approval takes people as they
    apply, and a manager's standing rule says yes for them within its bounds. But nobody's
    application is decided by themselves: a rule the applicant set does not approve them, and
    one who manages the opportunity (and so could switch its approval off) waits for a person."""
    if not needs_approval:
        return None if applicant_manages else "open"
    for rule in rules:
        if rule.author_id != applicant_id and rule.allows(
            kind=kind, share_of_time=share_of_time, weeks=weeks
        ):
            return "rule"
    return None


@dataclass(frozen=True)
class Deciders:
    """Who stands around one application."""

    applicant_id: int
    manager_id: int | None  # the applicant's team manager
    poster_id: int | None


def decider_role(who: Deciders, *, viewer_id: int, viewer_is_hr: bool) -> Decision | None:
    """How the viewer may decide the application ("manager" or "hr"), or None if they may not.

    The applicant's manager decides; HR may too; the poster stands in when the applicant has no
    manager. Nobody decides their own application."""
    if viewer_id == who.applicant_id:
        return None
    if who.manager_id is not None and viewer_id == who.manager_id:
        return "manager"
    if viewer_is_hr:
        return "hr"
    if who.manager_id is None and viewer_id == who.poster_id:
        return "manager"
    return None


def status_after_approvals(status: str, *, approved: int, capacity: int) -> str:
    """Open while places are left, filled once approvals reach capacity (and back)."""
    if status == "open" and approved >= capacity:
        return "filled"
    if status == "filled" and approved < capacity:
        return "open"
    return status


def places_left(*, approved: int, capacity: int) -> int:
    """How many more people can be approved."""
    return max(0, capacity - approved)
