"""HTML forms as typed: every field a string, turned into the service schemas here.

Browsers send empty strings for empty fields; the schemas want None. A value that cannot be
read (a word in a number field) becomes an InvalidInput naming the field, shown inline.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from microstep.core.curve import Direction
from microstep.core.dates import parse_day
from microstep.core.goals import GoalKind
from microstep.core.objectives import ObjectiveKind
from microstep.core.practice import DEFAULT_MINUTES, SelfRating
from microstep.core.text import is_digits, plain_number
from microstep.errors import InvalidInput, invalid_input
from microstep.services.schemas import (
    GoalCreate,
    GoalPublic,
    GoalUpdate,
    MicroSkillCreate,
    ObjectiveCreate,
    PersonSetup,
    PracticeCreate,
    SkillCreate,
    SkillLevelUpdate,
)

Choice = TypeVar("Choice", bound=StrEnum)
Model = TypeVar("Model", bound=BaseModel)


class Form(BaseModel):
    """Base of the form models: fields the page does not know are ignored."""

    model_config = ConfigDict(extra="ignore")


class GoalForm(Form):
    """The new-goal and edit-goal form."""

    title: str = ""
    metric: str = ""
    target_value: str = ""
    unit: str = ""
    done_when: str = ""
    due: str = ""
    kind: str = GoalKind.LEARNING.value
    effort_hours: str = ""
    objective_id: str = ""
    skill_id: str = ""
    start: bool = False


class ObjectiveForm(Form):
    """The add-objective form."""

    title: str = ""
    kind: str = ObjectiveKind.ROLE.value
    horizon: str = ""
    note: str = ""


class SetupForm(ObjectiveForm):
    """The first-run form: your name and your objective."""

    name: str = ""


class SkillForm(Form):
    """The add-skill form."""

    name: str = ""
    current_level: str = "0"
    target_level: str = "3"
    evidence: str = ""
    objective_id: str = ""


class LevelForm(Form):
    """The set-levels form of one skill."""

    current_level: str = ""
    target_level: str = ""
    note: str = ""


def build(model: type[Model], **values: Any) -> Model:
    """The schema the form describes; a value it refuses becomes one InvalidInput sentence."""
    try:
        return model(**values)
    except ValidationError as exc:
        raise invalid_input(exc.errors()) from None


def blank(text: str) -> str | None:
    """None for an empty or all-space field."""
    return text.strip() or None


def number(text: str, *, field: str, label: str) -> float | None:
    """A decimal number (a comma works as the decimal mark), or None when empty."""
    raw = text.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        message = f"The {label} '{text.strip()}' is not a number: type digits such as 3 or 2.5."
        raise InvalidInput(message, field=field) from None


def whole(text: str, *, field: str, label: str) -> int | None:
    """A whole number (an id or a level), or None when empty."""
    raw = text.strip()
    if not raw:
        return None
    if not is_digits(raw) or len(raw) > 9:
        raise InvalidInput(f"The {label} '{raw}' is not a whole number.", field=field)
    return int(raw)


def day(text: str, *, field: str, today: date) -> date | None:
    """A date typed or picked, or None when empty."""
    return parse_day(text, today=today, field=field) if text.strip() else None


def choice(text: str, *, options: type[Choice], field: str) -> Choice:
    """One of the allowed values of a select."""
    try:
        return options(text)
    except ValueError:
        allowed = ", ".join(option.value for option in options)
        raise InvalidInput(f"The {field} must be one of {allowed}.", field=field) from None


def goal_values(form: GoalForm, *, today: date) -> dict[str, Any]:
    """The goal fields of the form, typed, with empty fields as None."""
    return {
        "title": form.title,
        "metric": blank(form.metric),
        "target_value": number(form.target_value, field="target_value", label="target value"),
        "unit": blank(form.unit),
        "done_when": blank(form.done_when),
        "due": day(form.due, field="due", today=today),
        "kind": choice(form.kind, options=GoalKind, field="kind"),
        "effort_hours": number(form.effort_hours, field="effort_hours", label="effort (hours)"),
        "objective_id": whole(form.objective_id, field="objective_id", label="objective"),
        "skill_id": whole(form.skill_id, field="skill_id", label="skill"),
    }


def goal_create(form: GoalForm, *, today: date) -> GoalCreate:
    """The new goal the form describes."""
    return build(GoalCreate, **goal_values(form, today=today), start=form.start)


def goal_update(form: GoalForm, *, today: date) -> GoalUpdate:
    """Every field of the edit form, so a field emptied is cleared."""
    return build(GoalUpdate, **goal_values(form, today=today))


def goal_form(goal: GoalPublic) -> GoalForm:
    """The edit form filled with a stored goal."""
    values = goal.model_dump(include=set(GoalForm.model_fields) - {"start"}, exclude_none=True)
    texts = {name: _text(value) for name, value in values.items()}
    return GoalForm.model_validate(texts)


def objective_create(form: ObjectiveForm, *, today: date) -> ObjectiveCreate:
    """The objective the form describes."""
    horizon = day(form.horizon, field="horizon", today=today)
    if horizon is None:
        message = "The horizon is empty: pick the date you aim to get there."
        raise InvalidInput(message, field="horizon")
    kind = choice(form.kind, options=ObjectiveKind, field="kind")
    return build(
        ObjectiveCreate, title=form.title, horizon=horizon, kind=kind, note=blank(form.note)
    )


def person_setup(form: SetupForm, *, today: date) -> PersonSetup:
    """The person and first objective the setup form describes."""
    return build(PersonSetup, name=form.name, objective=objective_create(form, today=today))


def skill_create(form: SkillForm) -> SkillCreate:
    """The skill the add-skill form describes."""
    return build(
        SkillCreate,
        name=form.name,
        current_level=_level(form.current_level, field="current_level", default=0),
        target_level=_level(form.target_level, field="target_level", default=3),
        evidence=blank(form.evidence),
        objective_id=whole(form.objective_id, field="objective_id", label="objective"),
    )


def level_update(form: LevelForm) -> SkillLevelUpdate:
    """The new levels the set-levels form gives."""
    return build(
        SkillLevelUpdate,
        current_level=whole(form.current_level, field="current_level", label="current level"),
        target_level=whole(form.target_level, field="target_level", label="target level"),
        note=blank(form.note),
    )


def _level(text: str, *, field: str, default: int) -> int:
    value = whole(text, field=field, label=field.replace("_", " "))
    return default if value is None else value


def _text(value: object) -> str:
    return plain_number(value) if isinstance(value, float) else str(value)


class OutcomeForm(Form):
    """The optional details of the Done and Drop buttons."""

    outcome_value: str = ""
    outcome_note: str = ""
    reason: str = ""


class MicroSkillForm(Form):
    """The add-micro-skill form; an unticked 'start' lets the service decide (first one starts)."""

    skill_id: str = ""
    definition: str = ""
    metric: str = ""
    unit: str = ""
    direction: str = Direction.LOWER.value
    minutes: str = str(DEFAULT_MINUTES)
    mastery_threshold: str = ""
    mastery_needed: str = "4"
    mastery_window: str = "5"
    start: bool = False


class PracticeForm(Form):
    """The quick-log and timer forms: one practice session, and the page to go back to."""

    minutes: str = ""
    rating: str = SelfRating.GOOD.value
    metric_value: str = ""
    practised_on: str = ""
    note: str = ""
    next: str = ""


# Only a path on this site, so a crafted form cannot send the browser elsewhere.
LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9_\-/]*")


def microskill_create(form: MicroSkillForm) -> MicroSkillCreate:
    """The micro-skill the add form describes."""
    threshold = number(form.mastery_threshold, field="mastery_threshold", label="mastery threshold")
    if threshold is None:
        message = "The mastery threshold is empty: type the value that means mastered, e.g. 2."
        raise InvalidInput(message, field="mastery_threshold")
    if not form.skill_id.strip():
        raise InvalidInput("Pick the skill this micro-skill trains.", field="skill_id")
    return build(
        MicroSkillCreate,
        skill_id=_required(form.skill_id, field="skill_id", label="skill"),
        definition=form.definition,
        metric=form.metric,
        unit=blank(form.unit),
        direction=choice(form.direction, options=Direction, field="direction"),
        minutes=_required(form.minutes, field="minutes", label="minutes"),
        mastery_threshold=threshold,
        mastery_needed=_required(form.mastery_needed, field="mastery_needed", label="needed"),
        mastery_window=_required(form.mastery_window, field="mastery_window", label="window"),
        start=True if form.start else None,
    )


def practice_create(form: PracticeForm, *, today: date) -> PracticeCreate:
    """The practice session the quick-log or timer form describes."""
    return build(
        PracticeCreate,
        minutes=_required(form.minutes, field="minutes", label="minutes"),
        rating=choice(form.rating, options=SelfRating, field="rating"),
        metric_value=number(form.metric_value, field="metric_value", label="metric value"),
        practised_on=day(form.practised_on, field="practised_on", today=today),
        note=blank(form.note),
    )


def local_path(text: str) -> str | None:
    """The same-site path a form asks to go back to, or None."""
    return text if LOCAL_PATH.fullmatch(text) else None


def _required(text: str, *, field: str, label: str) -> int:
    value = whole(text, field=field, label=label)
    if value is None:
        raise InvalidInput(f"The {label} field is empty: type a whole number.", field=field)
    return value
