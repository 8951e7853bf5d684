"""Several action plans in one ledger: a plans table, and plan_id on the catalogue and on the
records that point into it (task reports, indicator values).

An existing ledger keeps everything it had: its catalogue becomes the built-in 2024–2025 plan
(id 1), and every task report and indicator value points to it.

The catalogue tables change their primary keys (a task is now plan + number), which SQLite can only
do by copying a table; db.engine.upgrade runs migrations with foreign keys off for that.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BUILTIN_UID = "00000000-0000-4000-8000-000000002024"
BUILTIN_NAME = "普陀区落实《上海市知识产权强市建设纲要和“十四五”规划实施推进计划（2024-2025）》行动方案"

# Unnamed foreign keys of 0002 get these names when reflected, so that batch mode can drop them.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _plan_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["plan_id"], ["plans.id"])


def _server() -> bool:
    return op.get_bind().dialect.name != "sqlite"


def _recreate(name: str, columns: list[sa.Column], constraints: list, copied: list[str]) -> None:
    """Copy a catalogue table into its new shape; plan_id of every copied row is the built-in plan."""
    op.create_table(f"{name}_new", *columns, *constraints)
    cols = ", ".join(f'"{c}"' for c in copied)
    op.execute(f'INSERT INTO "{name}_new" (plan_id, {cols}) SELECT 1, {cols} FROM "{name}"')
    if _server():
        # PostgreSQL keeps foreign keys on during DDL: the old table's dependants lose their key to it
        # here (CASCADE) and get the new plan-wide key below, as SQLite's copy does.
        op.execute(f'DROP TABLE "{name}" CASCADE')
    else:
        op.drop_table(name)
    op.rename_table(f"{name}_new", name)


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("doc_number", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    # A ledger that already has the catalogue: that catalogue is the built-in plan.
    op.execute(
        "INSERT INTO plans (id, uid, name, doc_number, issued_on, start_year, end_year, builtin, loaded_at) "
        f"SELECT 1, '{BUILTIN_UID}', '{BUILTIN_NAME}', '普府办〔2024〕26号', '2024-11-07', 2024, 2025, TRUE, "
        "CURRENT_TIMESTAMP WHERE EXISTS (SELECT 1 FROM tasks)"
    )

    with op.batch_alter_table("plan_sections") as b:
        b.add_column(sa.Column("plan_id", sa.Integer(), server_default="1", nullable=False))
        b.create_foreign_key("fk_plan_sections_plan_id_plans", "plans", ["plan_id"], ["id"])

    _recreate(
        "tasks",
        [
            sa.Column("plan_id", sa.Integer(), server_default="1", nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("section_id", sa.Integer(), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("all_members", sa.Boolean(), nullable=False),
        ],
        [
            _plan_fk(),
            sa.ForeignKeyConstraint(["section_id"], ["plan_sections.id"]),
            sa.PrimaryKeyConstraint("plan_id", "number"),
        ],
        ["number", "section_id", "text", "all_members"],
    )
    _recreate(
        "task_lead_units",
        [
            sa.Column("plan_id", sa.Integer(), server_default="1", nullable=False),
            sa.Column("task_number", sa.Integer(), nullable=False),
            sa.Column("unit_id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
        ],
        [
            sa.ForeignKeyConstraint(["plan_id", "task_number"], ["tasks.plan_id", "tasks.number"]),
            sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
            sa.PrimaryKeyConstraint("plan_id", "task_number", "unit_id"),
        ],
        ["task_number", "unit_id", "position"],
    )
    _recreate(
        "indicators",
        [
            sa.Column("plan_id", sa.Integer(), server_default="1", nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.Column("measure_unit", sa.String(length=8), nullable=False),
            sa.Column("group", sa.String(length=32), nullable=False),
            sa.Column("expected", sa.Boolean(), nullable=False),
        ],
        [_plan_fk(), sa.PrimaryKeyConstraint("plan_id", "number")],
        ["number", "name", "measure_unit", "group", "expected"],
    )
    _recreate(
        "indicator_targets",
        [
            sa.Column("plan_id", sa.Integer(), server_default="1", nullable=False),
            sa.Column("indicator_number", sa.Integer(), nullable=False),
            sa.Column("year", sa.Integer(), nullable=False),
            sa.Column("target", sa.Float(), nullable=False),
        ],
        [
            sa.ForeignKeyConstraint(["plan_id", "indicator_number"], ["indicators.plan_id", "indicators.number"]),
            sa.PrimaryKeyConstraint("plan_id", "indicator_number", "year"),
        ],
        ["indicator_number", "year", "target"],
    )

    # The record tables are reflected (batch mode), so columns others added since 0002 come along.
    with op.batch_alter_table("task_progress", naming_convention=NAMING) as b:
        if not _server():  # on a server, dropped with the old tasks table
            b.drop_constraint("fk_task_progress_task_number_tasks", type_="foreignkey")
        b.add_column(sa.Column("plan_id", sa.Integer(), server_default="1", nullable=False))
        b.create_foreign_key("fk_task_progress_plan_task", "tasks", ["plan_id", "task_number"], ["plan_id", "number"])
    with op.batch_alter_table("indicator_values", naming_convention=NAMING) as b:
        if not _server():
            b.drop_constraint("fk_indicator_values_indicator_number_indicators", type_="foreignkey")
        b.add_column(sa.Column("plan_id", sa.Integer(), server_default="1", nullable=False))
        b.create_foreign_key(
            "fk_indicator_values_plan_indicator", "indicators", ["plan_id", "indicator_number"], ["plan_id", "number"]
        )


def downgrade() -> None:
    raise NotImplementedError("a ledger with several action plans cannot go back to one catalogue")
