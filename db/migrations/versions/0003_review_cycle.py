"""The review cycle (SPEC §9): review states, comments, held files, units' e-mail addresses (unit_contacts) and the
情况说明 column of every record kind.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RECORD_TABLES = (
    "task_progress",
    "brand_stations",
    "station_services",
    "patent_listings",
    "patent_deals",
    "pledge_financings",
    "indicator_values",
)


def upgrade() -> None:
    op.create_table(
        "review_states",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("first_submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["import_log.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("unit_id", "period"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("field", sa.String(length=32), nullable=True),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("answer_kind", sa.String(length=12), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comments_record_id"), ["record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_unit_id"), ["unit_id"], unique=False)
    op.create_table(
        "held_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("file_name", sa.String(length=512), nullable=False),
        sa.Column("stored_path", sa.String(length=1024), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "unit_contacts",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("unit_id"),
    )
    for table in RECORD_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("explanation", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in RECORD_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("explanation")
    op.drop_table("unit_contacts")
    op.drop_table("held_files")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_unit_id"))
        batch_op.drop_index(batch_op.f("ix_comments_record_id"))
    op.drop_table("comments")
    op.drop_table("review_states")
