"""An import into a ledger file is preceded by a copy of the ledger as it was (backups/…-before-import.db),
made beside the import's own work (db.backup.BackupAlongside): the copy holds the ledger before the
import and nothing of it, is whole when the import commits, and an import whose copy fails writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.vocabulary.periods import parse_period
from db.backup import backup_dir
from tests.conftest import add_listing, make_ledger

Q1 = parse_period("2025Q1")


def listings(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return conn.execute("SELECT count(*) FROM patent_listings").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def two_submissions(tmp_path: Path) -> tuple[Path, Path]:
    """One unit's Q1 submission with 3 listings, then again with 5."""
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    for i in range(3):
        add_listing(unit, title=f"一种装置{i}")
    first = export_submission(unit, Q1, tmp_path / "first.xlsx").path
    for i in range(3, 5):
        add_listing(unit, title=f"一种装置{i}")
    second = export_submission(unit, Q1, tmp_path / "second.xlsx").path
    unit.close()
    return first, second


def test_the_copy_before_an_import_is_the_ledger_as_it_was(two_submissions, tmp_path: Path) -> None:
    first, second = two_submissions
    db = tmp_path / "bureau" / "bureau.db"
    with make_ledger(db, "区知识产权局") as bureau:
        for path in (first, second):
            plan = plan_import(bureau, [path])
            assert not plan.refused
            apply_plan(bureau, plan)
    copies = sorted(backup_dir(db).glob("bureau-*-before-import.db"))
    assert [listings(c) for c in copies] == [0, 3]  # each made before its import, none during it
    assert listings(db) == 5


def test_an_import_whose_copy_fails_writes_nothing(two_submissions, tmp_path: Path) -> None:
    first, _ = two_submissions
    db = tmp_path / "bureau.db"
    with make_ledger(db, "区知识产权局") as bureau:
        plan = plan_import(bureau, [first])
        assert not plan.refused
        backup_dir(db).write_text("a file where the backups folder should be")  # no copy can be made
        with pytest.raises(OSError):
            apply_plan(bureau, plan)
    assert listings(db) == 0
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM import_log").fetchone() == (0,)
    finally:
        conn.close()
