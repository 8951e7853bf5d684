"""One live task report per unit × period × task: a unique index (live rows only) on task_progress
(unit_id, period, plan_id, task_number), so that two officers reporting the same task at the same
moment on a shared ledger cannot both save it.

A ledger may already hold such twins (saved at the same moment before this index, or imported
from two PCs of one unit). Of each group the report kept is the one with the highest revision, then
the latest change (updated_at), then the smallest id — the same choice on every ledger. Each other
one becomes a tombstone (deleted, its revision bumped like a deletion in the app, so it travels as
one) and is never removed: its row, its content and its whole history stay in the ledger, and a
history entry "dedupe" on it keeps its content as it was and names the report kept; the report
kept gets a "dedupe" entry naming it back, so its 修改记录 says where the other report went.

Revision ID: 0010
Revises: 0009
"""

from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEX = "uq_task_progress_live"
KEY = ("unit_id", "period", "plan_id", "task_number")
# What the app's history entry keeps of a record (app.store.records.snapshot): the bookkeeping
# columns and the fields of the 任务进展 kind, dates as ISO text.
BOOKKEEPING = ("revision", "deleted", "synced_revision", "synced_digest", "locally_modified")
FIELDS = (
    "period", "task_number", "status", "progress", "results", "problems", "next_steps", "evidence",
    "reporter", "phone", "report_date", "explanation",
)  # fmt: skip

reports = sa.table(
    "task_progress",
    *(sa.column(c) for c in ("id", "plan_id", "unit_id", "created_at", *FIELDS, *BOOKKEEPING[2:])),
    sa.column("revision", sa.Integer()),
    sa.column("deleted", sa.Boolean()),
    sa.column("updated_at", sa.DateTime()),
)
history = sa.table(
    "record_history",
    sa.column("kind", sa.String()),
    sa.column("record_id", sa.String()),
    sa.column("revision", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("before", sa.JSON()),
    sa.column("changed_at", sa.DateTime()),
    sa.column("merge", sa.JSON()),
)


def _snapshot(row: sa.Row) -> dict[str, object]:
    data = {}
    for name in (*BOOKKEEPING, *FIELDS):
        value = getattr(row, name)
        if name in ("deleted", "locally_modified"):
            value = bool(value)
        data[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return data


def _latest_first(row: sa.Row) -> tuple:
    changed = row.updated_at or row.created_at or datetime.min
    if isinstance(changed, str):  # SQLite read through a lightweight table: ISO text
        changed = datetime.fromisoformat(changed)
    return (-(row.revision or 0), -changed.timestamp() if changed != datetime.min else 0.0, row.id)


def resolve_twins(conn: sa.Connection) -> list[tuple[str, list[str]]]:
    """Tombstone every live report but one of each unit × period × task; returns (kept, dropped)."""
    live = conn.execute(sa.select(reports).where(reports.c.deleted.is_(False))).all()
    groups: dict[tuple, list[sa.Row]] = {}
    for row in live:
        groups.setdefault(tuple(getattr(row, k) for k in KEY), []).append(row)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    resolved = []
    for key in sorted((k for k, rows in groups.items() if len(rows) > 1), key=repr):
        kept, *others = sorted(groups[key], key=_latest_first)
        for row in others:
            conn.execute(
                history.insert().values(
                    kind="task_progress",
                    record_id=row.id,
                    revision=row.revision,
                    action="dedupe",
                    before=_snapshot(row),
                    changed_at=now,
                    merge={"kept": kept.id},
                )
            )
            conn.execute(
                reports.update()
                .where(reports.c.id == row.id)
                .values(
                    deleted=True,
                    revision=(row.revision or 0) + 1,
                    updated_at=now,
                    locally_modified=row.synced_revision is not None,
                )
            )
        conn.execute(
            history.insert().values(
                kind="task_progress",
                record_id=kept.id,
                revision=kept.revision,
                action="dedupe",
                before=_snapshot(kept),
                changed_at=now,
                merge={"dropped": [row.id for row in others]},
            )
        )
        resolved.append((kept.id, [row.id for row in others]))
    return resolved


def upgrade() -> None:
    resolve_twins(op.get_bind())
    op.create_index(
        INDEX,
        "task_progress",
        list(KEY),
        unique=True,
        sqlite_where=sa.text("NOT deleted"),
        postgresql_where=sa.text("NOT deleted"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="task_progress")
