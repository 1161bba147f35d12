"""Tables of microstep. Enumerations are strings guarded by CHECK constraints (both engines)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
VISIBILITY_CHECK = "visibility IN ('private', 'circle', 'manager', 'org')"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp on every engine: SQLite hands back naive values, read as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store aware values in UTC."""
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Give back aware values."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    """Somebody who plans and practises; in personal mode, the one local person."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    is_local: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Objective(Base):
    """A long-term target role or capability with a horizon date."""

    __tablename__ = "objective"
    __table_args__ = (
        CheckConstraint("kind IN ('role', 'capability')", name="kind"),
        CheckConstraint("status IN ('active', 'achieved', 'archived')", name="status"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="role")
    horizon: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="active")
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SkillTarget(Base):
    """A skill on the person's map: where they are and where they aim, 0-5."""

    __tablename__ = "skill_target"
    __table_args__ = (
        CheckConstraint("current_level BETWEEN 0 AND 5", name="current_level"),
        CheckConstraint("target_level BETWEEN 0 AND 5", name="target_level"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("uq_skill_target_person_name", "person_id", "name_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(600))  # casefold can triple a name
    current_level: Mapped[int] = mapped_column(Integer)
    target_level: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    changes: Mapped[list[SkillLevelChange]] = relationship(
        back_populates="skill", cascade="all, delete-orphan", passive_deletes=True
    )


class SkillLevelChange(Base):
    """History of level changes: growth over time is read from here."""

    __tablename__ = "skill_level_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill_target.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    from_level: Mapped[int | None] = mapped_column(Integer)
    to_level: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    skill: Mapped[SkillTarget] = relationship(back_populates="changes")


class MicroGoal(Base):
    """A specific, time-bound, small step toward an objective or a skill."""

    __tablename__ = "micro_goal"
    __table_args__ = (
        CheckConstraint("kind IN ('learning', 'visibility', 'relationship')", name="kind"),
        CheckConstraint("status IN ('planned', 'active', 'done', 'dropped')", name="status"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_micro_goal_person_status_due", "person_id", "status", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="SET NULL"), index=True
    )
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("skill_target.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str | None] = mapped_column(String(200))
    target_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    done_when: Mapped[str | None] = mapped_column(Text)
    effort_hours: Mapped[float | None] = mapped_column(Float)
    due: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    outcome_value: Mapped[float | None] = mapped_column(Float)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MicroSkill(Base):
    """One precise behaviour under a skill, practised a few minutes a day, stacked in order."""

    __tablename__ = "micro_skill"
    __table_args__ = (
        CheckConstraint("direction IN ('lower', 'higher')", name="direction"),
        CheckConstraint("state IN ('queued', 'active', 'mastered')", name="state"),
        CheckConstraint("minutes BETWEEN 1 AND 120", name="minutes"),
        CheckConstraint("mastery_needed BETWEEN 1 AND mastery_window", name="mastery"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_micro_skill_person_state", "person_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill_target.id", ondelete="CASCADE"), index=True
    )
    definition: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(10))
    minutes: Mapped[int] = mapped_column(Integer)
    mastery_threshold: Mapped[float] = mapped_column(Float)
    mastery_needed: Mapped[int] = mapped_column(Integer)
    mastery_window: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mastered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    skill: Mapped[SkillTarget] = relationship(lazy="joined", innerjoin=True)
    # FSRS memory of this micro-skill; empty until the first session.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    fsrs_state: Mapped[int | None] = mapped_column(Integer)
    fsrs_step: Mapped[int | None] = mapped_column(Integer)
    last_review_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PracticeSession(Base):
    """One entry of the practice journal."""

    __tablename__ = "practice_session"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 1 AND 120", name="minutes"),
        CheckConstraint("rating IN ('again', 'hard', 'good', 'easy')", name="rating"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_practice_session_skill_day", "micro_skill_id", "practised_on"),
        Index("ix_practice_session_person_day", "person_id", "practised_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    micro_skill_id: Mapped[int] = mapped_column(ForeignKey("micro_skill.id", ondelete="CASCADE"))
    practised_on: Mapped[date] = mapped_column(Date)
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    minutes: Mapped[int] = mapped_column(Integer)
    metric_value: Mapped[float | None] = mapped_column(Float)
    rating: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
