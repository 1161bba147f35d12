"""Tables of microstep. Enumerations are strings guarded by CHECK constraints (both engines)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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
    # The secret in the calendar feed's URL; None until the person asks for a feed.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Team mode: an account of the organization. Managers are derived from team.manager_id,
    # mentors from mentorship; `role` says only whether the person administers the org.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="employee")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL", use_alter=True), index=True
    )
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    is_advisor: Mapped[bool] = mapped_column(default=False)
    notify_email: Mapped[bool] = mapped_column(default=True)
    webhook_url: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (CheckConstraint("role IN ('employee', 'hr_admin')", name="role"),)


class Team(Base):
    """A team of the organization and the person who manages it."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuthSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its hash."""

    __tablename__ = "auth_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie token
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ApiToken(Base):
    """A bearer token for scripts and the CLI; only its hash is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Invite(Base):
    """An invite link: to join the organization, or to mentor the person who sent it."""

    __tablename__ = "invite"
    __table_args__ = (
        CheckConstraint("kind IN ('account', 'mentor')", name="kind"),
        CheckConstraint("role IN ('employee', 'hr_admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(20), default="employee")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    invited_by: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Mentorship(Base):
    """A mentor a person invited: the mentor sees what the person shares with their manager."""

    __tablename__ = "mentorship"
    __table_args__ = (Index("uq_mentorship_pair", "mentee_id", "mentor_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ShareDefault(Base):
    """The visibility a person's new records of one kind get (private unless they choose)."""

    __tablename__ = "share_default"
    __table_args__ = (CheckConstraint(VISIBILITY_CHECK, name="visibility"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    visibility: Mapped[str] = mapped_column(String(20))


class LoginAttempt(Base):
    """A failed sign-in, kept briefly so every app server sees the same rate limit."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_key_at", "key", "attempted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Circle(Base):
    """A study circle or a buddy pair."""

    __tablename__ = "circle"
    __table_args__ = (CheckConstraint("kind IN ('study', 'buddy')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="study")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CircleMember(Base):
    """A member of a circle and what they share with it."""

    __tablename__ = "circle_member"
    __table_args__ = (Index("uq_circle_member_pair", "circle_id", "person_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circle.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    shares_progress: Mapped[bool] = mapped_column(default=True)
    shares_wins: Mapped[bool] = mapped_column(default=True)
    shares_ticks: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Nudge(Base):
    """A short encouragement from one circle member to another."""

    __tablename__ = "nudge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    circle_id: Mapped[int] = mapped_column(ForeignKey("circle.id", ondelete="CASCADE"))
    from_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CoachingRequest(Base):
    """A request for a career conversation with an internal advisor."""

    __tablename__ = "coaching_request"
    __table_args__ = (
        CheckConstraint("status IN ('requested', 'scheduled', 'done', 'cancelled')", name="status"),
        Index("ix_coaching_request_advisor_status", "advisor_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    topic: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime())
    advisor_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Delivery(Base):
    """One reminder on one channel: the outbox the worker sends from, at most once per key."""

    __tablename__ = "delivery"
    __table_args__ = (
        CheckConstraint("channel IN ('email', 'webhook')", name="channel"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'uncertain')", name="status"
        ),
        Index("ix_delivery_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    # What makes the reminder unique (person, kind, subject and day): planned twice, stored once.
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    address: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


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
    # The ESCO occupation a role objective aims at (its title stays in the person's words).
    occupation_uri: Mapped[str | None] = mapped_column(String(100))
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
    # The ESCO skill the person's own words were linked to, and how sure the linker was; the
    # name stays as typed. A URI rather than a key, so reloading the taxonomy keeps the link.
    esco_uri: Mapped[str | None] = mapped_column(String(100), index=True)
    link_score: Mapped[float | None] = mapped_column(Float)
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


class Signal(Base):
    """One entry of the evidence log: an invitation, feedback, an assignment, praise, ..."""

    __tablename__ = "signal"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('invitation', 'feedback', 'assignment', 'praise', 'meeting_invite', "
            "'mention')",
            name="kind",
        ),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_signal_person_day", "person_id", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))  # who or where it came from
    note: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)  # set when it answers a feedback request
    feedback_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_request.id", ondelete="SET NULL"), unique=True
    )
    # Set when the entry records a completed move (the evidence a move adds).
    move_id: Mapped[int | None] = mapped_column(
        ForeignKey("move.id", ondelete="SET NULL", use_alter=True), index=True
    )
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedbackRequest(Base):
    """One specific question to a named person about a named action; answered later."""

    __tablename__ = "feedback_request"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'answered', 'withdrawn')", name="status"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_feedback_request_person_status", "person_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    asked_whom: Mapped[str] = mapped_column(String(200))
    about: Mapped[str] = mapped_column(String(200))  # the action the question is about
    question: Mapped[str] = mapped_column(String(300))
    asked_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    answer: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    answered_on: Mapped[date | None] = mapped_column(Date)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("micro_goal.id", ondelete="SET NULL"), index=True
    )
    # Team mode: the colleague asked in the app, who answers it there.
    responder_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ActionPick(Base):
    """A micro-action from the library that a person repeats weekly (at most 6 at a time)."""

    __tablename__ = "action_pick"
    __table_args__ = (
        CheckConstraint("focus IN ('capability', 'visibility')", name="focus"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_action_pick_person_dropped", "person_id", "dropped_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    action_key: Mapped[str] = mapped_column(String(60))  # the library's key
    title: Mapped[str] = mapped_column(String(200))  # copied, so the history reads the same
    focus: Mapped[str] = mapped_column(String(20))
    picked_on: Mapped[date] = mapped_column(Date)
    dropped_on: Mapped[date | None] = mapped_column(Date)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    ticks: Mapped[list[ActionTick]] = relationship(
        back_populates="pick", cascade="all, delete-orphan", passive_deletes=True
    )


class ActionTick(Base):
    """A day a picked micro-action was done."""

    __tablename__ = "action_tick"
    __table_args__ = (Index("uq_action_tick_pick_day", "pick_id", "done_on", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pick_id: Mapped[int] = mapped_column(ForeignKey("action_pick.id", ondelete="CASCADE"))
    done_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    pick: Mapped[ActionPick] = relationship(back_populates="ticks")


class Experiment(Base):
    """A tactic time-boxed for a few weeks, compared against the window of equal length before."""

    __tablename__ = "experiment"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'finished', 'stopped')", name="status"),
        CheckConstraint("ends_on >= starts_on", name="window"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_experiment_person_start", "person_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    tactic: Mapped[str] = mapped_column(String(200))
    hypothesis: Mapped[str] = mapped_column(Text)
    action_key: Mapped[str | None] = mapped_column(
        String(60)
    )  # when the tactic is from the library
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # inclusive
    status: Mapped[str] = mapped_column(String(20), default="running")
    conclusion: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    tracked: Mapped[list[ExperimentSignal]] = relationship(
        back_populates="experiment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="ExperimentSignal.kind",
    )


class ExperimentSignal(Base):
    """A signal kind an experiment is meant to move."""

    __tablename__ = "experiment_signal"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('invitation', 'feedback', 'assignment', 'praise', 'meeting_invite', "
            "'mention')",
            name="kind",
        ),
    )

    experiment_id: Mapped[int] = mapped_column(
        ForeignKey("experiment.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)

    experiment: Mapped[Experiment] = relationship(back_populates="tracked")


class CheckIn(Base):
    """A recurring conversation with a mentor or supervisor (an RFC 5545 RRULE)."""

    __tablename__ = "check_in"
    __table_args__ = (
        CheckConstraint("with_role IN ('mentor', 'supervisor', 'peer', 'coach')", name="with_role"),
        CheckConstraint("duration_minutes BETWEEN 5 AND 480", name="duration"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    with_whom: Mapped[str] = mapped_column(String(200))
    with_role: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    first_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the first occurrence (DTSTART)
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name; occurrences keep wall time
    duration_minutes: Mapped[int] = mapped_column(Integer, default=30)
    rrule: Mapped[str | None] = mapped_column(String(500))  # None: a single meeting
    active: Mapped[bool] = mapped_column(default=True)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    meetings: Mapped[list[CheckInMeeting]] = relationship(
        back_populates="check_in",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CheckInMeeting.held_on",
    )


class CheckInMeeting(Base):
    """One check-in that took place: the agenda it had and the notes taken."""

    __tablename__ = "check_in_meeting"
    __table_args__ = (Index("ix_check_in_meeting_check_in_day", "check_in_id", "held_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_in.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    agenda: Mapped[str] = mapped_column(Text)  # as generated and edited, one item per line
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    check_in: Mapped[CheckIn] = relationship(back_populates="meetings")


class Review(Base):
    """A saved weekly review: the computed summary as it was, and the person's reflections."""

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("uq_review_person_week", "person_id", "week_start", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)  # the Monday of the ISO week
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)  # a snapshot of figures, not relations
    what_worked: Mapped[str | None] = mapped_column(Text)
    to_adjust: Mapped[str | None] = mapped_column(Text)
    lessons: Mapped[str | None] = mapped_column(Text)
    wins: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Lesson(Base):
    """An after-action entry in the personal knowledge base (full-text searchable)."""

    __tablename__ = "lesson"
    __table_args__ = (
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_lesson_person_day", "person_id", "learned_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    context: Mapped[str | None] = mapped_column(Text)
    worked: Mapped[str | None] = mapped_column(Text)
    did_not: Mapped[str | None] = mapped_column(Text)
    next_time: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(500), default="")  # normalised, space-separated
    learned_on: Mapped[date] = mapped_column(Date)
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("review.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Achievement(Base):
    """An entry of the portfolio: what improved, by how much, and the story behind it."""

    __tablename__ = "achievement"
    __table_args__ = (
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_achievement_person_day", "person_id", "achieved_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str | None] = mapped_column(String(200))  # "report time 45 → 12 min"
    narrative: Mapped[str | None] = mapped_column(Text)
    achieved_on: Mapped[date] = mapped_column(Date)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("micro_goal.id", ondelete="SET NULL"), index=True
    )
    micro_skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("micro_skill.id", ondelete="SET NULL"), index=True
    )
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("skill_target.id", ondelete="SET NULL"), index=True
    )
    signal_id: Mapped[int | None] = mapped_column(
        ForeignKey("signal.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- Reference data: ESCO and O*NET, loaded by `microstep taxonomy load` ------------------------


class TaxonomySource(Base):
    """One loaded classification and its version; the linker's cache is keyed on these rows."""

    __tablename__ = "taxonomy_source"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)  # 'esco' or 'onet'
    version: Mapped[str] = mapped_column(String(40))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TaxonomySkill(Base):
    """An ESCO skill or knowledge concept."""

    __tablename__ = "taxonomy_skill"
    __table_args__ = (CheckConstraint("kind IN ('skill', 'knowledge')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uri: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    reuse: Mapped[str | None] = mapped_column(String(30))  # transversal ... occupation-specific
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)


class TaxonomySkillLabel(Base):
    """A name of a skill: preferred, alternative or hidden (a common misspelling or jargon)."""

    __tablename__ = "taxonomy_skill_label"
    __table_args__ = (CheckConstraint("kind IN ('preferred', 'alt', 'hidden')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_skill.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))


class TaxonomyOccupation(Base):
    """An ESCO occupation, with the O*NET-SOC code it maps to where titles agree."""

    __tablename__ = "taxonomy_occupation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uri: Mapped[str] = mapped_column(String(100), unique=True)
    isco_group: Mapped[str | None] = mapped_column(String(10))
    code: Mapped[str | None] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    onet_code: Mapped[str | None] = mapped_column(String(10), index=True)


class TaxonomyOccupationLabel(Base):
    """A name of an occupation: ESCO's preferred, alternative and hidden titles."""

    __tablename__ = "taxonomy_occupation_label"
    __table_args__ = (CheckConstraint("kind IN ('preferred', 'alt', 'hidden')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occupation_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_occupation.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))


class TaxonomyOccupationSkill(Base):
    """ESCO's essential and optional skills of an occupation."""

    __tablename__ = "taxonomy_occupation_skill"
    __table_args__ = (
        CheckConstraint("relation IN ('essential', 'optional')", name="relation"),
        Index("ix_taxonomy_occupation_skill_skill", "skill_id"),
    )

    occupation_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_occupation.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("taxonomy_skill.id", ondelete="CASCADE"), primary_key=True
    )
    relation: Mapped[str] = mapped_column(String(10))


class OnetOccupation(Base):
    """An O*NET-SOC occupation with its job zone (1 little preparation ... 5 extensive)."""

    __tablename__ = "onet_occupation"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    job_zone: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)


class OnetTitle(Base):
    """An alternate title O*NET lists for an occupation."""

    __tablename__ = "onet_title"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(
        ForeignKey("onet_occupation.code", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))


class OnetTechnology(Base):
    """A technology used in an occupation, with O*NET's market flags."""

    __tablename__ = "onet_technology"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(
        ForeignKey("onet_occupation.code", ondelete="CASCADE"), index=True
    )
    example: Mapped[str] = mapped_column(String(300))  # "Microsoft Excel"
    commodity: Mapped[str] = mapped_column(String(300))  # "Spreadsheet software"
    hot: Mapped[bool] = mapped_column(default=False)  # Hot Technology: often in job postings
    in_demand: Mapped[bool] = mapped_column(default=False)  # In Demand for this occupation


class OnetRelated(Base):
    """O*NET's related occupations, ranked within relatedness tiers."""

    __tablename__ = "onet_related"

    code: Mapped[str] = mapped_column(
        ForeignKey("onet_occupation.code", ondelete="CASCADE"), primary_key=True
    )
    related_code: Mapped[str] = mapped_column(
        ForeignKey("onet_occupation.code", ondelete="CASCADE"), primary_key=True
    )
    tier: Mapped[str] = mapped_column(String(30))
    rank: Mapped[int] = mapped_column(Integer)


# --- Market signals a person imports ---------------------------------------------------------


class JobPosting(Base):
    """A job posting a person imported to see what the market asks for."""

    __tablename__ = "job_posting"
    __table_args__ = (
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_job_posting_person_day", "person_id", "posted_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    posted_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))  # file name or site
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    skills: Mapped[list[PostingSkill]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class PostingSkill(Base):
    """An ESCO skill the linker found in a posting, with its confidence."""

    __tablename__ = "posting_skill"

    posting_id: Mapped[int] = mapped_column(
        ForeignKey("job_posting.id", ondelete="CASCADE"), primary_key=True
    )
    skill_uri: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)


# Micro-career moves and the internal opportunity marketplace (team mode; moves also personal).

MOVE_KINDS = (
    "stretch",
    "rotation",
    "temp_lead",
    "lateral",
    "shadowing",
    "gig",
    "promotion",
    "hire",
)
_MOVE_KIND_SQL = ", ".join(f"'{k}'" for k in MOVE_KINDS)


class Role(Base):
    """A role title as the organization writes it, linked once to the taxonomy."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    title_key: Mapped[str] = mapped_column(String(600), unique=True)  # casefolded, spaces squeezed
    # The ESCO occupation the title was linked to, its O*NET-SOC code, and how sure the link was.
    occupation_uri: Mapped[str | None] = mapped_column(String(100), index=True)
    onet_code: Mapped[str | None] = mapped_column(String(10))
    link_score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Move(Base):
    """One step of a career: a stretch, a rotation, a temporary lead, a lateral move, a hire..."""

    __tablename__ = "move"
    __table_args__ = (
        CheckConstraint(f"kind IS NULL OR kind IN ({_MOVE_KIND_SQL})", name="kind"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('met', 'partly', 'not_met')", name="outcome"
        ),
        CheckConstraint("source IN ('manual', 'import', 'marketplace')", name="source"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        Index("ix_move_person_start", "person_id", "start_date"),
        Index("ix_move_to_role", "to_role_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[str | None] = mapped_column(String(20))  # None: the history did not say
    from_role_id: Mapped[int | None] = mapped_column(ForeignKey("role.id", ondelete="RESTRICT"))
    to_role_id: Mapped[int] = mapped_column(ForeignKey("role.id", ondelete="RESTRICT"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)  # None while ongoing
    intended_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    success_criteria: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(10))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunity.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Opportunity(Base):
    """A stretch assignment, rotation, temporary lead or gig posted on the internal marketplace."""

    __tablename__ = "opportunity"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_MOVE_KIND_SQL})", name="kind"),
        CheckConstraint(
            "status IN ('draft', 'open', 'filled', 'in_progress', 'completed', 'reviewed', "
            "'cancelled')",
            name="status",
        ),
        CheckConstraint("share_of_time BETWEEN 5 AND 100", name="share_of_time"),
        CheckConstraint("weeks BETWEEN 1 AND 104", name="weeks"),
        CheckConstraint("capacity BETWEEN 1 AND 1000", name="capacity"),
        Index("ix_opportunity_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    # The role the opportunity gives experience in (moves made from it go to this role).
    role_id: Mapped[int | None] = mapped_column(ForeignKey("role.id", ondelete="RESTRICT"))
    posted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    share_of_time: Mapped[int] = mapped_column(Integer)  # percent of a working week
    weeks: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    success_criteria: Mapped[str] = mapped_column(Text)
    needs_approval: Mapped[bool] = mapped_column(default=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    skills: Mapped[list[OpportunitySkill]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan", passive_deletes=True
    )


class OpportunitySkill(Base):
    """A skill an opportunity requires (at a level) or offers to learn (up to a level)."""

    __tablename__ = "opportunity_skill"
    __table_args__ = (
        CheckConstraint("relation IN ('required', 'offered')", name="relation"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level"),
        Index("uq_opportunity_skill", "opportunity_id", "relation", "name_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True
    )
    relation: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(600))
    esco_uri: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[int] = mapped_column(Integer)

    opportunity: Mapped[Opportunity] = relationship(back_populates="skills")


class Application(Base):
    """Somebody's application to an opportunity, and its manager's decision."""

    __tablename__ = "application"
    __table_args__ = (
        CheckConstraint(
            "status IN ('applied', 'approved', 'declined', 'withdrawn')", name="status"
        ),
        Index("uq_application_pair", "opportunity_id", "person_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunity.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)  # why they want it, in their words
    status: Mapped[str] = mapped_column(String(20), default="applied")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How it was decided: "manager", "hr", "rule" (an auto-approve rule) or "open" (no approval
    # needed); and the move it became once the opportunity started.
    decided_how: Mapped[str | None] = mapped_column(String(20))
    move_id: Mapped[int | None] = mapped_column(ForeignKey("move.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApprovalRule(Base):
    """A manager's standing yes: applications from their team within these bounds approve
    themselves (seed 004: reduce friction)."""

    __tablename__ = "approval_rule"
    __table_args__ = (
        CheckConstraint("max_share_of_time BETWEEN 5 AND 100", name="max_share_of_time"),
        CheckConstraint("max_weeks BETWEEN 1 AND 104", name="max_weeks"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    max_share_of_time: Mapped[int] = mapped_column(Integer)
    max_weeks: Mapped[int] = mapped_column(Integer)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every kind
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CriticalRole(Base):
    """A role the organization cannot leave empty: succession planning tracks its bench
    (seed 004: coordinate succession). Incumbents and candidates come from the history."""

    __tablename__ = "critical_role"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("role.id", ondelete="RESTRICT"), unique=True)
    note: Mapped[str | None] = mapped_column(Text)  # why it is critical
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Cohort(Base):
    """A pilot programme's participants (seed 004: use pilots), compared with people matched on
    role and tenure as of `start_date`."""

    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CohortMember(Base):
    """One participant of a pilot cohort."""

    __tablename__ = "cohort_member"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
