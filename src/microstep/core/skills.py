"""The skill map: levels 0-5, current against target, biggest gaps first."""

from __future__ import annotations

from dataclasses import dataclass

from microstep.errors import InvalidInput

MIN_LEVEL = 0
MAX_LEVEL = 5
LEVEL_NAMES = ("none", "aware", "beginner", "practising", "proficient", "expert")


def check_level(value: int, *, field: str) -> int:
    """Refuse a level outside 0-5."""
    if not MIN_LEVEL <= value <= MAX_LEVEL:
        raise InvalidInput(
            f"The {field} must be a whole number from {MIN_LEVEL} to {MAX_LEVEL} (got {value}).",
            field=field.replace(" ", "_"),
        )
    return value


def check_levels(current: int, target: int) -> tuple[int, int]:
    """Both levels in range, and a target that is not below the current level."""
    check_level(current, field="current level")
    check_level(target, field="target level")
    if target < current:
        raise InvalidInput(
            f"The target level ({target}) is below the current level ({current}): "
            "raise the target or lower the current level.",
            field="target_level",
        )
    return current, target


@dataclass(frozen=True)
class SkillLevel:
    """One row of the skill map."""

    skill_id: int
    name: str
    current: int
    target: int

    @property
    def gap(self) -> int:
        """Levels still to climb."""
        return max(0, self.target - self.current)


def map_order(skills: list[SkillLevel]) -> list[SkillLevel]:
    """Biggest gaps first, then by name, so the chart reads as a priority list."""
    return sorted(skills, key=lambda s: (-s.gap, s.name.lower()))


def progress_share(skills: list[SkillLevel]) -> float:
    """Share of the planned climb already done across the map, 0..1 (1 when nothing to climb)."""
    wanted = sum(max(0, s.target) for s in skills)
    have = sum(min(s.current, s.target) for s in skills)
    return 1.0 if wanted == 0 else have / wanted
