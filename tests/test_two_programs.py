"""Two programs on one ledger (SPEC §8): the window open while a command imports, undoes or checks.
Each waits for the other's write instead of failing, or fails with a clear message; nothing
committed is lost, nothing hides in a WAL file left behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.outgoing.submission import export_submission
from app.store.ledger import Ledger
from app.vocabulary.periods import parse_period
from db.models import PatentListing
from tests.conftest import add_listing, make_ledger

# A second program: takes the write lock (or a read snapshot) of the ledger, says so, holds it for
# a few seconds, then lets go.
HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE" if sys.argv[2] == "write" else "BEGIN")
    before = conn.execute("SELECT count(*) FROM patent_listings").fetchone()[0]
    print("holding", flush=True)
    time.sleep(float(sys.argv[3]))
    after = conn.execute("SELECT count(*) FROM patent_listings").fetchone()[0]
    conn.execute("COMMIT")
    conn.close()
    print(before, after, flush=True)
    """
)


def hold(db: Path, mode: str, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), mode, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def finish(proc: subprocess.Popen[str]) -> list[str]:
    """What the holder printed last (its counts before and after holding); it must end cleanly."""
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0
    return out.split()


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    add_listing(unit)
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "submission.xlsx").path
    unit.close()
    return path


@pytest.fixture
def bureau_db(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.db"
    make_ledger(path, "区知识产权局").close()
    return path


def listings(db: Path) -> int:
    with Ledger(db) as ledger, ledger.session() as s:
        return s.scalar(select(func.count()).select_from(PatentListing).where(PatentListing.deleted.is_(False)))


def test_an_import_waits_for_another_programs_write_and_succeeds(bureau_db, submission, capsys) -> None:
    holder = hold(bureau_db, "write", 7)  # longer than the 5 s the ledger once waited
    code = main(["--db", str(bureau_db), "import", str(submission)])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert finish(holder) == ["0", "0"]  # the holder never saw half an import
    assert listings(bureau_db) == 1


def test_a_write_lock_held_too_long_is_a_clear_message(bureau_db, submission, capsys, monkeypatch) -> None:
    import db.engine

    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_S", 1)
    before = bureau_db.read_bytes()
    holder = hold(bureau_db, "write", 6)
    try:
        code = main(["--db", str(bureau_db), "import", str(submission)])
    finally:
        finish(holder)
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err and "database is locked" not in out.err
    assert "另一个程序" in out.err and "没有写入任何数据" in out.err
    assert listings(bureau_db) == 0
    assert bureau_db.read_bytes() == before


def test_undo_import_while_another_program_reads_the_ledger(bureau_db, submission, capsys) -> None:
    assert main(["--db", str(bureau_db), "import", str(submission)]) == 0
    reader = hold(bureau_db, "read", 3)
    code = main(["--db", str(bureau_db), "undo-import", "1"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert finish(reader) == ["1", "1"]  # its snapshot held still while undo committed
    assert listings(bureau_db) == 0
    assert main(["--db", str(bureau_db), "check"]) == 0


def test_window_open_while_commands_run_loses_nothing(bureau_db, submission, tmp_path, capsys) -> None:
    """The window's ledger stays open (as it does all day) while import, consolidate and check run
    from a command line; it sees their commits, and after both close the file alone holds them."""
    window = Ledger(bureau_db)
    try:
        with window.session() as s:
            assert s.scalar(select(func.count()).select_from(PatentListing)) == 0
        assert main(["--db", str(bureau_db), "import", str(submission)]) == 0
        assert main(["--db", str(bureau_db), "consolidate", "--period", "2025", "-o", str(tmp_path / "c.xlsx")]) == 0
        assert main(["--db", str(bureau_db), "check"]) == 0
        with window.session() as s:
            assert s.scalar(select(func.count()).select_from(PatentListing)) == 1
    finally:
        window.close()
    capsys.readouterr()
    wal = bureau_db.with_name(bureau_db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed: nothing only in the WAL
    copy = tmp_path / "copy.db"
    copy.write_bytes(bureau_db.read_bytes())  # the file alone, as a user would copy it
    assert listings(copy) == 1
