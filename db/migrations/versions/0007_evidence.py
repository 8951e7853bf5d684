"""Evidence files (佐证材料, SPEC §15): contents stored once by sha256, and record ↔ file links.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "evidence_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("removed_by_import", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["sha256"], ["evidence_blobs.sha256"]),
        sa.ForeignKeyConstraint(["import_id"], ["import_log.id"]),
        sa.ForeignKeyConstraint(["removed_by_import"], ["import_log.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_links_record_id", "evidence_links", ["record_id"])
    op.create_index("ix_evidence_links_sha256", "evidence_links", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_evidence_links_sha256", table_name="evidence_links")
    op.drop_index("ix_evidence_links_record_id", table_name="evidence_links")
    op.drop_table("evidence_links")
    op.drop_table("evidence_blobs")
