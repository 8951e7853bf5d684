"""Signatures (SPEC §15): the ledger's own signing key, the keys it knows of others, files held until
their key is confirmed (待确认签名), and what the import found of each file's signature.

An existing ledger gets its key here, as a new one does at `init`.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "known_keys",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=19), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("unit_id"),
    )
    op.create_index("ix_known_keys_fingerprint", "known_keys", ["fingerprint"])
    with op.batch_alter_table("held_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_fingerprint", sa.String(length=19), nullable=True))
        batch_op.add_column(sa.Column("public_key", sa.String(length=64), nullable=True))
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("key_fingerprint", sa.String(length=19), nullable=True))
        batch_op.add_column(sa.Column("uncovered_rows", sa.Integer(), nullable=True))
    conn = op.get_bind()
    # an existing ledger gets its key here; a new (empty) one at its first opening (app.store.ledger),
    # so that an empty database stays empty (copy-ledger writes only into an empty one)
    existing = conn.execute(sa.text("SELECT 1 FROM units")).first() is not None
    if existing and conn.execute(sa.text("SELECT 1 FROM settings WHERE key = 'signing_key'")).first() is None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        # the private bytes as hex, as app.exchange.signing.SigningKey keeps them
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        settings = sa.table("settings", sa.column("key", sa.String()), sa.column("value", sa.JSON()))
        op.bulk_insert(settings, [{"key": "signing_key", "value": raw.hex()}])


def downgrade() -> None:
    op.execute("DELETE FROM settings WHERE key = 'signing_key'")
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.drop_column("uncovered_rows")
        batch_op.drop_column("key_fingerprint")
        batch_op.drop_column("signature")
    with op.batch_alter_table("held_files", schema=None) as batch_op:
        batch_op.drop_column("public_key")
        batch_op.drop_column("key_fingerprint")
    op.drop_index("ix_known_keys_fingerprint", table_name="known_keys")
    op.drop_table("known_keys")
