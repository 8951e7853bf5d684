"""Copies of the ledger taken before anything risky (a schema upgrade, an import)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

from db import private

KEEP = 30  # backups kept per ledger; the oldest go first
# How long a writer waits for another program's write (the window open while a command imports, a
# second import started by hand) before it gives up with a message: a human-scale wait, longer than
# any single write of the app (a year's consolidated import commits in a few seconds).
BUSY_TIMEOUT_S = 60
PARTIAL = ".part"  # a copy not yet whole (see backup_ledger)


def backup_dir(ledger: Path) -> Path:
    return ledger.parent / "backups"


def backup_ledger(ledger: Path, reason: str, *, prune: bool = True) -> Path:
    """Copy the ledger with SQLite's online backup (consistent even with a WAL in use).

    The copy is written under a temporary name (…db.part, which no listing of backups takes) and
    gets its own name only when whole: a copy cut short (a full disk, the program killed) is never
    offered as a backup. A failed copy leaves nothing behind, not even a journal."""
    folder = backup_dir(ledger)
    private.make_backup_folder(folder, ledger)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{ledger.stem}-{stamp}-{reason}.db"
    partial = target.with_name(target.name + PARTIAL)
    # An ordinary connection, not a read-only one: a read-only connection to a WAL ledger that another
    # program has open cannot take part in its shared-memory index and failed with "disk I/O error".
    # The online backup copies what is committed, including what still sits in the WAL file.
    src = sqlite3.connect(ledger, timeout=BUSY_TIMEOUT_S)
    dst: sqlite3.Connection | None = None
    try:
        private.create_file(partial)  # the owner's alone, as the ledger (db.private)
        private.share_file(partial, ledger)  # a group share's: the group's too, to list and restore
        dst = sqlite3.connect(partial)
        # No rollback journal for a file that is thrown away unless whole (it was left behind,
        # …-before-import.db-journal, when the disk filled up).
        dst.execute("PRAGMA journal_mode=OFF")
        src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        src.backup(dst)
        # The copy took the ledger's WAL mode: whoever opened it next (设置 → 备份 lists them) left a
        # -wal and -shm beside it, this account's alone, which locked the share's other account out.
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.close()
        dst = None
        os.replace(partial, target)
    except BaseException:
        if dst is not None:
            dst.close()
        for left in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(OSError):  # never leave half a backup behind
                left.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    if prune:
        prune_backups(ledger)
    return target


def prune_backups(ledger: Path) -> None:
    """The oldest backups beyond KEEP go, and half-made copies a killed program left. Done once a
    copy is kept: a copy that may yet be thrown away (an import given up) must not cost an old one."""
    folder = backup_dir(ledger)
    for old in sorted(folder.glob(f"{ledger.stem}-*.db"))[:-KEEP]:
        old.unlink()
    _drop_abandoned(folder, ledger.stem)


ABANDONED_S = 24 * 3600  # a copy not whole after a day was cut short (another program's is younger)


def _drop_abandoned(folder: Path, stem: str) -> None:
    """Copies a killed program left half made (…db.part) go once they are old."""
    now = time.time()
    for left in folder.glob(f"{stem}-*.db{PARTIAL}"):
        with contextlib.suppress(OSError):
            if now - left.stat().st_mtime > ABANDONED_S:
                left.unlink()


class BackupAlongside:
    """backup_ledger in a thread, beside the work that follows it: SQLite copies the pages without
    holding Python's lock, so the copy (a 46 MB ledger: ~0.15 s, mostly the disk) takes the other
    core, not the import's time. The copy is of the ledger as last committed: changes this program
    has not committed are not in it, so it may start before or after the import's first write, as
    long as it is whole before the import commits (`result`)."""

    def __init__(self, ledger: Path, reason: str, *, prune: bool = True) -> None:
        self.folder = backup_dir(ledger)
        self._made: Path | None = None
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._copy, args=(ledger, reason, prune), name="backup", daemon=True)
        self._thread.start()

    def _copy(self, ledger: Path, reason: str, prune: bool) -> None:
        try:
            self._made = backup_ledger(ledger, reason, prune=prune)
        except BaseException as exc:  # noqa: BLE001 - raised where the copy is waited for
            self._failed = exc

    def wait(self) -> None:
        """Until the copy has ended, well or not (never left half made when the program exits).
        Waited for in steps: Python on Windows hears Ctrl+C only between them."""
        while self._thread.is_alive():
            self._thread.join(0.1)

    def result(self) -> Path:
        """The backup's path once it is whole; what made it fail, raised here."""
        self.wait()
        if self._failed is not None:
            raise self._failed
        assert self._made is not None
        return self._made
