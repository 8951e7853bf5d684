"""Reading a batch of workbooks on two cores: a helper process reads the next files while this one
plans the file before.

Reading (the safety scan, calamine's parse, every cell validated) is most of an import's time and
needs nothing of the ledger, so one helper process reads the files in order and hands each
ReadResult back, a few files ahead of the planning. While the helper is behind, this process runs
the safety scan of the files it hands over, which evens out the two processes' shares. A small
batch is read here: starting the helper costs about half a second. If the helper cannot start or
stops, the files it had not delivered are read here, so the outcome is the same either way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from app.exchange.reader import ReadResult, read_workbook
from app.exchange.safety import UnsafeWorkbook, WorkbookFacts, check_workbook_file

log = logging.getLogger(__name__)

MIN_FILES = 3  # with fewer, planning has nothing to do while the helper reads the first
MIN_BYTES = 4 << 20  # a batch smaller than this reads here about as fast as a process starts
AHEAD = 2  # files read and held ahead of the planning (a 100,000-row file is ~150 MB read)
ALWAYS = "IPLEDGER_READ_AHEAD"  # =1: use the helper for any batch (the frozen build's smoke test)


def worth_a_helper(paths: Sequence[Path]) -> bool:
    if os.environ.get(ALWAYS) == "1":
        return len(paths) >= 2
    if len(paths) < MIN_FILES or (os.cpu_count() or 1) < 2:
        return False
    total = 0
    for p in paths:
        try:
            total += Path(p).stat().st_size
        except OSError:
            continue  # the reader says what is wrong with it
    return total >= MIN_BYTES


def _checked(path: Path) -> WorkbookFacts | None:
    """The safety scan (a fifth of reading), run here while the helper is behind; None when the
    file is refused: the helper then says why, as the reader does."""
    try:
        return check_workbook_file(path)
    except UnsafeWorkbook:
        return None


def read_all(paths: Sequence[Path], helper: bool | None = None) -> Iterator[ReadResult]:
    """Each file's ReadResult, in order. `helper` None decides by the batch's size."""
    paths = [Path(p) for p in paths]
    if helper is None:
        helper = worth_a_helper(paths)
    if not helper:
        yield from map(read_workbook, paths)
        return
    try:
        # spawn, as on Windows: a forked copy of a process with Qt and SQLite threads is unsafe
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, NotImplementedError) as exc:
        log.warning("no helper process for reading (%r); reading here", exc)
        yield from map(read_workbook, paths)
        return
    with pool:
        pending: dict[int, Future[ReadResult]] = {}
        working = True

        def submit(i: int) -> None:
            nonlocal working
            if working and i < len(paths):
                # The helper not done with the next file this process needs: it scans this one first.
                behind = bool(pending) and not pending[min(pending)].done()
                try:
                    pending[i] = pool.submit(read_workbook, paths[i], _checked(paths[i]) if behind else None)
                except (BrokenProcessPool, RuntimeError, OSError) as exc:
                    log.warning("helper process unavailable (%r); reading here", exc)
                    working = False

        for i in range(AHEAD + 1):
            submit(i)
        try:
            for i, path in enumerate(paths):
                future = pending.pop(i, None)
                result = None
                if future is not None:
                    try:
                        result = future.result()
                    except Exception as exc:  # noqa: BLE001 - the helper stopped, or its answer did not come through
                        log.warning("helper process failed on %s (%r); reading here", path, exc)
                        working = False
                submit(i + AHEAD + 1)
                yield result if result is not None else read_workbook(path)
        finally:
            for future in pending.values():  # a plan given up half way: nothing more is read
                future.cancel()
