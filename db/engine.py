"""Opening a ledger file: engine and session factory, schema upgrades, the refusal of newer files."""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.backup import BUSY_TIMEOUT_S, backup_ledger

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
        # Not "mode=ro": a read-only connection to a WAL ledger another program has open can fail
        # with "disk I/O error"; an ordinary one that only reads changes nothing in the file either.
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
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
        busy = busy_ledger_message(exc)
        if busy and "损坏" not in busy:
            raise LedgerError(busy) from exc
        raise LedgerError(f"无法读取台账文件 {path}：文件已损坏或不是数据库（{exc}）。") from exc


def _set_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")  # first: the next pragmas may wait too
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL: readers (the window) never block a writer (a command) and never see half a transaction.
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed edit survives a power cut too, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(path: Path) -> Engine:
    # timeout: the Python driver's own wait for a lock, kept equal to SQLite's busy timeout.
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def busy_ledger_message(exc: BaseException) -> str | None:
    """A message in Chinese for SQLite's own failures (locked, read-only, damaged, disk full), None
    for any other error. Looks through SQLAlchemy's wrapper to the driver's error."""
    seen = 0
    while exc is not None and seen < 5 and not isinstance(exc, sqlite3.Error):
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    if not isinstance(exc, sqlite3.Error):
        return None
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            f"台账文件正被另一个程序（另一个窗口或命令）写入，等待 {BUSY_TIMEOUT_S} 秒后仍未结束。"
            "本次操作没有写入任何数据，请等另一个程序完成后重试。"
        )
    if "readonly" in text or "read-only" in text:
        return "台账文件是只读的（或所在文件夹不可写），无法保存。请检查文件和文件夹的权限。"
    if "disk i/o" in text:
        return "读写台账文件时发生磁盘错误。请确认文件所在的磁盘或网络位置可用，然后重试；已提交的数据不受影响。"
    if "full" in text:
        return "磁盘已满，无法写入台账。请腾出磁盘空间后重试；本次操作没有写入任何数据。"
    if "malformed" in text or "not a database" in text:
        return "台账文件已损坏。请运行 check 检查，或从备份文件夹（backups）中恢复。"
    if "unable to open" in text:
        return "无法打开台账文件。请确认路径存在且有权访问。"
    return None


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
