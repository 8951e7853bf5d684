"""Reference data: units, the plan catalogue, reporting periods, settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("joint_member", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("former_names", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )

    op.create_table(
        "plan_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["plan_sections.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )

    op.create_table(
        "tasks",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("all_members", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["plan_sections.id"],
        ),
        sa.PrimaryKeyConstraint("number"),
    )

    op.create_table(
        "task_lead_units",
        sa.Column("task_number", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_number"],
            ["tasks.number"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("task_number", "unit_id"),
    )

    op.create_table(
        "indicators",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("measure_unit", sa.String(length=8), nullable=False),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("expected", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )

    op.create_table(
        "indicator_targets",
        sa.Column("indicator_number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_number"],
            ["indicators.number"],
        ),
        sa.PrimaryKeyConstraint("indicator_number", "year"),
    )

    op.create_table(
        "reporting_periods",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("reporting_periods")
    op.drop_table("indicator_targets")
    op.drop_table("indicators")
    op.drop_table("task_lead_units")
    op.drop_table("tasks")
    op.drop_table("plan_sections")
    op.drop_table("units")
