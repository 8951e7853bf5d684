"""Held files (待重新审核, 待确认签名) are kept in the ledger, not in a folder on the PC that
received them: every officer of a ledger on a server can open and re-review them, and copy-ledger
and backup carry them. A held file an older version copied beside the ledger is moved in here when
it is still there (its stored_path is then emptied); one that is gone stays as it was.

Revision ID: 0009
Revises: 0008
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "held_contents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["held_id"], ["held_files.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_held_contents_held_id", "held_contents", ["held_id"])
    conn = op.get_bind()
    contents = sa.table(
        "held_contents",
        sa.column("held_id", sa.Integer()),
        sa.column("position", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("data", sa.LargeBinary()),
    )
    rows = conn.execute(
        sa.text("SELECT id, file_name, stored_path FROM held_files WHERE outcome IS NULL AND stored_path <> ''")
    ).all()
    for held_id, file_name, stored_path in rows:
        path = Path(stored_path)
        try:
            data = path.read_bytes()
        except OSError:
            continue  # on another PC, or removed: read from its path while it is there (app.review.state)
        name = file_name if Path(file_name).suffix.lower() == path.suffix.lower() else path.name
        op.bulk_insert(contents, [{"held_id": held_id, "position": 0, "name": name, "data": data}])
        conn.execute(sa.text("UPDATE held_files SET stored_path = '' WHERE id = :id"), {"id": held_id})


def downgrade() -> None:
    op.drop_index("ix_held_contents_held_id", table_name="held_contents")
    op.drop_table("held_contents")
