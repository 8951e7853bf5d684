"""`ipledger import FILE` on Linux: the file is read by a child forked as the program starts
(app.exchange.early), on the second core while the program loads. The import says and writes what
it does when it reads the file itself (a good file, a refused one, --dry-run, --json), and stays so
when the child dies (kill -9), on Ctrl+C (已中断。, nothing written, no child left behind), and when
the program is killed before its child."""

# ruff: noqa: F811 - (the tests take the fixture `submissions` of tests/test_early_read.py)
from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

from app.exchange import early, reader
from app.exchange.reader import read_workbook
from app.vocabulary.kinds import PATENT_LISTING
from tests.conftest import make_ledger
from tests.interrupts import interrupted_by_ctrl_c
from tests.test_early_read import listing_sheet, seen, submissions  # noqa: F401 - the fixture
from tests.workbooks import cell_ref, rebuild, replace_cell, sheet_part

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform != "linux", reason="Linux forks the reading")


@pytest.fixture
def forking(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(early.FORK, "1")  # (however busy the machine's cores are)


def read_forked(path: Path) -> object:
    early.begin(path, fork=True)
    assert early._key(path) in early._forks  # noqa: SLF001 - a child reads it
    return read_workbook(path)


def test_a_workbook_read_by_the_child_is_read_as_the_reader_reads_it(
    submissions, tmp_path: Path, forking, caplog
) -> None:
    first, _ = submissions
    alone = tmp_path / "alone.xlsx"
    shutil.copy(first, alone)
    early.begin(first, fork=True)
    with caplog.at_level(logging.WARNING):
        result = early.finished(first)  # the child's answer, as the reader takes it
    assert not caplog.records
    assert result is not None and len(result.rows) == 3 and not result.errors
    assert seen(result) == seen(read_workbook(alone))
    assert early.finished(first) is None  # taken once


def test_a_file_the_child_refuses_is_refused_as_before_and_logged_here(
    submissions, tmp_path: Path, forking, caplog
) -> None:
    first, _ = submissions
    sheet = PATENT_LISTING.sheet
    ref = cell_ref(first, sheet, "专利名称")
    typed = replace_cell(first, tmp_path / "typed.xlsx", sheet, ref, f'<c r="{ref}" t="zz"><v>1</v></c>')
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(first.read_bytes()[: first.stat().st_size // 2])
    for path in (typed, truncated):
        again = tmp_path / f"again-{path.name}"
        shutil.copy(path, again)
        with caplog.at_level(logging.INFO):
            caplog.clear()
            result = read_forked(path)
        assert result.errors and not result.rows
        assert seen(result)[1] == seen(read_workbook(again))[1], path
    # the child's log line about the sheet it could not parse is in this process's log
    assert "单元格类型“zz”无法识别" in str(read_workbook(typed).errors[0])
    with caplog.at_level(logging.INFO):
        caplog.clear()
        read_forked(typed)
    assert any("cannot be read" in r.getMessage() and "typed.xlsx" in r.getMessage() for r in caplog.records)


def slow_file(first: Path, tmp_path: Path) -> Path:
    """A submission whose listing sheet takes the reader a second or so (its scan looks at every cell)."""
    return rebuild(
        first, tmp_path / "slow.xlsx", {sheet_part(first, PATENT_LISTING.sheet): listing_sheet(40_000, refs=False)}
    )


def test_a_child_killed_while_it_reads_leaves_the_reading_to_the_import(
    submissions, tmp_path: Path, forking, caplog
) -> None:
    first, _ = submissions
    slow = slow_file(first, tmp_path)
    again = tmp_path / "again.xlsx"
    shutil.copy(slow, again)
    early.begin(slow, fork=True)
    child = early._forks[early._key(slow)]  # noqa: SLF001
    os.kill(child.pid, signal.SIGKILL)
    with caplog.at_level(logging.WARNING):
        result = read_workbook(slow)
    assert any("reading here" in r.getMessage() for r in caplog.records)  # (the log says so)
    assert seen(result) == seen(read_workbook(again))
    assert not alive(child.pid)


def test_ctrl_c_while_the_import_waits_for_the_child_stops_it_and_the_child(
    submissions, tmp_path: Path, forking
) -> None:
    first, _ = submissions
    slow = slow_file(first, tmp_path)
    early.begin(slow, fork=True)
    child = early._forks[early._key(slow)]  # noqa: SLF001
    stopped, _ = interrupted_by_ctrl_c(lambda: read_workbook(slow), after=0.2)
    assert "finished" in [f.name for f in traceback.extract_tb(stopped.__traceback__)]  # stopped in the wait
    assert not alive(child.pid)


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie left to a parent that is gone does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def opened(pid: int) -> set[Path]:
    """The files process `pid` has open."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            found.add(Path(os.readlink(fd)))
        except OSError:
            continue
    return found


def cli(db: Path, *args: str, fork: str = "1") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, early.FORK: fork}
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "import", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, without the columns that hold when (or which random id) they were written."""
    con = sqlite3.connect(db)
    try:
        found = {}
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            kept = [c for c in columns if not re.search(r"(_at|time|stamp|uuid|key|secret|salt|_id)$", c)]
            if kept:
                names = ", ".join(f'"{c}"' for c in kept)
                found[table] = sorted(map(repr, con.execute(f'SELECT {names} FROM "{table}"')))
        return found
    finally:
        con.close()


def test_an_import_read_by_the_child_says_and_writes_what_it_does_read_here(submissions, tmp_path: Path) -> None:
    first, second = submissions
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(second.read_bytes()[: second.stat().st_size // 2])
    bureau = tmp_path / "bureau.db"
    make_ledger(bureau, "区知识产权局").close()
    for args in ([str(first)], ["--dry-run", str(first)], ["--json", str(first)], [str(damaged)]):
        outcomes = []
        for fork in ("1", "0"):
            db = tmp_path / f"{fork}-{len(args)}-{Path(args[-1]).stem}.db"
            shutil.copy(bureau, db)
            r = cli(db, *args, fork=fork)
            outcomes.append(
                (r.returncode, r.stdout.replace(db.name, "DB"), r.stderr.replace(db.name, "DB"), contents(db))
            )
        assert outcomes[0] == outcomes[1], args
        code, out, err, _ = outcomes[0]
        if args[-1] == str(damaged):
            assert code == 1 and "已损坏" in out and "有错误，未导入任何数据" in err, out + err
        elif args[0] != "--json":
            assert code == 0 and "新增 3，" in out, out + err


def started_with_a_child(db: Path, path: Path) -> tuple[subprocess.Popen[str], int]:
    """`ipledger import` of `path` started in its own process group, and its reading child's id."""
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db), "import", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, early.FORK: "1"},
        start_new_session=True,
    )
    for _ in range(500):
        found = children(process.pid)
        if found:
            return process, found[0]
        time.sleep(0.01)
    process.kill()
    raise AssertionError("no child read the file")


def test_ctrl_c_in_the_terminal_stops_the_import_and_its_child_with_nothing_written(
    submissions, tmp_path: Path
) -> None:
    first, _ = submissions
    slow = slow_file(first, tmp_path)
    db = tmp_path / "bureau.db"
    make_ledger(db, "区知识产权局").close()
    before = contents(db)
    process, child = started_with_a_child(db, slow)
    for _ in range(3000):  # the program has opened the ledger (its command begun), and waits for the child
        if db.resolve() in opened(process.pid):
            break
        time.sleep(0.01)
    assert alive(child)
    os.killpg(process.pid, signal.SIGINT)  # as the terminal sends it: to the program and its child
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and err.strip().endswith("已中断。"), out + err
    assert "Traceback" not in err
    for _ in range(200):
        if not alive(child):
            break
        time.sleep(0.05)
    assert not alive(child)
    assert contents(db) == before


def test_a_child_does_not_outlive_the_program_killed_before_it(submissions, tmp_path: Path) -> None:
    first, _ = submissions
    slow = slow_file(first, tmp_path)
    db = tmp_path / "bureau.db"
    make_ledger(db, "区知识产权局").close()
    process, child = started_with_a_child(db, slow)
    for _ in range(500):  # the child has begun to read (its own reading thread started)
        if "Threads:\t1\n" not in Path(f"/proc/{child}/status").read_text():
            break
        time.sleep(0.01)
    os.kill(child, signal.SIGSTOP)  # (still reading when the program goes)
    try:
        process.kill()
        process.wait(timeout=60)
        for _ in range(200):
            if not alive(child):
                break
            time.sleep(0.05)
        assert not alive(child)
    finally:  # (a child the kernel did not end is not left behind, stopped, by a failing test)
        if alive(child):
            os.kill(child, signal.SIGKILL)
        process.communicate(timeout=60)


# --- the last sheets left to the program (early.leave): read there while the child reads the others


@pytest.fixture
def leaving(monkeypatch, forking) -> list[tuple[str, ...]]:  # noqa: ANN001
    """The last sheets of records (half the file's XML) are offered to the program, and the child waits for the
    program to take them (as a quiet PC's program, its modules loaded, does before the child comes
    to them); the sheets this process read, as the reader was asked for them."""
    monkeypatch.setattr(early, "DEFER_FROM", 0)
    monkeypatch.setattr(early, "TAIL_SHARE", 0.5)  # (the listing sheet and those after it)
    monkeypatch.setattr(early, "TAIL_MOST", 1.0)
    monkeypatch.setattr(early, "CLAIM_WAIT", 60.0)
    taken: list[tuple[str, ...]] = []
    real = reader.read_tail

    def read_tail(path: Path, ahead: early.Ahead) -> reader.ReadResult:
        taken.append(ahead.tail)
        return real(path, ahead)

    monkeypatch.setattr(reader, "read_tail", read_tail)
    return taken


def marks(result: reader.ReadResult) -> list[tuple[object, ...]]:
    """What a read says of each row beside its values: untouched since export, or edited outside."""
    return [(r.kind.key, r.row, r.untouched, r.edited_outside) for r in result.rows]


def test_the_last_sheets_read_by_the_program_beside_the_child_are_read_as_the_reader_reads_them(
    submissions, tmp_path: Path, leaving, caplog
) -> None:
    first, _ = submissions
    alone = tmp_path / "alone.xlsx"
    shutil.copy(first, alone)
    with caplog.at_level(logging.WARNING):
        result = read_forked(first)
    assert not caplog.records
    assert leaving and PATENT_LISTING.sheet in leaving[0]  # the listing's rows were read here
    expected = read_workbook(alone)
    assert len(result.rows) == 3 and not result.errors and not result.deferred
    assert seen(result) == seen(expected)
    assert marks(result) == marks(expected) and any(untouched for *_, untouched, _e in marks(expected))


def test_a_refusal_in_the_sheets_read_by_the_program_is_the_reader_s_in_the_same_order(
    submissions, tmp_path: Path, leaving
) -> None:
    first, _ = submissions
    sheet = PATENT_LISTING.sheet
    ref = cell_ref(first, sheet, "专利名称")
    typed = replace_cell(first, tmp_path / "typed.xlsx", sheet, ref, f'<c r="{ref}" t="zz"><v>1</v></c>')
    again = tmp_path / "again.xlsx"
    shutil.copy(typed, again)
    result = read_forked(typed)
    assert leaving
    assert result.errors and not result.rows
    assert seen(result) == seen(read_workbook(again))
    assert "单元格类型“zz”无法识别" in str(result.errors[0])


def test_a_refusal_before_the_sheets_left_lets_go_of_what_the_program_read(
    submissions, tmp_path: Path, leaving, monkeypatch
) -> None:
    first, _ = submissions
    # only the last sheet is offered; the listing, read by the child, is refused
    monkeypatch.setattr(early, "TAIL_SHARE", 0.0)
    sheet = PATENT_LISTING.sheet
    ref = cell_ref(first, sheet, "专利名称")
    typed = replace_cell(first, tmp_path / "typed.xlsx", sheet, ref, f'<c r="{ref}" t="zz"><v>1</v></c>')
    again = tmp_path / "again.xlsx"
    shutil.copy(typed, again)
    early.begin(typed, fork=True)
    child = early._forks[early._key(typed)]  # noqa: SLF001
    result = read_workbook(typed)
    assert leaving and PATENT_LISTING.sheet not in leaving[0]  # the program took the last sheet …
    assert seen(result) == seen(read_workbook(again))  # … but the child never came to it
    assert not alive(child.pid)


def test_a_child_killed_once_it_left_sheets_to_the_program_leaves_the_whole_reading_to_it(
    submissions, tmp_path: Path, leaving, caplog
) -> None:
    first, _ = submissions
    again = tmp_path / "again.xlsx"
    shutil.copy(first, again)
    early.begin(first, fork=True)
    child = early._forks[early._key(first)]  # noqa: SLF001
    deadline = time.monotonic() + 60
    while not child.messages and time.monotonic() < deadline:  # its Ahead came: it waits for the claim
        time.sleep(0.01)
    assert child.messages
    os.kill(child.pid, signal.SIGKILL)
    with caplog.at_level(logging.WARNING):
        result = read_workbook(first)
    assert any("reading here" in r.getMessage() for r in caplog.records)
    assert seen(result) == seen(read_workbook(again)) and marks(result) == marks(read_workbook(again))
    assert len(result.rows) == 3 and not alive(child.pid)


def test_sheets_left_that_the_program_does_not_take_in_time_are_read_by_the_child(
    submissions, tmp_path: Path, leaving, monkeypatch
) -> None:
    first, _ = submissions
    monkeypatch.setattr(early, "CLAIM_WAIT", 0.0)
    again = tmp_path / "again.xlsx"
    shutil.copy(first, again)
    early.begin(first, fork=True)
    child = early._forks[early._key(first)]  # noqa: SLF001
    while alive(child.pid) and not child.ended:  # the child has read every sheet before the program asks
        time.sleep(0.01)
    result = read_workbook(first)
    assert not leaving  # nothing read here
    assert seen(result) == seen(read_workbook(again)) and len(result.rows) == 3


def test_a_child_does_not_parse_the_sheets_the_program_has_taken(submissions, monkeypatch) -> None:  # noqa: ANN001
    # The child's parse thread leaves the offered sheets the program has claimed (it reads them
    # itself), parses the others, and leaves the claim for the child's reader to take.
    first, _ = submissions
    claims_in, claims_out = os.pipe()
    try:
        os.write(claims_out, b"1")
        monkeypatch.setattr(early, "_claims", claims_in)
        monkeypatch.setattr(early, "_offered", frozenset({PATENT_LISTING.sheet}))
        read = early._EarlyRead(first)  # noqa: SLF001
        read.thread.start()
        read.thread.join(60)
        assert read.done and "_meta" in read.sheets and PATENT_LISTING.sheet not in read.sheets
        assert early.claimed()  # (and then closed)
        # not claimed: parsed as ever
        claims_in, claims_out = os.pipe()
        monkeypatch.setattr(early, "_claims", claims_in)
        read = early._EarlyRead(first)  # noqa: SLF001
        read.thread.start()
        read.thread.join(60)
        assert PATENT_LISTING.sheet in read.sheets
        assert not early.claimed()
    finally:
        os.close(claims_out)
