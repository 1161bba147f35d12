"""The skill gap to a target role (seeds 000, 002): which of the role's skills a person holds,
which are still growing, which are missing, and the first small steps toward the biggest gaps.

Status of each of the role's skills:
- strong: on the person's map at level 3 (practising) or more, or with evidence (the skill's
  evidence text, or a mastered micro-skill under it);
- growing: on the map below level 3, without evidence;
- missing: not on the map.

A role skill is "on the map" when a skill target is linked to its ESCO URI, or when a skill
target's name is the skill's ESCO label (case and spacing aside).

Gap score (0-100; higher means close it sooner), a sum of three parts:
- relation: essential 60, optional 0, so every essential gap ranks above every optional one;
- status: missing 30; growing 10 + 5 x (3 - level) - min(5, practice minutes / 60), i.e. 25 at
  level 0 down to 10 at level 2, less up to 5 for practice already put in (at most 25 < 30, so
  missing always ranks above growing);
- reuse: occupation-specific 4, sector-specific 2, cross-sector 1, transversal or unknown 0 —
  the skills that set this role apart come first among equals.
Ties go by ESCO label, so the order is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from microstep.core.curve import Direction
from microstep.core.goals import GoalDraft, GoalKind, GoalPolicy
from microstep.core.practice import MasteryRule

STRONG_LEVEL = 3  # "practising": the level from which a skill counts as held
GOAL_DAYS = 7  # a suggested micro-goal is due within a week (or the horizon, if shorter)
LABEL_ROOM = 100  # characters of a label inside a suggestion, so titles stay under 200
RELATION_POINTS = {"essential": 60.0, "optional": 0.0}
MISSING_POINTS = 30.0
GROWING_BASE = 10.0
GROWING_PER_LEVEL = 5.0
PRACTICE_CREDIT_MAX = 5.0
PRACTICE_MINUTES_PER_POINT = 60.0
REUSE_POINTS = {"occupation-specific": 4.0, "sector-specific": 2.0, "cross-sector": 1.0}


class Relation(StrEnum):
    """How an occupation needs a skill (ESCO)."""

    ESSENTIAL = "essential"
    OPTIONAL = "optional"


class SkillKind(StrEnum):
    """ESCO's two kinds of skill concept: know-how or know-what."""

    SKILL = "skill"
    KNOWLEDGE = "knowledge"


class Status(StrEnum):
    """Where the person stands on one of the role's skills."""

    STRONG = "strong"
    GROWING = "growing"
    MISSING = "missing"


@dataclass(frozen=True)
class RoleSkill:
    """One skill the target occupation asks for."""

    uri: str
    label: str
    kind: SkillKind
    relation: Relation
    reuse: str | None = None


@dataclass(frozen=True)
class Held:
    """A skill target on the person's map, with the practice behind it."""

    skill_id: int
    name: str  # the person's own words
    esco_uri: str | None
    current_level: int
    target_level: int
    evidence: bool = False
    practice_minutes: int = 0
    mastered_microskills: int = 0

    @property
    def proven(self) -> bool:
        """Evidence of the skill: a written note or a mastered micro-skill."""
        return self.evidence or self.mastered_microskills > 0


@dataclass(frozen=True)
class SkillStatus:
    """One of the role's skills and where the person stands on it."""

    skill: RoleSkill
    status: Status
    held: Held | None


@dataclass(frozen=True)
class Coverage:
    """How many of a relation's skills are strong, growing and missing."""

    strong: int
    growing: int
    missing: int

    @property
    def total(self) -> int:
        """All the skills of this relation."""
        return self.strong + self.growing + self.missing

    @property
    def share(self) -> float:
        """Share held strongly, 0..1 (1 when the role lists none)."""
        return 1.0 if self.total == 0 else self.strong / self.total


@dataclass(frozen=True)
class MicroSkillIdea:
    """A suggested micro-skill: one precise behaviour, a few minutes a day, a mastery rule."""

    definition: str
    metric: str
    unit: str
    minutes: int
    rule: MasteryRule


@dataclass(frozen=True)
class Gap:
    """A skill to close, why, and the first small steps."""

    item: SkillStatus
    score: float
    reason: str
    microskill: MicroSkillIdea
    goal: GoalDraft


@dataclass(frozen=True)
class GapReport:
    """Every role skill with its status, coverage per relation, and all gaps ranked."""

    skills: tuple[SkillStatus, ...]
    essential: Coverage
    optional: Coverage
    gaps: tuple[Gap, ...]


def name_key(text: str) -> str:
    """A name compared as people read it: spacing and case aside."""
    return " ".join(text.split()).casefold()


def status_of(held: Held | None) -> Status:
    """Strong at level 3 or with evidence, growing below, missing when not on the map."""
    if held is None:
        return Status.MISSING
    if held.current_level >= STRONG_LEVEL or held.proven:
        return Status.STRONG
    return Status.GROWING


def match(skill: RoleSkill, held: Iterable[Held]) -> Held | None:
    """The person's skill target for a role skill: linked to it, or named as it; the strongest."""
    key = name_key(skill.label)
    found = [h for h in held if h.esco_uri == skill.uri or name_key(h.name) == key]
    if not found:
        return None
    return max(found, key=lambda h: (h.proven, h.current_level, h.practice_minutes, -h.skill_id))


def statuses(role: Sequence[RoleSkill], held: Sequence[Held]) -> tuple[SkillStatus, ...]:
    """Each role skill with its status: essential first, then by label."""
    ordered = sorted(role, key=lambda s: (s.relation is not Relation.ESSENTIAL, s.label.casefold()))
    items = []
    for skill in ordered:
        found = match(skill, held)
        items.append(SkillStatus(skill, status_of(found), found))
    return tuple(items)


def coverage(items: Iterable[SkillStatus], relation: Relation) -> Coverage:
    """Strong, growing and missing counts for one relation."""
    picked = [item.status for item in items if item.skill.relation is relation]
    return Coverage(
        strong=picked.count(Status.STRONG),
        growing=picked.count(Status.GROWING),
        missing=picked.count(Status.MISSING),
    )


def score(item: SkillStatus) -> float:
    """The documented gap score (module docstring); 0 for a strong skill."""
    if item.status is Status.STRONG:
        return 0.0
    reuse = REUSE_POINTS.get(item.skill.reuse or "", 0.0)
    points = RELATION_POINTS[item.skill.relation.value] + reuse
    if item.held is None:
        return points + MISSING_POINTS
    below = max(0, STRONG_LEVEL - item.held.current_level)
    credit = min(PRACTICE_CREDIT_MAX, item.held.practice_minutes / PRACTICE_MINUTES_PER_POINT)
    return round(points + GROWING_BASE + GROWING_PER_LEVEL * below - credit, 2)


def reason(item: SkillStatus, role_label: str) -> str:
    """Why this gap ranks where it does, in one sentence."""
    need = f"{item.skill.relation.value.capitalize()} for {role_label}"
    held = item.held
    if held is None:
        return f"{need}; not on your map yet."
    words = "" if name_key(held.name) == name_key(item.skill.label) else f" as '{held.name}'"
    practice = (
        f"{held.practice_minutes} min practised" if held.practice_minutes else "no practice logged"
    )
    return (
        f"{need}; on your map{words} at level {held.current_level}, aiming for "
        f"{held.target_level} ({practice})."
    )


def _short(label: str) -> str:
    return label if len(label) <= LABEL_ROOM else label[: LABEL_ROOM - 1].rstrip() + "…"


def words_for(item: SkillStatus) -> str:
    """The person's own words for a skill on their map, else the ESCO label."""
    return _short(item.held.name if item.held is not None else item.skill.label)


def microskill_idea(item: SkillStatus) -> MicroSkillIdea:
    """A 5-10 minute daily behaviour: retrieval practice for knowledge, a timed task for a skill.

    ESCO names skills with verb phrases ('perform data cleansing'), so a skill's name is quoted
    rather than bent into a sentence."""
    name = words_for(item)
    if item.skill.kind is SkillKind.KNOWLEDGE:
        return MicroSkillIdea(
            definition=f"Recall 3 key points of {name} from memory, then check them",
            metric="key points right from memory",
            unit="points",
            minutes=5,
            rule=MasteryRule(threshold=3, direction=Direction.HIGHER, needed=4, window=5),
        )
    return MicroSkillIdea(
        definition=f'Do one small "{name}" task from your week, timed',
        metric="minutes to finish the task",
        unit="min",
        minutes=10,
        rule=MasteryRule(threshold=10, direction=Direction.LOWER, needed=4, window=5),
    )


def goal_idea(
    item: SkillStatus, *, objective_id: int, today: date, policy: GoalPolicy
) -> GoalDraft:
    """A micro-goal with a metric, a target and a due date inside the goal horizon."""
    name = words_for(item)
    due = today + timedelta(days=min(GOAL_DAYS, policy.horizon_days))
    skill_id = item.held.skill_id if item.held is not None else None
    if item.skill.kind is SkillKind.KNOWLEDGE:
        return GoalDraft(
            title=f"Write a one-page summary of {name} and have a colleague check it",
            due=due,
            kind=GoalKind.LEARNING,
            metric="summaries checked by a colleague",
            target_value=1,
            unit="summary",
            effort_hours=2,
            objective_id=objective_id,
            skill_id=skill_id,
        )
    return GoalDraft(
        title=f'Apply "{name}" to 2 real tasks and note what worked',
        due=due,
        kind=GoalKind.LEARNING,
        metric="real tasks done",
        target_value=2,
        unit="tasks",
        effort_hours=3,
        objective_id=objective_id,
        skill_id=skill_id,
    )


def skill_gap(
    role: Sequence[RoleSkill],
    held: Sequence[Held],
    *,
    role_label: str,
    objective_id: int,
    today: date,
    policy: GoalPolicy,
) -> GapReport:
    """Every role skill's status, the coverage, and all gaps ranked by the documented score."""
    items = statuses(role, held)
    open_items = [item for item in items if item.status is not Status.STRONG]
    ranked = sorted(open_items, key=lambda item: (-score(item), item.skill.label.casefold()))
    gaps = tuple(
        Gap(
            item=item,
            score=score(item),
            reason=reason(item, role_label),
            microskill=microskill_idea(item),
            goal=goal_idea(item, objective_id=objective_id, today=today, policy=policy),
        )
        for item in ranked
    )
    return GapReport(
        skills=items,
        essential=coverage(items, Relation.ESSENTIAL),
        optional=coverage(items, Relation.OPTIONAL),
        gaps=gaps,
    )
