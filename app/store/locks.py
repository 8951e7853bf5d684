"""Several officers on one server ledger (SPEC §13): imports of one unit × period, and of one file,
take turns; imports of different units run side by side.

An SQLite ledger needs none of this: its first write locks the whole file until the transaction
ends. On PostgreSQL an import takes transaction-scoped advisory locks (released by its commit or
rollback, also when its program is killed and the server drops the connection) keyed on each
unit × period and each file's content hash, in a fixed order so that two imports never deadlock.
The later import waits; after WAIT_NOTICE_S it is told who holds the lock (the program names its
user and computer to the server as application_name), and after BUSY_TIMEOUT_S it gives up with
nothing written. This is PostgreSQL-specific (pg_try_advisory_xact_lock, pg_locks,
pg_stat_activity); see the README's list of dialect-specific parts.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from db.backup import BUSY_TIMEOUT_S
from db.engine import LedgerError

WAIT_NOTICE_S = 3.0
POLL_S = 0.2


class LockTimeout(LedgerError):
    """Another officer's import held the lock too long; the message is for the user."""


def key(*parts: object) -> int:
    """A signed 64-bit advisory lock key for these parts."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def holder(s: Session, lock_key: int) -> str | None:
    """Who holds an advisory lock: the program name and since when its transaction began."""
    classid, objid = (lock_key >> 32) & 0xFFFFFFFF, lock_key & 0xFFFFFFFF
    row = s.execute(
        text(
            "SELECT a.application_name, a.client_addr, a.xact_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
            "AND l.classid = CAST(:c AS oid) AND l.objid = CAST(:o AS oid) AND l.pid <> pg_backend_pid()"
        ),
        {"c": classid, "o": objid},
    ).first()
    if row is None:
        return None
    name = (row[0] or "").removeprefix("ipledger ") or "另一程序"
    where = f"（{row[1]}）" if row[1] else ""
    since = f"，自 {row[2].astimezone():%H:%M:%S} 起" if row[2] else ""
    return f"{name}{where}{since}"


def take_turns(
    s: Session,
    what: Iterable[tuple[int, str]],
    notify: Callable[[str], None] | None = None,
    timeout: float = BUSY_TIMEOUT_S,
) -> None:
    """Take the advisory locks (key, what it guards, as people read it) for this transaction,
    waiting for other officers' imports that hold them. No-op on SQLite."""
    if s.get_bind().dialect.name == "sqlite":
        return
    started = time.monotonic()
    told = False
    for lock_key, label in sorted(set(what)):
        while not s.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": lock_key}).scalar():
            waited = time.monotonic() - started
            if waited >= timeout:
                who = holder(s, lock_key) or "另一程序"
                raise LockTimeout(
                    f"{label}正由 {who} 导入，等待 {int(timeout)} 秒后仍未结束。本次没有写入任何数据，请稍后重试。"
                )
            if not told and waited >= WAIT_NOTICE_S and notify is not None:
                told = True
                notify(f"{label}正由 {holder(s, lock_key) or '另一程序'} 导入，等待其完成……")
            time.sleep(POLL_S)
