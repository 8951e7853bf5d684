"""An import's new records are written by a thread of their own while the next slice of them is
made (app.store.records.Aside, SQLite): the ledger ends as when they were written in turn, and Ctrl+C
or a failed write in the middle of it still leaves nothing written and the ledger usable."""

from __future__ import annotations

import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.cli.main import main
from app.store import records
from app.vocabulary.kinds import PATENT_LISTING
from db.models import RecordHistory
from tests.conftest import make_ledger


@pytest.fixture
def bureau_and_year(tmp_path: Path) -> tuple[Path, Path]:
    """A bureau ledger, and a unit's year of ~1,200 records in one workbook (several slices of a kind)."""
    unit = tmp_path / "unit.db"
    make_ledger(unit, "长寿路街道").close()
    assert main(["--db", str(unit), "demo", "--units", "1", "--rows", "1200", "--seed", "3"]) == 0
    year = tmp_path / "year.xlsx"
    assert main(["--db", str(unit), "export", "--period", "2025", "-o", str(year)]) == 0
    make_ledger(tmp_path / "bureau.db", "区知识产权局").close()
    return tmp_path / "bureau.db", year


def contents(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("import_log", "patent_listings", "record_history")
        )
    finally:
        conn.close()


def test_ctrl_c_while_new_records_are_written_aside_writes_nothing(bureau_and_year, monkeypatch, capsys) -> None:
    db, year = bureau_and_year
    before = contents(db)
    made = records.Aside.__init__
    pressed: list[bool] = []

    def with_a_finger_on_ctrl_c(self, conn) -> None:  # noqa: ANN001
        made(self, conn)

        def press() -> int:  # (SQLite's progress handler: called in the writer's thread, mid-statement)
            if not pressed and threading.current_thread().name == "writing aside":
                pressed.append(True)
                signal.raise_signal(signal.SIGINT)  # the officer's Ctrl+C, seen by the program's thread
            return 0

        self._raw.set_progress_handler(press, 1000)

    monkeypatch.setattr(records.Aside, "__init__", with_a_finger_on_ctrl_c)
    assert main(["--db", str(db), "import", str(year)]) == 1
    assert pressed
    assert capsys.readouterr().err.strip() == "已中断。"
    assert contents(db) == before  # nothing of the import: no log row, no record, no history
    monkeypatch.undo()
    # The ledger is as it was, not locked nor left mid-statement: the same import goes through.
    assert main(["--db", str(db), "import", str(year)]) == 0
    log, listings, history = contents(db)
    out = capsys.readouterr().out
    assert "新增 1014" in out and "已导入（导入编号 1" in out
    assert (log, listings, history) == (before[0] + 1, before[1] + 480, before[2] + 1014)


def test_a_failed_write_aside_is_raised_and_the_later_ones_are_not_made(tmp_path: Path) -> None:
    ledger = make_ledger(tmp_path / "ledger.db", "长寿路街道")
    names = ("kind", "record_id", "revision", "action", "before", "changed_at", "import_id")
    statement = f"INSERT INTO record_history ({', '.join(names)}) VALUES ({', '.join(['?'] * len(names))})"

    def row(rid: str) -> tuple:
        return (PATENT_LISTING.key, rid, None, "insert", None, "2025-01-01 00:00:00", None)

    with ledger.session() as s:
        count = s.scalar(select(RecordHistory.id).order_by(RecordHistory.id.desc()).limit(1)) or 0
    with pytest.raises(IntegrityError), ledger.session() as s, records.writing_aside(s) as aside:
        aside.write(statement, [row("a"), row("b")])
        aside.write(statement, [row("c"), row(None)])  # (record_id NOT NULL: the driver refuses it)
        aside.write(statement, [row("d")])
    with ledger.session() as s:
        assert (s.scalar(select(RecordHistory.id).order_by(RecordHistory.id.desc()).limit(1)) or 0) == count
        assert s.scalars(select(RecordHistory.record_id).where(RecordHistory.record_id.in_(list("abcd")))).all() == []
    with ledger.session() as s, records.writing_aside(s) as aside:  # written, in the caller's transaction
        aside.write(statement, [row("a"), row("b")])
        aside.wait()
        written = select(RecordHistory.record_id).where(RecordHistory.record_id.in_(list("ab")))
        assert s.scalars(written).all() == ["a", "b"]
        aside.write(statement, [row("c")])
    with ledger.session() as s:
        assert sorted(s.scalars(select(RecordHistory.record_id).where(RecordHistory.record_id.in_(list("abcd"))))) == [
            "a",
            "b",
            "c",
        ]
    ledger.close()


@pytest.mark.parametrize("aside", [False, True])
def test_records_written_in_bulk_are_stored_as_the_form_stores_them(tmp_path: Path, aside: bool) -> None:
    """insert_new writes the values all its rows share into its statement (SQLite), the others bound
    row by row: each column holds what a record saved one at a time holds, of the same SQLite type."""
    from datetime import date

    from app.store import catalogue

    ledger = make_ledger(tmp_path / "ledger.db", "长寿路街道")
    values = {
        "patent_no": "202310123456.6",
        "title": "一种检测装置",
        "patent_type": "发明",
        "holder": "华东师范大学",
        "deal_mode": "转让",
        "listed_on": date(2025, 1, 5),
        "listing_status": "在架",
    }
    with ledger.session() as s:
        unit = catalogue.find_unit(s, "长寿路街道").id
        saved = records.create(s, PATENT_LISTING, unit, dict(values)).id
        fields = tuple(f.key for f in PATENT_LISTING.input_fields)
        names = (*fields, "id", "unit_id", "revision")
        row = (*(values.get(k) for k in fields), "0a6f3c1e-0000-4000-8000-000000000001", unit, 1)
        with records.writing_aside(s) as writer:
            records.insert_new(s, PATENT_LISTING, names, [row], aside=writer if aside else None)
    conn = sqlite3.connect(tmp_path / "ledger.db")
    try:
        columns = [c[1] for c in conn.execute("PRAGMA table_info(patent_listings)") if c[1] != "id"]
        shown = ", ".join(f"typeof({c}), {c}" for c in columns if c not in ("created_at", "updated_at"))
        shown += ", typeof(created_at), typeof(updated_at)"
        stored = conn.execute(f"SELECT id, {shown} FROM patent_listings ORDER BY id = ?", (saved,)).fetchall()
        assert [r[1:] for r in stored] == [stored[1][1:]] * 2 and len(stored) == 2
        history = conn.execute(
            "SELECT typeof(kind), kind, typeof(revision), revision, typeof(action), action, typeof(before),"
            " before, typeof(changed_at), typeof(import_id), import_id FROM record_history"
            " ORDER BY record_id = ?",
            (saved,),
        ).fetchall()
        assert history == [history[1]] * 2
    finally:
        conn.close()
    ledger.close()
