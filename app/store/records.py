"""Creating, editing and deleting records: every change bumps the revision and keeps the state
before it in the record history (SPEC §4.1)."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Table, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.store import bases
from app.vocabulary.kinds import Kind
from db.models import LIVE_REPORT_INDEX, RecordHistory, RecordMixin, new_id, utcnow

# Columns a snapshot keeps besides the fields, so that undoing an import restores the merge state too.
BOOKKEEPING = ("revision", "deleted", "synced_revision", "synced_digest", "locally_modified")


class ChangedByOthers(ValueError):
    """The record changed since the officer was shown it (another officer, another window): the edit
    is refused, never written over their change. The message is for the user."""


REPORTED_BY_OTHERS = (
    "这项任务本期的进展已被他人修改（另一位同事已填报或删除），您的填写没有保存。已显示最新内容，请核对后重新填写。"
)


def another_live_report(exc: IntegrityError) -> bool:
    """Whether an insert or a restore failed on the one-live-report index of 任务进展: another
    officer (another window) saved a report of the same unit × period × task meanwhile."""
    text = str(exc.orig)
    return LIVE_REPORT_INDEX in text or "UNIQUE constraint failed: task_progress." in text


def changed_since_shown(s: Session, kind: Kind, record_id: str, shown: dict[str, Any]) -> RecordMixin:
    """The record, locked until the transaction ends (FOR UPDATE on a server), after checking that
    its fields are still as `shown`; raises ChangedByOthers (已被他人修改) naming the fields that are not."""
    record = s.get(kind.model, record_id, with_for_update=True, populate_existing=True)
    if record is None or record.deleted:
        raise ChangedByOthers("这条记录已被他人删除，您的修改没有保存。")
    differ = [kind.field(k).label for k, v in shown.items() if getattr(record, k) != v]
    if differ:
        raise ChangedByOthers(
            f"这条记录已被他人修改（{'、'.join(differ)}），您的修改没有保存。已显示最新内容，请核对后重新修改。"
        )
    return record


def get(s: Session, kind: Kind, record_id: str) -> RecordMixin | None:
    """The record of this kind with this id, deleted or not; None when there is none."""
    return s.get(kind.model, record_id)


def snapshot(kind: Kind, record: RecordMixin) -> dict[str, Any]:
    """The record's content as JSON-able values (dates as ISO strings)."""
    data: dict[str, Any] = {name: getattr(record, name) for name in BOOKKEEPING}
    data.update(field_values(kind, record))
    return data


def field_values(kind: Kind, record: RecordMixin) -> dict[str, Any]:
    """The record's fields as JSON-able values (dates as ISO strings)."""
    data = {}
    for f in kind.input_fields:
        value = getattr(record, f.key)
        data[f.key] = value.isoformat() if isinstance(value, date) else value
    return data


def keep_base(s: Session, kind: Kind, record: RecordMixin) -> None:
    """Before this ledger first changes a record received from its owner unit, keep the values both
    last agreed on: the base of the next three-way merge (app.merge.rules)."""
    if record.synced_revision is None or record.locally_modified:
        return
    bases.agree(s, kind, record.id, record.synced_revision, field_values(kind, record))


def import_snapshot(s: Session, kind: Kind, record: RecordMixin) -> dict[str, Any]:
    """The snapshot an import's history entry keeps: with the merge base as it stands, so that
    undoing the import puts the base back too (app.merge.undo)."""
    data = snapshot(kind, record)
    data[bases.KEY] = bases.saved(s, record)
    return data


def restore_snapshot(kind: Kind, record: RecordMixin, data: dict[str, Any]) -> None:
    for f in kind.input_fields:
        value = data.get(f.key)
        if value is not None and f.type.value == "date":
            value = date.fromisoformat(value)
        setattr(record, f.key, value)
    for name in BOOKKEEPING:
        setattr(record, name, data.get(name))


def _history(
    s: Session,
    kind: Kind,
    record: RecordMixin,
    action: str,
    before: dict[str, Any] | None,
    import_id: int | None,
    merge: dict[str, Any] | None = None,
) -> None:
    s.add(
        RecordHistory(
            kind=kind.key,
            record_id=record.id,
            revision=before and before["revision"],
            action=action,
            before=before,
            import_id=import_id,
            merge=merge,
        )
    )


def create(
    s: Session, kind: Kind, unit_id: int, values: dict[str, Any], *, import_id: int | None = None, **columns: Any
) -> RecordMixin:
    """A new record. A task report of a unit × period × task another officer reported meanwhile is
    refused with ChangedByOthers (已被他人修改); the transaction is then to be rolled back."""
    kind.complete(values)
    record = kind.model(unit_id=unit_id, **{f.key: values.get(f.key) for f in kind.input_fields}, **columns)
    if record.revision is None:
        record.revision = 1
    s.add(record)
    _flush_refusing_twins(s)
    _history(s, kind, record, "insert", None, import_id)
    return record


BULK_CHUNK = 5000


def bulk_create(
    s: Session, kind: Kind, rows: list[tuple[dict[str, Any], dict[str, Any]]], *, import_id: int | None = None
) -> None:
    """Insert many records in one statement per kind (a 100,000-row submission, demo data):
    each row is (field values, common columns — at least unit_id), history included."""
    now = utcnow()
    conn = s.connection()
    for start in range(0, len(rows), BULK_CHUNK):  # chunks keep memory flat at 100,000 rows
        prepared = []
        for values, columns in rows[start : start + BULK_CHUNK]:
            kind.complete(values)
            prepared.append(
                {
                    **{f.key: values.get(f.key) for f in kind.input_fields},
                    "id": columns.get("id") or new_id(),
                    "revision": 1,
                    "created_at": now,
                    "updated_at": now,
                    "deleted": False,
                    "synced_revision": None,
                    "synced_digest": None,
                    "locally_modified": False,
                    **columns,
                }
            )
        _insert_many(conn, kind.model.__table__, prepared)
        _insert_many(
            conn,
            RecordHistory.__table__,
            [
                {
                    "kind": kind.key,
                    "record_id": r["id"],
                    "revision": None,
                    "action": "insert",
                    "before": None,
                    "changed_at": now,
                    "import_id": import_id,
                }
                for r in prepared
            ],
        )


def insert_new(
    s: Session, kind: Kind, names: tuple[str, ...], rows: list[tuple[Any, ...]], *, import_id: int | None = None
) -> None:
    """New records given as tuples of the columns `names` (the kind's fields and at least id and
    unit_id; revision 1 unless given), history included: one executemany each for the records
    and their history, no mapping per row. Fields are completed as kind.complete completes them."""
    if not rows:
        return
    now = utcnow()
    n = len(rows)
    conn = s.connection()
    columns = list(zip(*rows, strict=True))
    if "patent_type" in names and "patent_no" in names:  # (the reader completes rows: rarely any here)
        t, no = names.index("patent_type"), names.index("patent_no")
        if not all(columns[t]):
            columns[t] = tuple([_completed(kind, x, p) for x, p in zip(columns[t], columns[no], strict=True)])
    ids = columns[names.index("id")]
    given = {"revision": 1, "created_at": now, "updated_at": now, "deleted": False, "locally_modified": False}
    given.update(synced_revision=None, synced_digest=None)
    constants = {k: v for k, v in given.items() if k not in names}
    table = kind.model.__table__
    names = (*names, *constants)
    for j, name in enumerate(names):
        convert = table.c[name].type._cached_bind_processor(conn.dialect)  # noqa: SLF001
        if name in constants:
            columns.append((constants[name] if convert is None else convert(constants[name]),) * n)
        elif convert is not None:
            columns[j] = _converted(table.c[name].type, convert, columns[j])
    _write_rows(conn, table, names, list(zip(*columns, strict=True)))
    history = RecordHistory.__table__
    h_names = ("kind", "record_id", "revision", "action", "before", "changed_at", "import_id")
    h_values = {"kind": kind.key, "revision": None, "action": "insert", "before": None, "changed_at": now}
    h_values["import_id"] = import_id
    for name, value in h_values.items():
        convert = history.c[name].type._cached_bind_processor(conn.dialect)  # noqa: SLF001
        h_values[name] = value if convert is None else convert(value)
    k, rev, action, before, at, imp = (h_values[x] for x in h_names if x != "record_id")
    _write_rows(conn, history, h_names, [(k, rid, rev, action, before, at, imp) for rid in ids])


def _completed(kind: Kind, patent_type: object, patent_no: object) -> object:
    if patent_type or not patent_no:
        return patent_type
    values = {"patent_type": patent_type, "patent_no": patent_no}
    kind.complete(values)
    return values["patent_type"]


def _converted(column_type: Any, convert: Any, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A column's values through its type's conversion; dates and flags repeat, each distinct once."""
    if not isinstance(column_type, (Date, DateTime, Boolean)):
        return tuple(map(convert, values))
    done = {value: convert(value) for value in set(values)}  # (a set keeps each value as first met)
    return tuple(map(done.__getitem__, values))


def _write_rows(conn: Connection, table: Table, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows (values already through their column types' conversion) inserted straight through the
    driver: one executemany on SQLite; on PostgreSQL one COPY, which the server takes in one stream
    where an executemany is a statement a row (the district year's import: ~1.5 s less, most of it
    the server's). A COPY that breaks a constraint is the IntegrityError an INSERT would raise."""
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(map(quote, names))
    if conn.dialect.name != "postgresql":
        marks = ", ".join(["?" if conn.dialect.paramstyle == "qmark" else "%s"] * len(names))
        conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", rows)
        return
    import psycopg

    from_stdin = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
    try:
        with conn.connection.driver_connection.cursor() as cur, cur.copy(from_stdin) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.IntegrityError as exc:
        raise IntegrityError(from_stdin, None, exc) from exc


def _insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany straight to the driver, each value through its column type's conversion
    (as SQLAlchemy's own insert does, without its per-row bookkeeping: a fifth of a 100,000-row
    import's writing time). The rows share their keys."""
    if not rows:
        return
    names = list(rows[0])
    if any(c.default is not None and c.name not in rows[0] for c in table.columns):
        conn.execute(insert(table), rows)  # a column left to its Python default (plan_id): SQLAlchemy fills it
        return
    in_order = operator.itemgetter(*names)
    params = [list(in_order(r)) for r in rows] if len(names) > 1 else [[r[names[0]]] for r in rows]
    for j, name in enumerate(names):
        column_type = table.c[name].type
        convert = column_type._cached_bind_processor(conn.dialect)  # noqa: SLF001
        if convert is None:
            continue
        # Dates and flags repeat (every row's created_at is the same): each distinct value once
        converted = {} if isinstance(column_type, (Date, DateTime, Boolean)) else None
        for p in params:
            value = p[j]
            if converted is None:
                p[j] = convert(value)
            elif (done := converted.get(value, _MISSING)) is not _MISSING:
                p[j] = done
            else:
                p[j] = converted[value] = convert(value)
    _write_rows(conn, table, names, list(map(tuple, params)))


_MISSING = object()


def update(
    s: Session,
    kind: Kind,
    record: RecordMixin,
    values: dict[str, Any],
    *,
    import_id: int | None = None,
    revision: int | None = None,
    merge: dict[str, Any] | None = None,
) -> bool:
    """Apply changed values; returns whether anything changed. A local edit bumps the revision; an
    import sets the revision the owner gave it (and `merge` says which side it kept per field)."""
    kind.complete(values)
    changed = {k: v for k, v in values.items() if getattr(record, k) != v}
    if not changed and revision in (None, record.revision):
        return False
    if revision is None:
        keep_base(s, kind, record)
    before = snapshot(kind, record) if import_id is None else import_snapshot(s, kind, record)
    _history(s, kind, record, "update", before, import_id, merge)
    for key, value in changed.items():
        setattr(record, key, value)
    if revision is None:
        record.revision += 1
        record.locally_modified = record.synced_revision is not None
    else:
        record.revision = revision
    s.flush()
    return True


def delete(
    s: Session, kind: Kind, record: RecordMixin, *, import_id: int | None = None, revision: int | None = None
) -> None:
    """Soft delete: the record becomes a tombstone that travels to the bureau."""
    if revision is None:
        keep_base(s, kind, record)
    before = snapshot(kind, record) if import_id is None else import_snapshot(s, kind, record)
    _history(s, kind, record, "delete", before, import_id)
    record.deleted = True
    record.revision = revision if revision is not None else record.revision + 1
    if revision is None:
        record.locally_modified = record.synced_revision is not None
    s.flush()


def undelete(s: Session, kind: Kind, record: RecordMixin) -> None:
    """A local change like any edit: the base kept, the record marked as changed here."""
    keep_base(s, kind, record)
    _history(s, kind, record, "restore", snapshot(kind, record), None)
    record.deleted = False
    record.revision += 1
    record.locally_modified = record.synced_revision is not None
    _flush_refusing_twins(s)


def _flush_refusing_twins(s: Session) -> None:
    try:
        s.flush()
    except IntegrityError as exc:
        if another_live_report(exc):
            raise ChangedByOthers(REPORTED_BY_OTHERS) from None
        raise


EVIDENCE_ADDED, EVIDENCE_REMOVED = "attach", "detach"  # history actions of an evidence file's change


def note(s: Session, kind: Kind, record: RecordMixin, action: str, file_name: str) -> None:
    """The same change on another unit's record (the bureau's copy): only its history names the
    file; the record, its revision and its merge state stay the unit's."""
    _history(s, kind, record, action, snapshot(kind, record), None, {"evidence": file_name})
    s.flush()


def touch(s: Session, kind: Kind, record: RecordMixin, action: str, file_name: str) -> None:
    """A change beside the fields (an evidence file attached or detached, `action` EVIDENCE_ADDED or
    EVIDENCE_REMOVED): a new revision, the state before kept in the history, like any local edit;
    the history names the file (app.merge.history)."""
    keep_base(s, kind, record)
    _history(s, kind, record, action, snapshot(kind, record), None, {"evidence": file_name})
    record.revision += 1
    record.locally_modified = record.synced_revision is not None
    record.updated_at = utcnow()
    s.flush()
