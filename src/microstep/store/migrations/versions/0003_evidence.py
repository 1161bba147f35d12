"""evidence and reflection: signals, feedback, micro-actions, experiments, check-ins, reviews,
lessons (with full-text search on each engine) and the portfolio

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 19:11:02.316505
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_pick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("action_key", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("focus", sa.String(length=20), nullable=False),
        sa.Column("picked_on", sa.Date(), nullable=False),
        sa.Column("dropped_on", sa.Date(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "focus IN ('capability', 'visibility')", name=op.f("ck_action_pick_focus")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_action_pick_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_action_pick_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_pick")),
    )
    with op.batch_alter_table("action_pick", schema=None) as batch_op:
        batch_op.create_index(
            "ix_action_pick_person_dropped", ["person_id", "dropped_on"], unique=False
        )

    op.create_table(
        "check_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("with_whom", sa.String(length=200), nullable=False),
        sa.Column("with_role", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("rrule", sa.String(length=500), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_check_in_visibility"),
        ),
        sa.CheckConstraint(
            "with_role IN ('mentor', 'supervisor', 'peer', 'coach')",
            name=op.f("ck_check_in_with_role"),
        ),
        sa.CheckConstraint("duration_minutes BETWEEN 5 AND 480", name=op.f("ck_check_in_duration")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_check_in_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in")),
    )
    with op.batch_alter_table("check_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_in_person_id"), ["person_id"], unique=False)

    op.create_table(
        "experiment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tactic", sa.String(length=200), nullable=False),
        sa.Column("hypothesis", sa.Text(), nullable=False),
        sa.Column("action_key", sa.String(length=60), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('running', 'finished', 'stopped')", name=op.f("ck_experiment_status")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_experiment_visibility"),
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_experiment_window")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_experiment_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment")),
    )
    with op.batch_alter_table("experiment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_experiment_person_start", ["person_id", "starts_on"], unique=False
        )

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("what_worked", sa.Text(), nullable=True),
        sa.Column("to_adjust", sa.Text(), nullable=True),
        sa.Column("lessons", sa.Text(), nullable=True),
        sa.Column("wins", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_review_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_review_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index("uq_review_person_week", ["person_id", "week_start"], unique=True)

    op.create_table(
        "action_tick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pick_id", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pick_id"],
            ["action_pick.id"],
            name=op.f("fk_action_tick_pick_id_action_pick"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_tick")),
    )
    with op.batch_alter_table("action_tick", schema=None) as batch_op:
        batch_op.create_index("uq_action_tick_pick_day", ["pick_id", "done_on"], unique=True)

    op.create_table(
        "check_in_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_in_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_in_id"],
            ["check_in.id"],
            name=op.f("fk_check_in_meeting_check_in_id_check_in"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_meeting")),
    )
    with op.batch_alter_table("check_in_meeting", schema=None) as batch_op:
        batch_op.create_index(
            "ix_check_in_meeting_check_in_day", ["check_in_id", "held_on"], unique=False
        )

    op.create_table(
        "experiment_signal",
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "kind IN ('invitation', 'feedback', 'assignment', 'praise', 'meeting_invite', 'mention')",
            name=op.f("ck_experiment_signal_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiment.id"],
            name=op.f("fk_experiment_signal_experiment_id_experiment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("experiment_id", "kind", name=op.f("pk_experiment_signal")),
    )
    op.create_table(
        "lesson",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("worked", sa.Text(), nullable=True),
        sa.Column("did_not", sa.Text(), nullable=True),
        sa.Column("next_time", sa.Text(), nullable=True),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("learned_on", sa.Date(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_lesson_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_lesson_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_lesson_review_id_review"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson")),
    )
    with op.batch_alter_table("lesson", schema=None) as batch_op:
        batch_op.create_index("ix_lesson_person_day", ["person_id", "learned_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_lesson_review_id"), ["review_id"], unique=False)

    op.create_table(
        "feedback_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("asked_whom", sa.String(length=200), nullable=False),
        sa.Column("about", sa.String(length=200), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'answered', 'withdrawn')", name=op.f("ck_feedback_request_status")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_feedback_request_visibility"),
        ),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_feedback_request_rating")
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["micro_goal.id"],
            name=op.f("fk_feedback_request_goal_id_micro_goal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_feedback_request_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_request")),
    )
    with op.batch_alter_table("feedback_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_request_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(
            "ix_feedback_request_person_status", ["person_id", "status"], unique=False
        )

    op.create_table(
        "signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("feedback_request_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('invitation', 'feedback', 'assignment', 'praise', 'meeting_invite', 'mention')",
            name=op.f("ck_signal_kind"),
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_signal_visibility"),
        ),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_signal_rating")
        ),
        sa.ForeignKeyConstraint(
            ["feedback_request_id"],
            ["feedback_request.id"],
            name=op.f("fk_signal_feedback_request_id_feedback_request"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_signal_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal")),
        sa.UniqueConstraint("feedback_request_id", name=op.f("uq_signal_feedback_request_id")),
    )
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.create_index("ix_signal_person_day", ["person_id", "occurred_on"], unique=False)

    op.create_table(
        "achievement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=200), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("micro_skill_id", sa.Integer(), nullable=True),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("signal_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_achievement_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["micro_goal.id"],
            name=op.f("fk_achievement_goal_id_micro_goal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["micro_skill_id"],
            ["micro_skill.id"],
            name=op.f("fk_achievement_micro_skill_id_micro_skill"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_achievement_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"],
            ["signal.id"],
            name=op.f("fk_achievement_signal_id_signal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill_target.id"],
            name=op.f("fk_achievement_skill_id_skill_target"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievement")),
    )
    with op.batch_alter_table("achievement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_achievement_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_achievement_micro_skill_id"), ["micro_skill_id"], unique=False
        )
        batch_op.create_index(
            "ix_achievement_person_day", ["person_id", "achieved_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_achievement_signal_id"), ["signal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_achievement_skill_id"), ["skill_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_person_calendar_token"), ["calendar_token"]
        )
    _lesson_search_up()


def downgrade() -> None:
    _lesson_search_down()
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_person_calendar_token"), type_="unique")
        batch_op.drop_column("calendar_token")

    with op.batch_alter_table("achievement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_achievement_skill_id"))
        batch_op.drop_index(batch_op.f("ix_achievement_signal_id"))
        batch_op.drop_index("ix_achievement_person_day")
        batch_op.drop_index(batch_op.f("ix_achievement_micro_skill_id"))
        batch_op.drop_index(batch_op.f("ix_achievement_goal_id"))

    op.drop_table("achievement")
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.drop_index("ix_signal_person_day")

    op.drop_table("signal")
    with op.batch_alter_table("feedback_request", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_request_person_status")
        batch_op.drop_index(batch_op.f("ix_feedback_request_goal_id"))

    op.drop_table("feedback_request")
    with op.batch_alter_table("lesson", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_review_id"))
        batch_op.drop_index("ix_lesson_person_day")

    op.drop_table("lesson")
    op.drop_table("experiment_signal")
    with op.batch_alter_table("check_in_meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_check_in_meeting_check_in_day")

    op.drop_table("check_in_meeting")
    with op.batch_alter_table("action_tick", schema=None) as batch_op:
        batch_op.drop_index("uq_action_tick_pick_day")

    op.drop_table("action_tick")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("uq_review_person_week")

    op.drop_table("review")
    with op.batch_alter_table("experiment", schema=None) as batch_op:
        batch_op.drop_index("ix_experiment_person_start")

    op.drop_table("experiment")
    with op.batch_alter_table("check_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_in_person_id"))

    op.drop_table("check_in")
    with op.batch_alter_table("action_pick", schema=None) as batch_op:
        batch_op.drop_index("ix_action_pick_person_dropped")

    op.drop_table("action_pick")


LESSON_TEXT = ("title", "context", "worked", "did_not", "next_time", "tags")


def _lesson_search_up() -> None:
    """FTS5 over lessons on SQLite (kept by triggers); a generated tsvector on PostgreSQL."""
    if op.get_bind().dialect.name == "sqlite":
        columns = ", ".join(LESSON_TEXT)
        new = ", ".join(f"new.{c}" for c in LESSON_TEXT)
        old = ", ".join(f"old.{c}" for c in LESSON_TEXT)
        op.execute(
            f"CREATE VIRTUAL TABLE lesson_fts USING fts5({columns}, content='lesson', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER lesson_fts_insert AFTER INSERT ON lesson BEGIN "
            f"INSERT INTO lesson_fts(rowid, {columns}) VALUES (new.id, {new}); END"
        )
        op.execute(
            "CREATE TRIGGER lesson_fts_delete AFTER DELETE ON lesson BEGIN "
            f"INSERT INTO lesson_fts(lesson_fts, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            "CREATE TRIGGER lesson_fts_update AFTER UPDATE ON lesson BEGIN "
            f"INSERT INTO lesson_fts(lesson_fts, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old}); "
            f"INSERT INTO lesson_fts(rowid, {columns}) VALUES (new.id, {new}); END"
        )
        return
    weighted = " || ".join(
        f"setweight(to_tsvector('english', coalesce({c}, '')), '{w}')"
        for c, w in zip(LESSON_TEXT, "ABBBBA", strict=True)
    )
    op.execute(
        f"ALTER TABLE lesson ADD COLUMN search tsvector GENERATED ALWAYS AS ({weighted}) STORED"
    )
    op.execute("CREATE INDEX ix_lesson_search ON lesson USING gin (search)")


def _lesson_search_down() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS lesson_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS lesson_fts")
        return
    op.execute("DROP INDEX IF EXISTS ix_lesson_search")
    op.execute("ALTER TABLE lesson DROP COLUMN IF EXISTS search")
