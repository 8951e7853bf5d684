"""Opening a ledger: a file (SQLite) or a database server (PostgreSQL, SPEC §13) — engine and session
factory, schema upgrades, the refusal of newer ledgers, of unknown database addresses and of files on
network folders."""

from __future__ import annotations

import re
import sqlite3
import sys
from functools import cache
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db import dialects  # noqa: F401 - registers how the schema is written for a server
from db.backup import BUSY_TIMEOUT_S, backup_dir, backup_ledger
from db.network import network_location_message
from db.private import create_file, make_folder, share_backup_folder, tighten_ledger

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


SERVER_SCHEMES = ("postgresql+psycopg", "postgresql", "postgres")
URL_FORM = "postgresql+psycopg://用户名:密码@服务器:端口/数据库名"
# "postgresql+psycopg:", "mysql:" … but not a Windows drive ("C:"): a scheme has two letters or more.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]+):")

Location = Path | URL


def parse_location(value: str | Path | URL) -> Location:
    """A ledger's place from --db, IPLEDGER_DB or the settings: a file path (SQLite), or a database URL
    (PostgreSQL). Any other URL is refused: taken as a path it made a folder named after its scheme."""
    if isinstance(value, URL | Path):
        return value
    value = str(value).strip()
    match = _SCHEME.match(value)
    if not match:
        return Path(value)
    scheme = match.group(1).lower()
    if scheme == "sqlite":
        rest = value[match.end() :]
        return Path(rest[3:] if rest.startswith("///") else rest.lstrip("/"))
    if scheme not in SERVER_SCHEMES:
        raise LedgerError(f"不支持的数据库地址“{scheme}:…”。台账可以是本机文件的路径，或数据库服务器的地址：{URL_FORM}")
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise LedgerError(f"数据库地址格式不对，应为 {URL_FORM}") from exc
    if not url.host and not url.query.get("host"):
        raise LedgerError(f"数据库地址缺少服务器名，应为 {URL_FORM}")
    if not url.database:
        raise LedgerError(f"数据库地址缺少数据库名，应为 {URL_FORM}")
    return url.set(drivername="postgresql+psycopg")


def make_url(value: str) -> URL:
    from sqlalchemy.engine import make_url as _make_url

    return _make_url(value)


def describe_location(location: Location) -> str:
    """How the ledger's place is shown to people: never with its password."""
    if isinstance(location, URL):
        return location.render_as_string(hide_password=True).replace("postgresql+psycopg://", "postgresql://")
    return str(location)


SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


def stored_revision(path: Path | Engine) -> str | None:
    """The schema revision stamped in a ledger, read without writing to it."""
    if isinstance(path, Engine):
        with path.connect() as conn:
            return _server_revision(conn)
    if not path.exists() or path.stat().st_size == 0:
        return None
    # SQLite takes a 1-byte file for a new, empty database and writes over it; a longer file that is
    # not a database it refuses. Any file that does not start as a database is refused here, whole.
    if path.is_file():
        with path.open("rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise LedgerError(
                    f"无法读取台账文件 {path}：文件已损坏或不是数据库（开头不是 SQLite 数据库的标志），"
                    "程序没有改动它。请检查台账位置是否选对了文件。"
                )
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


def make_engine(path: Path | URL) -> Engine:
    if isinstance(path, URL):
        return make_server_engine(path)
    # timeout: the Python driver's own wait for a lock, kept equal to SQLite's busy timeout.
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "connect", lambda _conn, _record: tighten_ledger(path))  # its new -wal/-shm
    return engine


def program_name() -> str:
    """How this program names itself to a server (application_name): who, on which computer, so
    that an officer kept waiting is told who holds the lock (at most 63 bytes)."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name to be had (a service account)
        user = "?"
    name = f"ipledger {user}@{socket.gethostname()}"
    return name.encode("utf-8")[:63].decode("utf-8", errors="ignore")


def make_server_engine(url: URL) -> Engine:
    from db.models import declare_server_options

    declare_server_options()
    # pre_ping: a connection the server closed (restarted, idle timeout) is replaced, not failed on.
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        connect_args={"connect_timeout": 10, "application_name": program_name(), "client_encoding": "utf8"},
    )
    event.listen(engine, "connect", _server_session)
    return engine


def _server_session(dbapi_conn, _record) -> None:
    # Times are stored without a zone (UTC by the app's clock), as in SQLite; the session's zone must
    # not shift CURRENT_TIMESTAMP or now(). A lock waits at most as long as SQLite's busy timeout.
    with dbapi_conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
        cur.execute(f"SET lock_timeout = '{BUSY_TIMEOUT_S}s'")
    dbapi_conn.commit()


def server_error_message(exc: BaseException, url: URL | None = None) -> str | None:
    """A message in Chinese for a database server's failures (cannot connect, wrong password, no such
    database, a lock held too long, the connection lost), None for any other error."""
    import psycopg

    seen = 0
    while exc is not None and seen < 5 and not isinstance(exc, psycopg.Error):
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    if not isinstance(exc, psycopg.Error):
        return None
    where = f"数据库服务器 {url.host}:{url.port or 5432}" if url is not None else "数据库服务器"
    text_ = str(exc)
    low = text_.lower()
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate == "55P03" or "lock timeout" in low:
        return (
            f"台账正被另一位同事的操作占用，等待 {BUSY_TIMEOUT_S} 秒后仍未结束。本次操作没有写入任何数据，请稍后重试。"
        )
    if sqlstate == "40001" or sqlstate == "40P01":
        return "另一位同事同时修改了同一批数据，本次操作没有写入任何数据，请重试。"
    if "password authentication failed" in low or "no password supplied" in low or sqlstate == "28P01":
        return f"无法登录{where}：用户名或密码不正确。"
    if sqlstate == "3D000" or ("database" in low and "does not exist" in low):
        db = f"“{url.database}”" if url is not None else ""
        return f"{where}上没有数据库{db}。请让管理员先建好空数据库。"
    if "connection refused" in low or "could not connect" in low or "timeout expired" in low or "timed out" in low:
        return f"无法连接{where}：服务器没有运行，或地址、端口不对，或网络不通。"
    if "could not translate host name" in low or "name or service not known" in low:
        return f"无法连接{where}：找不到这台服务器，请检查服务器名称。"
    if "permission denied" in low or sqlstate == "42501":
        return f"{where}拒绝了本次操作：该用户没有足够的权限（需要建表和读写权限）。"
    if isinstance(exc, psycopg.OperationalError):
        first = text_.strip().splitlines()[0] if text_.strip() else repr(exc)
        return f"与{where}的连接出错：{first}。本次操作没有写入任何数据。"
    return None


def busy_ledger_message(exc: BaseException) -> str | None:
    """A message in Chinese for SQLite's own failures (locked, read-only, damaged, disk full) or a
    database server's, None for any other error. Looks through SQLAlchemy's wrapper to the driver's
    error."""
    server = server_error_message(exc) if "psycopg" in sys.modules else None
    if server:
        return server
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
    if engine.dialect.name != "sqlite":
        # A server changes its schema in one transaction (PostgreSQL's DDL is transactional): an
        # upgrade that fails leaves the schema as it was. Two programs opening an empty database at
        # once: the second waits for the first's lock, then finds the schema already made.
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
            current = _server_revision(conn)
            target = head_revision() if revision == "head" else revision
            if current != target:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        return
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


SCHEMA_LOCK = 0x1D1ED6E0  # advisory lock key held while a server's schema is made or upgraded


def _server_revision(conn) -> str | None:  # noqa: ANN001 - a SQLAlchemy connection
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables:
            raise LedgerError("该数据库中已有其他程序的数据表，不是知识产权工作台账的数据库。请使用一个空数据库。")
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_server(url: URL, *, revision: str = "head") -> Engine:
    """Open the ledger on a database server, making or upgrading its schema (in one transaction)."""
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            current = _server_revision(conn)
        if current is not None and current not in known_revisions():
            raise NewerLedgerError(
                f"数据库中的台账由更新版本的程序创建（结构版本 {current}），"
                "本程序无法打开。请升级知识产权工作台账后再打开，数据未作任何改动。"
            )
        target = head_revision() if revision == "head" else revision
        if current != target:
            upgrade(engine, target)
    except DBAPIError as exc:
        engine.dispose()
        message = server_error_message(exc, url)
        if message:
            raise LedgerError(message) from exc
        raise
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_ledger(path: Path | URL, *, revision: str = "head") -> Engine:
    """Open (creating if needed) the ledger at path, upgrading its schema to `revision`.

    A ledger written by a newer version of the app is refused before anything touches it; an
    older one is copied to the backup folder before it is upgraded. A file on a network folder is
    refused (SQLite over a network file system corrupts): a shared ledger lives on a server.
    """
    if isinstance(path, URL):
        return open_server(path, revision=revision)
    path = Path(path)
    refusal = network_location_message(path)
    if refusal:
        raise LedgerError(refusal)
    current = stored_revision(path)
    if current is not None and current not in known_revisions():
        raise NewerLedgerError(
            f"台账文件 {path} 由更新版本的程序创建（结构版本 {current}），"
            "本程序无法打开。请升级知识产权工作台账后再打开，文件未作任何改动。"
        )
    make_folder(path.parent)
    create_file(path)  # (empty: a new database to SQLite) the owner's alone, as are its -wal/-shm
    tighten_ledger(path)  # an older version's ledger (0644) too
    share_backup_folder(backup_dir(path), path)  # a share's: an older version's 0700 locked the group out
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
    """What SQLite's own checks find wrong with the file (empty when healthy). A server enforces
    its foreign keys and checks its own pages; it is asked only whether it answers."""
    if engine.dialect.name != "sqlite":
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return []
    with engine.connect() as conn:
        problems = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"外键错误：表 {r[0]} 第 {r[1]} 行" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    return problems
