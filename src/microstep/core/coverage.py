"""How much of what a role needs a person already holds: the readiness arithmetic shared by
next-move reasons ("you have 7 of its 9 essential skills") and succession.

Skills are keys (an ESCO URI, or a name key for skills known only by name) with levels 0-5.
A skill held at the level needed counts whole; held below it, half.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PARTIAL = 0.5  # a skill held below the level needed counts this much


@dataclass(frozen=True)
class Coverage:
    """The needed skills split by how far the person holds them."""

    have: tuple[str, ...]  # held at the level needed or above
    partial: tuple[str, ...]  # held, below the level needed
    missing: tuple[str, ...]  # not held at all

    @property
    def needed(self) -> int:
        """How many skills the role needs."""
        return len(self.have) + len(self.partial) + len(self.missing)

    @property
    def share(self) -> float:
        """0-1: whole for each skill held at level, half for each held below (1 when the role
        needs nothing we know of)."""
        if not self.needed:
            return 1.0
        return (len(self.have) + PARTIAL * len(self.partial)) / self.needed


def coverage(held: Mapping[str, int], needed: Mapping[str, int]) -> Coverage:
    """Split `needed` (skill -> level) by what `held` (skill -> level) covers; a held level of
    0 is not holding the skill."""
    have: list[str] = []
    partial: list[str] = []
    missing: list[str] = []
    for skill in sorted(needed):
        level = held.get(skill, 0)
        if level <= 0:
            missing.append(skill)
        elif level >= needed[skill]:
            have.append(skill)
        else:
            partial.append(skill)
    return Coverage(tuple(have), tuple(partial), tuple(missing))
