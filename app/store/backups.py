"""Backups the user takes and restores from the settings window. The copies are made by
db.backup (SQLite's online backup); this module says what a copy holds and puts one back."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.vocabulary.kinds import KINDS
from db.backup import backup_dir, backup_ledger


def reason_label(reason: str) -> str:
    for prefix, label in (
        ("manual", "手动备份"),
        ("before-restore", "恢复备份前自动备份"),
        ("before-undo-import", "撤销导入前自动备份"),
        ("before-import", "导入前自动备份"),
        ("before-upgrade", "程序升级前自动备份"),
    ):
        if reason.startswith(prefix):
            return label
    return reason


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken: datetime
    reason: str  # as people read it
    unit: str
    role: str
    records: dict[str, int]  # sheet → live records
    error: str = ""  # the copy cannot be read

    @property
    def total(self) -> int:
        return sum(self.records.values())


def _name_parts(path: Path, stem: str) -> tuple[datetime, str]:
    """ledger-20250928-101500-123456-before-import.db → (the time, "before-import")."""
    parts = path.stem[len(stem) + 1 :].split("-", 3)
    try:
        return datetime.strptime("".join(parts[:3]), "%Y%m%d%H%M%S%f"), (parts[3] if len(parts) > 3 else "")
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime), ""


def _open_copy(path: Path) -> sqlite3.Connection:
    """A backup opened read-only leaving nothing beside it: immutable, as a copy is never written
    (one an older version made is in WAL mode; opened plainly it got a -wal and -shm, this account's
    alone, and the other account of a shared ledger could no longer read it)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def describe(path: Path, stem: str | None = None) -> BackupInfo:
    """What a backup holds, read without changing it."""
    taken, reason = _name_parts(path, stem if stem is not None else path.stem.split("-")[0])
    label = reason_label(reason)
    try:
        db = _open_copy(path)
        try:
            values = dict(db.execute("select key, value from settings where key in ('unit', 'role')").fetchall())
            records = {}
            for kind in KINDS:
                table = kind.model.__tablename__
                records[kind.sheet] = db.execute(f"select count(*) from {table} where deleted = 0").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error as exc:
        return BackupInfo(path, taken, label, "", "", {}, f"无法读取该备份：{exc}")
    unit, role = (json.loads(values[k]) if values.get(k) else "" for k in ("unit", "role"))
    return BackupInfo(path, taken, label, unit, role, records)


def backups(ledger_path: Path) -> list[BackupInfo]:
    """This ledger's backups, newest first."""
    folder = backup_dir(ledger_path)
    found = sorted(folder.glob(f"{ledger_path.stem}-*.db"), reverse=True) if folder.is_dir() else []
    return [describe(p, ledger_path.stem) for p in found]


def backup_now(ledger_path: Path) -> Path:
    return backup_ledger(ledger_path, "manual")


class LedgerBusy(Exception):
    """Another program (an import) is writing to the ledger: nothing was restored."""


def restore(ledger, backup: Path, wait_s: float = 0.3) -> Path:  # noqa: ANN001 - app.store.ledger.Ledger (imports this module's caller)
    """Put `backup` in place of the ledger; the ledger as it was is backed up first (and returned),
    so a restore can itself be undone. The ledger is reopened (and upgraded if the copy is older).
    While another program writes to the ledger (an import) it raises LedgerBusy after `wait_s`:
    SQLite's copy waited for it without end, the window frozen, and then replaced what it had
    written, which the copy taken before had missed. The ledger's write lock is held while that copy
    is taken, so that no write slips in between."""
    info = describe(backup, ledger.path.stem)
    if info.error:
        raise ValueError(info.error)
    guard = sqlite3.connect(ledger.path, timeout=wait_s, isolation_level=None)
    try:
        try:
            guard.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise LedgerBusy(str(ledger.path)) from exc
        before = backup_ledger(ledger.path, "before-restore")
    finally:
        guard.close()  # (rolls back: nothing was written)
    ledger.close()
    src = _open_copy(backup)
    dst = sqlite3.connect(ledger.path)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    ledger.reopen()
    return before
