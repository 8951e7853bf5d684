"""`ipledger import` (no preview to wait for) writes each file as soon as it is planned, while the
next files are read (app.merge.apply.EarlyApply): the ledger ends as a previewed and confirmed import
leaves it, the messages are the same, and it is still one transaction."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.merge import apply_plan, plan_import
from app.merge.apply import EarlyApply
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import KINDS, PATENT_LISTING, PLEDGE_FINANCING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from db.models import ImportLog, RecordHistory, ReviewState, Unit
from tests.conftest import add_listing, add_record, db_arg, delete_record, edit_record

Q1, Q2 = parse_period("2025Q1"), parse_period("2025Q2")
CODE = "91310000MA1FL0XX2D"
ROOT = Path(__file__).resolve().parents[1]


def _batch(ledgers, tmp: Path) -> list[Path]:  # noqa: ANN001
    """Two units' Q1, and the first unit's Q2 that changes a Q1 listing and deletes a pledge."""
    a, b = ledgers("长寿路街道"), ledgers("曹杨新村街道")
    listing = add_listing(a, price=50.0)
    pledge = add_record(
        a,
        PLEDGE_FINANCING,
        company="上海乙公司",
        credit_code=CODE,
        pledgee="上海农商银行",
        collateral_type="专利",
        amount=500.0,
        registered_on=date(2025, 2, 10),
    )
    add_record(a, TASK_PROGRESS, period=Q1.code, task_number=1, status="推进中", progress="召开推进会2次")
    add_listing(b, patent_no="202310654321.2", price=8.0)
    files = [export_submission(a, Q1, tmp / "a1.xlsx").path, export_submission(b, Q1, tmp / "b1.xlsx").path]
    edit_record(a, PATENT_LISTING, listing, price=45.0)
    delete_record(a, PLEDGE_FINANCING, pledge)
    files.append(export_submission(a, Q2, tmp / "a2.xlsx").path)
    return files


def _contents(ledger) -> dict[str, list]:  # noqa: ANN001
    """What an import leaves: every record's values and merge state, the import log, the history's
    actions and the review states (ids and times left out)."""
    out: dict[str, list] = {}
    with ledger.session() as s:
        names = dict(s.execute(select(Unit.id, Unit.name)).all())
        for kind in KINDS:
            m = kind.model
            cols = [getattr(m, f.key) for f in kind.input_fields]
            cols += [m.revision, m.deleted, m.synced_revision, m.synced_digest, m.locally_modified]
            out[kind.key] = sorted(map(repr, ((names.get(r[0]), *r[1:]) for r in s.execute(select(m.unit_id, *cols)))))
        logs = s.execute(select(ImportLog.id, ImportLog.file_name, ImportLog.counts, ImportLog.superseded_by)).all()
        name_of = {i: n for i, n, *_ in logs}
        out["log"] = sorted(repr((n, c, name_of.get(sup))) for _i, n, c, sup in logs)
        out["history"] = sorted(
            repr(r) for r in s.execute(select(RecordHistory.kind, RecordHistory.action, RecordHistory.revision))
        )
        review = select(ReviewState.unit_id, ReviewState.period, ReviewState.state)
        out["review"] = sorted(repr((names.get(u), p, st)) for u, p, st in s.execute(review))
    return out


def _watch(monkeypatch) -> list[int]:  # noqa: ANN001
    """How many files had been written each time a file was planned."""
    written: list[int] = []
    planned = EarlyApply.planned

    def watched(self, role, fp) -> None:  # noqa: ANN001
        planned(self, role, fp)
        written.append(len(self.done))

    monkeypatch.setattr(EarlyApply, "planned", watched)
    return written


@pytest.mark.both_backends
def test_import_writes_each_file_while_the_next_are_planned_and_ends_as_a_confirmed_preview(
    ledgers, tmp_path: Path, monkeypatch, capsys
) -> None:
    files = _batch(ledgers, tmp_path)
    window = ledgers("区知识产权局", name="window.db")
    apply_plan(window, plan_import(window, files))  # the window: preview, then confirm
    capsys.readouterr()

    cli = ledgers("区知识产权局", name="cli.db")
    written = _watch(monkeypatch)
    assert main(["--db", db_arg(cli), "import", *map(str, files)]) == 0
    assert written == [1, 2, 3]  # each file written as soon as it was planned
    out = capsys.readouterr().out
    assert "已导入（导入编号 1、2、3，可用 undo-import 撤销）。" in out
    assert _contents(cli) == _contents(window)
    assert main(["--db", db_arg(cli), "undo-import", "3"]) == 0  # an import like any other


def test_a_refused_file_late_in_the_batch_leaves_the_ledger_and_its_backups_as_they_were(
    ledgers, tmp_path: Path, monkeypatch, capsys
) -> None:
    files = _batch(ledgers, tmp_path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(files[0].read_bytes()[:3000])  # a file cut short in the mail
    bureau = ledgers("区知识产权局")
    folder = bureau.path.parent / "backups"
    folder.mkdir(exist_ok=True)
    old = [folder / f"{bureau.path.stem}-20250101-0000{i:02d}-000000-before-import.db" for i in range(30)]
    for p in old:  # as many as are kept: a new copy kept pushes the oldest out
        p.write_bytes(b"an older backup")
    before = _contents(bureau)
    written = _watch(monkeypatch)
    assert main(["--db", db_arg(bureau), "import", str(files[0]), str(files[1]), str(broken)]) == 1
    assert written == [1, 2, 0]  # two written, then given up
    assert "有错误，未导入任何数据（可加 --skip-bad 只导入没有错误的文件）。" in capsys.readouterr().err
    assert _contents(bureau) == before
    assert sorted(folder.glob(f"{bureau.path.stem}-*-before-import.db")) == old  # none made, none lost

    assert main(["--db", db_arg(bureau), "import", "--skip-bad", str(files[0]), str(files[1]), str(broken)]) == 1
    assert len(_contents(bureau)["log"]) == 2  # the good files, the broken one named as refused
    kept = sorted(folder.glob(f"{bureau.path.stem}-*-before-import.db"))
    assert len(kept) == 30 and kept[:-1] == old[1:]  # the import's copy in, the oldest out


def test_a_units_second_file_for_a_period_is_merged_oldest_first_as_in_the_window(
    ledgers, tmp_path: Path, monkeypatch
) -> None:
    from tests.workbooks import resign, set_meta

    street = ledgers("长寿路街道")
    listing = add_listing(street, price=50.0)
    first = export_submission(street, Q1, tmp_path / "first.xlsx").path
    first = resign(set_meta(first, tmp_path / "b-第一次.xlsx", "exported_at", "2025-04-04T10:00:00"), street)
    edit_record(street, PATENT_LISTING, listing, price=45.0)
    second = export_submission(street, Q1, tmp_path / "second.xlsx").path
    second = resign(set_meta(second, tmp_path / "a-更正.xlsx", "exported_at", "2025-04-10T10:00:00"), street)

    window = ledgers("区知识产权局", name="window.db")
    apply_plan(window, plan_import(window, [second, first]))
    cli = ledgers("区知识产权局", name="cli.db")
    written = _watch(monkeypatch)
    assert main(["--db", db_arg(cli), "import", str(second), str(first)]) == 0
    assert written[:2] == [1, 0]  # the unit's second file for Q1: the batch is merged in the order sent
    assert _contents(cli) == _contents(window)


def test_another_programs_write_gives_the_early_writing_up_at_once_and_the_import_then_waits_as_ever(
    ledgers, tmp_path: Path
) -> None:
    files = _batch(ledgers, tmp_path)
    bureau = ledgers("区知识产权局")
    other = sqlite3.connect(bureau.path)
    other.execute("BEGIN IMMEDIATE")  # another program's import, writing
    try:
        with EarlyApply(bureau) as early:
            plan = plan_import(bureau, files, early=early)
            assert early.gave_up  # not waited for here: planning goes on
            other.rollback()
            assert apply_plan(bureau, plan, early=early) == [1, 2, 3]
    finally:
        other.close()
    assert len(_contents(bureau)["log"]) == 3


def test_an_import_killed_after_writing_some_files_early_leaves_the_ledger_untouched(ledgers, tmp_path: Path) -> None:
    files = _batch(ledgers, tmp_path)
    bureau = ledgers("区知识产权局")
    before = _contents(bureau)
    script = (
        "import os, signal, sys\n"
        "from app.merge.apply import EarlyApply\n"
        "from app.cli.main import main\n"
        "planned = EarlyApply.planned\n"
        "def killed(self, role, fp):\n"
        "    planned(self, role, fp)\n"
        "    if len(self.done) == 2:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "EarlyApply.planned = killed\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", script, "--db", str(bureau.path), "import", *map(str, files)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    assert _contents(bureau) == before
    assert main(["--db", db_arg(bureau), "import", *map(str, files)]) == 0  # nothing half done in the way
    assert len(_contents(bureau)["log"]) == 3


def test_a_batch_too_large_to_keep_the_ledger_locked_while_planning_is_written_after_it(
    ledgers, tmp_path: Path, monkeypatch
) -> None:
    """Writing while planning holds an SQLite ledger's write lock until the import commits: another
    program's save waits that long. A batch past EARLY_MAX_BATCH is planned first and written after,
    the ledger locked only while it is written, as the window's import does."""
    from app.merge import apply as apply_module

    files = _batch(ledgers, tmp_path)
    monkeypatch.setattr(apply_module, "EARLY_MAX_BATCH", sum(f.stat().st_size for f in files) - 1)
    bureau = ledgers("区知识产权局")
    written = _watch(monkeypatch)
    assert main(["--db", db_arg(bureau), "import", *map(str, files)]) == 0
    assert written == []  # nothing written while planning
    assert len(_contents(bureau)["log"]) == 3


def test_the_preview_is_printed_once_the_ledger_is_free(ledgers, tmp_path: Path, monkeypatch) -> None:
    """A terminal paused (Ctrl+S) or a pipe read slowly blocks the preview's printing: no other
    program may be kept from the ledger meanwhile (the rows written while planning lock it until the
    commit; another program's save gave up after 60 s)."""
    files = _batch(ledgers, tmp_path)
    bureau = ledgers("区知识产权局")
    locked_while_printing: list[str] = []

    class Terminal(io.StringIO):
        def write(self, text: str) -> int:
            other = sqlite3.connect(bureau.path, timeout=0)
            try:
                other.execute("BEGIN IMMEDIATE")  # another program's save
                other.rollback()
            except sqlite3.OperationalError:
                locked_while_printing.append(text)
            finally:
                other.close()
            return super().write(text)

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    written = _watch(monkeypatch)
    assert main(["--db", db_arg(bureau), "import", str(files[0]), str(files[1])]) == 0
    assert written == [1, 2]  # written while planning
    assert locked_while_printing == []
    assert "已导入（导入编号 1、2" in terminal.getvalue()


def test_ctrl_c_inside_an_early_insert_is_said_as_interrupted_and_leaves_no_copy(
    ledgers, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Ctrl+C that lands while a file written early is being inserted (inside the driver's call: the
    connection is then invalidated) says 已中断。 and leaves the ledger and its backups folder as they
    were. (The review of the unmerged branch `stream` found it said 程序遇到意外问题 there, the copy
    left in backups/, when the interrupt landed in a block written as planned; this holds main's
    batch writing to what a user is told.)"""
    from sqlalchemy.engine.default import DefaultDialect

    files = _batch(ledgers, tmp_path)
    bureau = ledgers("区知识产权局")
    folder = bureau.path.parent / "backups"
    before, copies = _contents(bureau), sorted(folder.glob("*before-import*"))
    written = _watch(monkeypatch)
    calls = []

    def interrupting(real):  # noqa: ANN001, ANN202
        def call(self, cursor, statement, parameters, context=None) -> None:  # noqa: ANN001
            if written == [1] and statement.startswith("INSERT"):  # the second file's, while the third is planned
                calls.append(statement)
                raise KeyboardInterrupt
            real(self, cursor, statement, parameters, context)

        return call

    for name in ("do_execute", "do_executemany"):
        monkeypatch.setattr(DefaultDialect, name, interrupting(getattr(DefaultDialect, name)))
    assert main(["--db", db_arg(bureau), "import", *map(str, files)]) == 1
    err = capsys.readouterr().err
    assert "已中断。" in err and "意外" not in err
    assert written == [1] and calls  # (the interrupt came in the writing while planning)
    assert _contents(bureau) == before
    assert sorted(folder.glob("*before-import*")) == copies
