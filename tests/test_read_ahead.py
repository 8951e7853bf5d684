"""How the read-ahead hands files to its helper process and reads some here (app.exchange.read_ahead),
with a stand-in pool whose helper is always behind: the order kept, no file read twice, memory held
to a few files, and a plan given up half way stops the helper instead of waiting for it."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

from app.exchange import read_ahead
from app.exchange.reader import ReadResult


class _Behind(Future):
    """A helper's answer that is never ready before it is asked for."""

    def __init__(self, path: Path, log: list) -> None:
        super().__init__()
        self.path, self.log = path, log

    def done(self) -> bool:
        return False

    def result(self, timeout: float | None = None) -> ReadResult:
        self.log.append(("helper", self.path.name))
        return ReadResult(self.path)


def _stand_in(monkeypatch, log: list) -> dict:  # noqa: ANN001
    seen: dict = {}

    class Pool:
        def __init__(self, **_kw: object) -> None:
            seen["pool"] = self

        def submit(self, _fn, path: Path) -> Future:  # noqa: ANN001
            return _Behind(path, log)

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            seen["shutdown"] = (wait, cancel_futures)

    def read_here(path: Path) -> ReadResult:
        log.append(("here", path.name))
        return ReadResult(path)

    monkeypatch.setattr(read_ahead, "Helper", Pool)
    monkeypatch.setattr(read_ahead, "read_workbook", read_here)
    return seen


def test_while_the_helper_is_behind_one_file_at_a_time_is_read_here(tmp_path, monkeypatch) -> None:
    log: list = []
    seen = _stand_in(monkeypatch, log)
    paths = [tmp_path / f"{i:02}.xlsx" for i in range(12)]
    for p in paths:
        p.write_bytes(b"x")
    for result in read_ahead.read_all(paths, helper=True):
        log.append(("planned", result.path.name))
    assert [name for what, name in log if what == "planned"] == [p.name for p in paths]
    assert sorted(name for what, name in log if what != "planned") == [p.name for p in paths]  # each once
    between = [0]
    for what, _name in log:
        if what == "here":
            between[-1] += 1
        elif what == "planned":
            between.append(0)
    assert max(between) == 1  # never the rest of the batch at once while one file is slow
    assert seen["shutdown"] == (True, False)


def test_a_plan_given_up_half_way_stops_the_helper_without_waiting(tmp_path, monkeypatch) -> None:
    log: list = []
    seen = _stand_in(monkeypatch, log)
    paths = [tmp_path / f"{i}.xlsx" for i in range(8)]
    for p in paths:
        p.write_bytes(b"x")
    results = read_ahead.read_all(paths, helper=True)
    next(results)
    results.close()  # the planning failed on the first file
    assert seen["shutdown"] == (False, True)


class _Hung(Future):
    """A helper that never answers (as one did under Wine on a large batch)."""

    def __init__(self, path: Path, log: list) -> None:
        super().__init__()
        self.path, self.log = path, log

    def done(self) -> bool:
        return False

    def result(self, timeout: float | None = None) -> ReadResult:
        if timeout is None:
            self.log.append(("waited for ever", self.path.name))  # a real one would never return
        raise TimeoutError


def test_a_helper_that_never_answers_is_given_up_and_the_files_are_read_here(tmp_path, monkeypatch) -> None:
    log: list = []
    seen = _stand_in(monkeypatch, log)
    monkeypatch.setattr(read_ahead, "Helper", _hung_pool(seen, log))
    monkeypatch.setattr(read_ahead, "PATIENCE", 0.3)  # (90 s: this helper's answers never come)
    paths = [tmp_path / f"{i:02}.xlsx" for i in range(6)]
    for p in paths:
        p.write_bytes(b"x" * (read_ahead.READ_HERE_MAX + 1))  # large: none is read here while waiting
    planned = [result.path.name for result in read_ahead.read_all(paths, helper=True)]
    assert planned == [p.name for p in paths]  # every file, in order, read here after all
    assert not [entry for entry in log if entry[0] == "waited for ever"]
    assert sorted(name for what, name in log if what == "here") == [p.name for p in paths]
    assert seen["shutdown"] == (False, True)  # the hung helper is stopped, not waited for


def _hung_pool(seen: dict, log: list):  # noqa: ANN202
    class Pool:
        def __init__(self, **_kw: object) -> None:
            seen["pool"] = self

        def submit(self, _fn, path: Path) -> Future:  # noqa: ANN001
            return _Hung(path, log)

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            seen["shutdown"] = (wait, cancel_futures)

    return Pool


def test_no_helper_when_other_processes_keep_every_core_busy(tmp_path: Path) -> None:
    """Four officers importing on one 2-core PC each started a helper that got no core of its own:
    only its start and the copying of every file's rows between the processes (Linux: the runnable
    count of /proc/loadavg; where it cannot be read, a helper as before)."""
    import os

    cores = os.cpu_count() or 1
    busy, idle = tmp_path / "busy", tmp_path / "idle"
    busy.write_text(f"3.10 2.05 1.00 {cores + 1}/412 31337\n")  # this process and one per core besides
    idle.write_text("0.20 0.10 0.05 1/412 31337\n")
    assert read_ahead.cores_taken(busy)
    assert not read_ahead.cores_taken(idle)
    assert not read_ahead.cores_taken(tmp_path / "absent")  # Windows, macOS: not known


def test_the_helper_loads_what_reading_needs_not_the_database_layer() -> None:
    """The helper process imports the reader only: SQLAlchemy and the ORM models (some 25 MB of the
    helper's memory) are not loaded for reading workbooks."""
    import subprocess
    import sys

    code = "import sys, app.exchange.read_ahead; print([m for m in ('sqlalchemy', 'db.models') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def _listings(path: Path, rows: int, bad_at: int | None = None) -> Path:
    """A hand-filled listing sheet of `rows` rows (several blocks of packed.BLOCK_ROWS), long titles
    so that a block is more than a pipe holds; a patent number with a wrong check digit at row
    `bad_at`, if given."""
    from openpyxl import Workbook

    from app.exchange.packed import BLOCK_ROWS
    from app.vocabulary.validators import patent_check_digit

    assert rows > 2 * BLOCK_ROWS
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("专利超市挂牌")
    ws.append(["专利号", "专利名称", "专利权人", "交易方式", "挂牌日期", "挂牌状态"])
    for i in range(rows):
        digits = f"2023{1 + i % 2}{i:07d}"
        check = patent_check_digit(digits)
        if i + 2 == bad_at:
            check = "X" if check != "X" else "0"
        ws.append(
            [f"{digits}.{check}", f"一种检测装置及其控制方法第{i}号" * 8, "华东师范大学", "转让", "2025-01-05", "在架"]
        )
    wb.save(path)
    return path


def _outcome(result: ReadResult) -> tuple[object, ...]:
    rows = [(r.kind.key, r.row, dict(r.values), r.unit, r.record_id, r.cells_digest, r.untouched) for r in result.rows]
    return result.path.name, result.hash, rows, [str(i) for i in result.issues], result.uncovered


def test_blocks_sent_on_as_read_and_a_helper_killed_mid_file_give_what_reading_here_gives(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    """The helper sends each block of rows as it reads it; killed (SIGKILL) after the first block
    of a file came, that file and the rest are read here: every file's rows, digests and messages
    are those of reading it here, and a file refused after some of its blocks were sent keeps none."""
    import logging

    from app.exchange.packed import BLOCK_ROWS

    paths = [
        _listings(tmp_path / "0-refused-late.xlsx", 3 * BLOCK_ROWS, bad_at=3 * BLOCK_ROWS - 5),
        _listings(tmp_path / "1-large.xlsx", 3 * BLOCK_ROWS + 7),
        _listings(tmp_path / "2-large.xlsx", 2 * BLOCK_ROWS + 1),
    ]
    here = [_outcome(read_ahead.read_workbook(p)) for p in paths]
    assert here[0][3] and not here[0][2]  # refused: no rows
    assert len(here[1][2]) == 3 * BLOCK_ROWS + 7

    assert [_outcome(r) for r in read_ahead.read_all(paths, helper=True)] == here  # the helper read them all

    killed: list[int] = []

    class KilledOnFirstBlock(dict):
        """The blocks received of each file: the helper is killed as the first of file 1 comes."""

        def __init__(self, helper: read_ahead.Helper) -> None:
            super().__init__()
            self.helper = helper

        def __setitem__(self, n: int, blocks: list) -> None:
            super().__setitem__(n, _KillOnAppend(self.helper, killed) if n == 1 else blocks)

    class Watched(read_ahead.Helper):
        def __init__(self) -> None:
            super().__init__()
            self._blocks = KilledOnFirstBlock(self)

    monkeypatch.setattr(read_ahead, "Helper", Watched)
    monkeypatch.setattr(read_ahead, "_small", lambda _path: False)  # every file left to the helper
    with caplog.at_level(logging.WARNING, logger=read_ahead.__name__):
        assert [_outcome(r) for r in read_ahead.read_all(paths, helper=True)] == here
    assert killed  # mid-file: a block of file 1 had come, the file had not
    assert any("helper process failed on" in r.getMessage() for r in caplog.records)


class _KillOnAppend(list):
    def __init__(self, helper: read_ahead.Helper, killed: list) -> None:
        super().__init__()
        self.helper, self.killed = helper, killed

    def append(self, block: object) -> None:
        if not self.killed:
            process = self.helper._process  # noqa: SLF001
            process.kill()
            process.join()
            self.killed.append(process.exitcode)
        super().append(block)


def _watch_helpers(monkeypatch) -> list[read_ahead.Helper]:  # noqa: ANN001
    """The real helpers read_all starts, kept in the list returned as they are made."""
    made: list[read_ahead.Helper] = []

    class Watched(read_ahead.Helper):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(read_ahead, "Helper", Watched)
    return made


def test_ctrl_c_in_the_terminal_leaves_the_helper_reading_and_prints_no_traceback(
    tmp_path: Path, monkeypatch, capfd
) -> None:
    """Ctrl+C reaches every process of the terminal's job, the helper too: the planning process
    says 已中断。 (app.cli.main) and stops the helper itself; the helper prints no traceback of its
    own, and while the planning process goes on, goes on reading."""
    import signal

    from app.exchange.packed import BLOCK_ROWS

    paths = [_listings(tmp_path / f"{i}.xlsx", 2 * BLOCK_ROWS + 1) for i in range(3)]
    here = [_outcome(read_ahead.read_workbook(p)) for p in paths]
    made = _watch_helpers(monkeypatch)
    monkeypatch.setattr(read_ahead, "_small", lambda _path: False)
    outcomes = []
    for result in read_ahead.read_all(paths, helper=True):
        if not outcomes:  # the helper has read a file: it is serving
            os.kill(made[0]._process.pid, signal.SIGINT)  # noqa: SLF001
        outcomes.append(_outcome(result))
    assert outcomes == here
    assert made[0]._process.exitcode == 0  # noqa: SLF001 - it ended when told there were no more files
    assert "Traceback" not in capfd.readouterr().err


def test_ctrl_c_while_the_import_waits_for_the_helper_stops_it_and_the_helper(tmp_path: Path, monkeypatch) -> None:
    """Found in review: the wait for the helper's file was one wait of up to 90 s, which Python on
    Windows does not interrupt for Ctrl+C. It is cut into short steps (Linux hears the signal either
    way: this pins what the user sees — the import stopped in its wait, the helper stopped with it)."""
    import traceback

    from app.exchange.packed import BLOCK_ROWS
    from tests.interrupts import interrupted_by_ctrl_c

    path = _listings(tmp_path / "large.xlsx", 10 * BLOCK_ROWS)  # (read in about a second)
    made = _watch_helpers(monkeypatch)
    results = read_ahead.read_all([path], helper=True)
    stopped, returns = interrupted_by_ctrl_c(lambda: next(results), after=0.4)
    assert "_result" in [f.name for f in traceback.extract_tb(stopped.__traceback__)]  # in the wait
    assert returns >= 2  # the wait came back to Python while the helper read, as Windows needs
    assert not made[0]._process.is_alive()  # noqa: SLF001 - stopped, not left reading


PLANNER = """
import sys
from pathlib import Path
from app.exchange import read_ahead

class Told(read_ahead.Helper):
    def submit(self, fn, path):
        future = super().submit(fn, path)
        print(self._process.pid, flush=True)  # the helper has its file: kill -9 may come
        return future

read_ahead.Helper = Told
for _ in read_ahead.read_all([Path(sys.argv[1])], helper=True):
    pass
"""


def test_an_importer_killed_while_its_helper_reads_leaves_it_to_end_quietly(tmp_path: Path) -> None:
    """kill -9 of the importing process while its helper reads: the helper's next block has no one to
    go to, and it ends without a traceback (it printed BrokenPipeError's into the officer's terminal)."""
    from app.exchange.packed import BLOCK_ROWS

    path = _listings(tmp_path / "large.xlsx", 10 * BLOCK_ROWS)  # (read in about a second)
    planner = subprocess.Popen(
        [sys.executable, "-c", PLANNER, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    helper = int(planner.stdout.readline())
    planner.kill()
    planner.wait()
    _, err = planner.communicate(timeout=120)  # the helper holds the same stderr: its end is the end of it
    assert not Path(f"/proc/{helper}").exists() or "zombie" in Path(f"/proc/{helper}/status").read_text()
    assert "Traceback" not in err, err
    assert err == ""


def test_the_first_file_is_read_here_while_the_helper_starts(tmp_path, monkeypatch) -> None:
    """Starting the helper takes about half a second: the planning reads the batch's first file
    meanwhile instead of waiting for the helper to read it; the helper is given the others."""
    log: list = []

    class Pool:
        def __init__(self, **_kw: object) -> None:
            pass

        def submit(self, _fn, path: Path) -> Future:  # noqa: ANN001
            log.append(("helper", path.name))
            future: Future = Future()
            future.set_result(ReadResult(path))
            return future

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    def read_here(path: Path) -> ReadResult:
        log.append(("here", path.name))
        return ReadResult(path)

    monkeypatch.setattr(read_ahead, "Helper", Pool)
    monkeypatch.setattr(read_ahead, "read_workbook", read_here)
    paths = [tmp_path / f"{i}.xlsx" for i in range(6)]
    for p in paths:
        p.write_bytes(b"x")
    assert [r.path for r in read_ahead.read_all(paths, helper=True)] == paths
    assert [name for what, name in log if what == "here"] == ["0.xlsx"]
    assert sorted(name for what, name in log if what == "helper") == [p.name for p in paths[1:]]
