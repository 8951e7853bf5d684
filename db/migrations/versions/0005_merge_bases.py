"""Three-way merge: the base each side last agreed on, and which side a merge kept per field.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merge_bases",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("record_id"),
    )
    with op.batch_alter_table("record_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merge", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_history", schema=None) as batch_op:
        batch_op.drop_column("merge")
    op.drop_table("merge_bases")
