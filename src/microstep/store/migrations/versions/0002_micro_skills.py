"""micro-skills and the practice journal

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:45:17.609020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "micro_skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("definition", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("mastery_threshold", sa.Float(), nullable=False),
        sa.Column("mastery_needed", sa.Integer(), nullable=False),
        sa.Column("mastery_window", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mastered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("fsrs_state", sa.Integer(), nullable=True),
        sa.Column("fsrs_step", sa.Integer(), nullable=True),
        sa.Column("last_review_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "direction IN ('lower', 'higher')", name=op.f("ck_micro_skill_direction")
        ),
        sa.CheckConstraint(
            "state IN ('queued', 'active', 'mastered')", name=op.f("ck_micro_skill_state")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_micro_skill_visibility"),
        ),
        sa.CheckConstraint(
            "mastery_needed BETWEEN 1 AND mastery_window", name=op.f("ck_micro_skill_mastery")
        ),
        sa.CheckConstraint("minutes BETWEEN 1 AND 120", name=op.f("ck_micro_skill_minutes")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_micro_skill_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill_target.id"],
            name=op.f("fk_micro_skill_skill_id_skill_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_skill")),
    )
    with op.batch_alter_table("micro_skill", schema=None) as batch_op:
        batch_op.create_index("ix_micro_skill_person_state", ["person_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_micro_skill_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "practice_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("micro_skill_id", sa.Integer(), nullable=False),
        sa.Column("practised_on", sa.Date(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("metric_value", sa.Float(), nullable=True),
        sa.Column("rating", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "rating IN ('again', 'hard', 'good', 'easy')", name=op.f("ck_practice_session_rating")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_practice_session_visibility"),
        ),
        sa.CheckConstraint("minutes BETWEEN 1 AND 120", name=op.f("ck_practice_session_minutes")),
        sa.ForeignKeyConstraint(
            ["micro_skill_id"],
            ["micro_skill.id"],
            name=op.f("fk_practice_session_micro_skill_id_micro_skill"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_practice_session_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_session")),
    )
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_practice_session_person_day", ["person_id", "practised_on"], unique=False
        )
        batch_op.create_index(
            "ix_practice_session_skill_day", ["micro_skill_id", "practised_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_session_skill_day")
        batch_op.drop_index("ix_practice_session_person_day")

    op.drop_table("practice_session")
    with op.batch_alter_table("micro_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_micro_skill_skill_id"))
        batch_op.drop_index("ix_micro_skill_person_state")

    op.drop_table("micro_skill")
