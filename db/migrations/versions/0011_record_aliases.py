"""Record aliases: the id a unit's row carried when it landed on a record this ledger holds under
another id (the same task, indicator or station and period typed again on the unit's other PC, or
in the program after a filled workbook), with the revision and cells digest of that id last merged,
so that the unit's later rows and tombstones of that id reach the record under the normal rules.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("alias_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["import_log.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_record_aliases_alias_id", "record_aliases", ["alias_id"])
    op.create_index("ix_record_aliases_record_id", "record_aliases", ["record_id"])
    op.create_index("ix_record_aliases_import_id", "record_aliases", ["import_id"])


def downgrade() -> None:
    op.drop_index("ix_record_aliases_import_id", table_name="record_aliases")
    op.drop_index("ix_record_aliases_record_id", table_name="record_aliases")
    op.drop_index("ix_record_aliases_alias_id", table_name="record_aliases")
    op.drop_table("record_aliases")
