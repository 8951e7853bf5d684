"""Moving a ledger (SPEC §13): `copy-ledger --to TARGET` copies everything into an empty SQLite file or
PostgreSQL database and checks the copy; `backup -o FILE.db` is the same copy into a new SQLite file.

Every table of the schema is copied row by row with its ids (records, history, imports — so undo of
an import still works —, merge bases, reviews, comments, plans, settings, held files' entries, and
whatever tables later versions add), parents before children. A column pointing into its own table
(a plan section's parent, an import superseded by a later one) is filled in a second pass, since a
server checks each row's foreign keys as it is inserted. A server's id sequences are moved past the
copied ids afterwards. The copy is then read back: every table's row count and a digest of its rows
must equal the source's, else the target is left as written and the command fails.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, func, insert, select, text, update

from app.store.ledger import Ledger
from db.engine import LedgerError, Location, describe_location, open_ledger, parse_location
from db.models import Base

CHUNK = 2000


@dataclass
class CopyReport:
    target: str
    tables: dict[str, tuple[int, str]]  # table → (rows, digest)

    @property
    def rows(self) -> int:
        return sum(n for n, _ in self.tables.values())


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _self_columns(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _ordered(table: Table):  # noqa: ANN202 - a Select
    return select(table).order_by(*table.primary_key.columns)


def _canonical(value: object) -> object:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def table_digest(conn: Connection, table: Table) -> tuple[int, str]:
    """Rows and a digest of their values, in primary-key order, the same on either backend."""
    digest = hashlib.sha256()
    n = 0
    for row in conn.execute(_ordered(table)).yield_per(CHUNK):
        values = [_canonical(v) for v in row]
        digest.update(json.dumps(values, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
        n += 1
    return n, digest.hexdigest()[:16]


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return all(conn.scalar(select(func.count()).select_from(t)) == 0 for t in _tables())


def _rows(conn: Connection, table: Table) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in conn.execute(_ordered(table)).mappings().yield_per(CHUNK):
        batch.append(dict(row))
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def copy_ledger(
    source: Ledger, target: str | Path | Location, progress: Callable[[str], None] | None = None
) -> CopyReport:
    location = parse_location(target)
    if isinstance(location, Path):
        if location.exists() and location.stat().st_size > 0:
            raise LedgerError(f"目标文件 {location} 已存在。请指定一个新文件（复制不会覆盖已有的台账）。")
        if source.path is not None and location.resolve() == source.path.resolve():
            raise LedgerError("目标与当前台账是同一个文件。")
    where = describe_location(location)
    engine = open_ledger(location)  # the schema, by the same migrations
    try:
        if not _is_empty(engine):
            raise LedgerError(f"目标 {where} 中已有台账数据。复制只写入空的数据库或新文件，不会合并或覆盖。")
        with source.engine.connect() as src, engine.begin() as dst:
            for table in _tables():
                if progress:
                    progress(table.name)
                later = _self_columns(table)
                pending: list[dict] = []
                for batch in _rows(src, table):
                    if later:
                        pending += [r for r in batch if any(r[c] is not None for c in later)]
                        batch = [r | dict.fromkeys(later) for r in batch]
                    dst.execute(insert(table), batch)
                for r in pending:
                    keys = {c.name: r[c.name] for c in table.primary_key.columns}
                    cond = [table.c[k] == v for k, v in keys.items()]
                    dst.execute(update(table).where(*cond).values({c: r[c] for c in later}))
            if dst.dialect.name == "postgresql":
                _move_sequences(dst)
        report = verify(source.engine, engine, where)
    finally:
        engine.dispose()
    return report


def _move_sequences(conn: Connection) -> None:
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and pk[0].type.python_type is int:
            seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name})
            if seq:
                conn.execute(
                    text(
                        f'SELECT setval(:s, COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, false)'
                    ),
                    {"s": seq},
                )


def verify(source: Engine, target: Engine, where: str) -> CopyReport:
    tables = {}
    with source.connect() as a, target.connect() as b:
        for table in _tables():
            ours, theirs = table_digest(a, table), table_digest(b, table)
            if ours != theirs:
                raise LedgerError(
                    f"复制后核对不一致：表 {table.name} 原有 {ours[0]} 行，{where} 中为 {theirs[0]} 行"
                    f"{'（内容不同）' if ours[0] == theirs[0] else ''}。目标中的数据不可使用，请删除后重试。"
                )
            tables[table.name] = ours
    return CopyReport(where, tables)
