"""Copies of the ledger taken before anything risky (a schema upgrade, an import)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

KEEP = 30  # backups kept per ledger; the oldest go first
# How long a writer waits for another program's write (the window open while a command imports, a
# second import started by hand) before it gives up with a message: a human-scale wait, longer than
# any single write of the app (a year's consolidated import commits in a few seconds).
BUSY_TIMEOUT_S = 60


def backup_dir(ledger: Path) -> Path:
    return ledger.parent / "backups"


def backup_ledger(ledger: Path, reason: str) -> Path:
    """Copy the ledger with SQLite's online backup (consistent even with a WAL in use)."""
    folder = backup_dir(ledger)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{ledger.stem}-{stamp}-{reason}.db"
    # An ordinary connection, not a read-only one: a read-only connection to a WAL ledger that another
    # program has open cannot take part in its shared-memory index and failed with "disk I/O error".
    # The online backup copies what is committed, including what still sits in the WAL file.
    src = sqlite3.connect(ledger, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(target)
    try:
        src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        src.backup(dst)
    except BaseException:
        dst.close()
        target.unlink(missing_ok=True)  # never leave half a backup behind
        raise
    finally:
        dst.close()
        src.close()
    for old in sorted(folder.glob(f"{ledger.stem}-*.db"))[:-KEEP]:
        old.unlink()
    return target
