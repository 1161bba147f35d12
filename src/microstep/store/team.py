"""Queries of the manager view: members' records, read only through `visible_to`.

Skill level changes and check-in meetings have no visibility of their own: they follow their
parent's, so each query joins the parent and filters the parent with `visible_to`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, or_, select, union
from sqlalchemy.orm import Session

from microstep.store.models import CheckIn, CheckInMeeting, MicroGoal, SkillLevelChange, SkillTarget
from microstep.store.visibility import visible_to

SHARED_KINDS: tuple[type[Any], ...] = (SkillTarget, MicroGoal, CheckIn)


def people_sharing(*, session: Session, viewer_id: int, person_ids: Sequence[int]) -> set[int]:
    """The people who share at least one skill, goal or check-in with the viewer."""
    if not person_ids:
        return set()
    parts = [
        select(model.person_id).where(model.person_id.in_(person_ids), visible_to(model, viewer_id))
        for model in SHARED_KINDS
    ]
    return set(session.scalars(union(*parts)).all())


def shared_skills(
    *, session: Session, viewer_id: int, person_ids: Sequence[int]
) -> Sequence[SkillTarget]:
    """The skill targets these people share with the viewer."""
    return session.scalars(
        select(SkillTarget)
        .where(SkillTarget.person_id.in_(person_ids), visible_to(SkillTarget, viewer_id))
        .order_by(SkillTarget.person_id, SkillTarget.name_key, SkillTarget.id)
    ).all()


def shared_level_changes(
    *, session: Session, viewer_id: int, person_ids: Sequence[int], since: datetime
) -> Sequence[Row[int, datetime, int | None, int]]:
    """(person, when, from level, to level) of shared skills' level changes since `since`."""
    return session.execute(
        select(
            SkillTarget.person_id,
            SkillLevelChange.changed_at,
            SkillLevelChange.from_level,
            SkillLevelChange.to_level,
        )
        .join(SkillTarget, SkillLevelChange.skill_id == SkillTarget.id)
        .where(
            SkillTarget.person_id.in_(person_ids),
            visible_to(SkillTarget, viewer_id),
            SkillLevelChange.changed_at >= since,
        )
        .order_by(SkillLevelChange.changed_at, SkillLevelChange.id)
    ).all()


def shared_goals(
    *, session: Session, viewer_id: int, person_ids: Sequence[int], since: date, since_at: datetime
) -> Sequence[MicroGoal]:
    """Shared micro-goals closed since `since_at` or due since `since` (the window's candidates)."""
    return session.scalars(
        select(MicroGoal)
        .where(
            MicroGoal.person_id.in_(person_ids),
            visible_to(MicroGoal, viewer_id),
            or_(MicroGoal.finished_at >= since_at, MicroGoal.due >= since),
        )
        .order_by(MicroGoal.person_id, MicroGoal.id)
    ).all()


def shared_checkins(
    *, session: Session, viewer_id: int, person_ids: Sequence[int]
) -> Sequence[CheckIn]:
    """The check-ins these people share with the viewer."""
    return session.scalars(
        select(CheckIn)
        .where(CheckIn.person_id.in_(person_ids), visible_to(CheckIn, viewer_id))
        .order_by(CheckIn.person_id, CheckIn.id)
    ).all()


def shared_meetings(
    *, session: Session, viewer_id: int, person_ids: Sequence[int], since: date
) -> Sequence[Row[int, date]]:
    """(check-in, day held) of meetings of shared check-ins held since `since`."""
    return session.execute(
        select(CheckInMeeting.check_in_id, CheckInMeeting.held_on)
        .join(CheckIn, CheckInMeeting.check_in_id == CheckIn.id)
        .where(
            CheckIn.person_id.in_(person_ids),
            visible_to(CheckIn, viewer_id),
            CheckInMeeting.held_on >= since,
        )
        .order_by(CheckInMeeting.check_in_id, CheckInMeeting.held_on)
    ).all()
