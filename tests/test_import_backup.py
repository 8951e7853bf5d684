"""An import into a ledger file is preceded by a copy of the ledger as it was (backups/…-before-import.db),
made beside the import's own work (db.backup.BackupAlongside): the copy holds the ledger before the
import and nothing of it, is whole when the import commits, and an import whose copy fails writes nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import event

from app.cli.main import main
from app.merge import ImportRefused, apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.vocabulary.periods import parse_period
from db import backup as backup_module
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
        with pytest.raises(ImportRefused, match="导入前的台账备份"):
            apply_plan(bureau, plan)
    assert listings(db) == 0
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM import_log").fetchone() == (0,)
    finally:
        conn.close()


def test_the_import_commits_only_once_its_copy_is_whole(two_submissions, tmp_path: Path, monkeypatch) -> None:
    """A slow copy (a slow or busy disk) holds the import's commit back until the copy is whole: the
    ledger as it was is in backups/ before the import's first change is."""
    first, _ = two_submissions
    db = tmp_path / "bureau.db"
    committing = threading.Event()
    copy = backup_module.backup_ledger

    def slow_copy(ledger: Path, reason: str, **how: bool) -> Path:
        committing.wait(1)  # a slow disk: the copy is not whole before the import would commit
        return copy(ledger, reason, **how)

    monkeypatch.setattr(backup_module, "backup_ledger", slow_copy)
    copies_at_commit: list[list[int]] = []
    with make_ledger(db, "区知识产权局") as bureau:
        plan = plan_import(bureau, [first])

        @event.listens_for(bureau.engine, "commit")
        def _(conn) -> None:  # noqa: ANN001
            copies_at_commit.append([listings(c) for c in backup_dir(db).glob("bureau-*-before-import.db")])
            committing.set()

        apply_plan(bureau, plan)
    assert copies_at_commit == [[0]]  # at its commit the import's copy was there, whole, without it
    assert listings(db) == 3


def test_a_copy_that_fails_says_where_and_that_nothing_was_imported(two_submissions, tmp_path: Path, capsys) -> None:
    first, _ = two_submissions
    db = tmp_path / "bureau.db"
    make_ledger(db, "区知识产权局").close()
    backup_dir(db).write_text("a file where the backups folder should be")
    assert main(["--db", str(db), "import", str(first)]) == 1
    err = capsys.readouterr().err
    assert f"无法在备份文件夹 {backup_dir(db)} 中生成导入前的台账备份" in err
    assert "本次未导入任何数据" in err
    assert "磁盘已满" not in err and "无法写入台账" not in err  # the ledger was never the problem
    assert listings(db) == 0


def test_a_copy_on_a_full_disk_leaves_nothing_in_backups(tmp_path: Path) -> None:
    """The backups folder on a disk with room for part of the copy only (a file size limit stands in
    for the full disk): the copy fails, and neither half a copy nor its journal stays behind."""
    db = tmp_path / "ledger.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE filler (x BLOB)")
    conn.executemany("INSERT INTO filler VALUES (randomblob(4000))", [()] * 100)
    conn.commit()
    conn.close()
    backup_dir(db).mkdir()
    room = 100_000  # of the ledger's ~420 kB
    code = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from db.backup import backup_ledger\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({room}, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    backup_ledger(Path(sys.argv[1]), 'before-import')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "OperationalError"
    assert list(backup_dir(db).iterdir()) == []


def test_a_copy_killed_half_way_is_never_offered_as_a_backup(tmp_path: Path) -> None:
    """kill -9 while the copy is written: what it left has no backup's name."""
    from app.store.backups import backups

    db = tmp_path / "ledger.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE filler (x BLOB)")
    conn.executemany("INSERT INTO filler VALUES (randomblob(60000))", [()] * 1500)  # ~90 MB
    conn.commit()
    conn.close()
    folder = backup_dir(db)
    folder.mkdir()
    code = "import sys, pathlib, db.backup as b; b.backup_ledger(pathlib.Path(sys.argv[1]), 'manual')"
    copying = subprocess.Popen([sys.executable, "-c", code, str(db)])
    try:
        while copying.poll() is None and not any(folder.iterdir()):
            pass  # until the copy has begun to be written
        os.kill(copying.pid, signal.SIGKILL)
    finally:
        copying.wait()
    assert any(folder.iterdir())  # killed while it wrote
    assert backups(db) == []
    assert not list(folder.glob("*.db"))


def test_a_half_made_copy_left_by_a_killed_program_goes_once_old(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    sqlite3.connect(db).close()
    folder = backup_dir(db)
    folder.mkdir()
    old, young = folder / "ledger-20250101-000000-000000-before-import.db.part", folder / "ledger-x-manual.db.part"
    for left in (old, young):
        left.write_bytes(b"half a copy")
    two_days_ago = old.stat().st_mtime - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    made = backup_module.backup_ledger(db, "manual")
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, young.name])
