"""Opening a ledger file: engine and session factory, schema upgrades, the refusal of newer files."""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.backup import backup_ledger

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class LedgerError(Exception):
    """The ledger cannot be opened; the message is meant for the user."""


class NewerLedgerError(LedgerError):
    pass


@cache
def _revisions() -> dict[str, str | None]:
    """revision → down_revision, read from the migration scripts without importing Alembic
    (which costs a tenth of a second at every start; it is imported only to upgrade)."""
    graph = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"](\w+)['\"]", text, re.M)
        down = re.search(r"^down_revision\s*=\s*(?:['\"](\w+)['\"]|None)", text, re.M)
        if rev and down:
            graph[rev.group(1)] = down.group(1)
    return graph


def head_revision() -> str:
    graph = _revisions()
    heads = set(graph) - {d for d in graph.values() if d}
    assert len(heads) == 1, f"migrations must have one head, found {heads}"
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revisions())


def stored_revision(path: Path) -> str | None:
    """The schema revision stamped in a ledger file, read without writing to it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise LedgerError(f"文件 {path} 不是知识产权工作台账的数据文件。")
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise LedgerError(f"无法读取台账文件 {path}：文件已损坏或不是数据库（{exc}）。") from exc


def _set_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed edit survives a power cut too, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # Some revisions copy tables that others point to (SQLite's way to change a key); foreign keys
    # are off while they run, as SQLite prescribes, and checked before the upgrade is committed.
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
        conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise LedgerError(
                        f"台账结构升级失败：{len(broken)} 处外键错误（表 {broken[0][0]}）。"
                        "升级前的副本保存在备份文件夹中。"
                    )
        finally:
            conn.rollback()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def open_ledger(path: Path, *, revision: str = "head") -> Engine:
    """Open (creating if needed) the ledger at path, upgrading its schema to `revision`.

    A ledger written by a newer version of the app is refused before anything touches it; an
    older one is copied to the backup folder before it is upgraded.
    """
    path = Path(path)
    current = stored_revision(path)
    if current is not None and current not in known_revisions():
        raise NewerLedgerError(
            f"台账文件 {path} 由更新版本的程序创建（结构版本 {current}），"
            "本程序无法打开。请升级知识产权工作台账后再打开，文件未作任何改动。"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    target = head_revision() if revision == "head" else revision
    if current is not None and current != target:
        backup_ledger(path, reason=f"before-upgrade-{current}")
    engine = make_engine(path)
    if current != target:
        upgrade(engine, target)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def integrity_problems(engine: Engine) -> list[str]:
    """What SQLite's own checks find wrong with the file (empty when healthy)."""
    with engine.connect() as conn:
        problems = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"外键错误：表 {r[0]} 第 {r[1]} 行" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    return problems
