"""Copies of the ledger taken before anything risky (a schema upgrade, an import)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

KEEP = 30  # backups kept per ledger; the oldest go first


def backup_dir(ledger: Path) -> Path:
    return ledger.parent / "backups"


def backup_ledger(ledger: Path, reason: str) -> Path:
    """Copy the ledger with SQLite's online backup (consistent even with a WAL in use)."""
    folder = backup_dir(ledger)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{ledger.stem}-{stamp}-{reason}.db"
    src = sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    for old in sorted(folder.glob(f"{ledger.stem}-*.db"))[:-KEEP]:
        old.unlink()
    return target
