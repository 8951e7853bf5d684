"""What the bureau sent a unit since they last agreed on a record (pre-filled workbooks): the other
versions the unit's next file may have started from (app.merge.rules.started_from).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("merge_bases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("merge_bases", schema=None) as batch_op:
        batch_op.drop_column("sent")
