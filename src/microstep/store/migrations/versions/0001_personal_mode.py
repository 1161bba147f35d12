"""personal mode: person, objective, skill map, micro-goals

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 17:01:30.725266
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
    )
    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("horizon", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('role', 'capability')", name=op.f("ck_objective_kind")),
        sa.CheckConstraint(
            "status IN ('active', 'achieved', 'archived')", name=op.f("ck_objective_status")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_objective_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_objective_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_person_id"), ["person_id"], unique=False)

    op.create_table(
        "skill_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=600), nullable=False),
        sa.Column("current_level", sa.Integer(), nullable=False),
        sa.Column("target_level", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_skill_target_visibility"),
        ),
        sa.CheckConstraint(
            "current_level BETWEEN 0 AND 5", name=op.f("ck_skill_target_current_level")
        ),
        sa.CheckConstraint(
            "target_level BETWEEN 0 AND 5", name=op.f("ck_skill_target_target_level")
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_skill_target_objective_id_objective"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_skill_target_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_target")),
    )
    with op.batch_alter_table("skill_target", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skill_target_objective_id"), ["objective_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_skill_target_person_id"), ["person_id"], unique=False)
        batch_op.create_index("uq_skill_target_person_name", ["person_id", "name_key"], unique=True)

    op.create_table(
        "micro_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=200), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("done_when", sa.Text(), nullable=True),
        sa.Column("effort_hours", sa.Float(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome_value", sa.Float(), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('learning', 'visibility', 'relationship')", name=op.f("ck_micro_goal_kind")
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'active', 'done', 'dropped')", name=op.f("ck_micro_goal_status")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'circle', 'manager', 'org')",
            name=op.f("ck_micro_goal_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_micro_goal_objective_id_objective"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_micro_goal_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill_target.id"],
            name=op.f("fk_micro_goal_skill_id_skill_target"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_goal")),
    )
    with op.batch_alter_table("micro_goal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_micro_goal_objective_id"), ["objective_id"], unique=False
        )
        batch_op.create_index(
            "ix_micro_goal_person_status_due", ["person_id", "status", "due"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_micro_goal_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "skill_level_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=True),
        sa.Column("to_level", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill_target.id"],
            name=op.f("fk_skill_level_change_skill_id_skill_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_level_change")),
    )
    with op.batch_alter_table("skill_level_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_skill_level_change_skill_id"), ["skill_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("skill_level_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_skill_level_change_skill_id"))

    op.drop_table("skill_level_change")
    with op.batch_alter_table("micro_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_micro_goal_skill_id"))
        batch_op.drop_index("ix_micro_goal_person_status_due")
        batch_op.drop_index(batch_op.f("ix_micro_goal_objective_id"))

    op.drop_table("micro_goal")
    with op.batch_alter_table("skill_target", schema=None) as batch_op:
        batch_op.drop_index("uq_skill_target_person_name")
        batch_op.drop_index(batch_op.f("ix_skill_target_person_id"))
        batch_op.drop_index(batch_op.f("ix_skill_target_objective_id"))

    op.drop_table("skill_target")
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_person_id"))

    op.drop_table("objective")
    op.drop_table("person")
