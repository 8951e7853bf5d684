"""Alembic environment: used by the app (db.engine passes its connection) and by developers.

A developer makes a new revision with
    alembic -c db/alembic.ini revision --autogenerate -m "what changed"
"""

from alembic import context
from sqlalchemy import create_engine

from db.models import Base

config = context.config
connection = config.attributes.get("connection")


def run(conn) -> None:
    # render_as_batch: SQLite can only ALTER a table by copying it; batch mode does that for us.
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as conn:
        run(conn)
