"""How the read-ahead hands files to its helper process and reads some here (app.exchange.read_ahead),
with a stand-in pool whose helper is always behind: the order kept, no file read twice, memory held
to a few files, and a plan given up half way stops the helper instead of waiting for it."""

from __future__ import annotations

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

    monkeypatch.setattr(read_ahead, "ProcessPoolExecutor", Pool)
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
    monkeypatch.setattr(read_ahead, "ProcessPoolExecutor", _hung_pool(seen, log))
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
