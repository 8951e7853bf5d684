"""Reading a batch of workbooks on two cores: a helper process reads the next files while this one
plans the file before.

Reading (the safety scan, calamine's parse, every cell validated) is most of an import's time and
needs nothing of the ledger, so one helper process reads the files in order and hands each
ReadResult back, a few files ahead of the planning. Rather than wait for the helper, this process
reads the next file itself, which evens out the two processes' shares. A small batch is read here:
starting the helper costs about half a second. If the helper cannot start or stops, the files it
had not delivered are read here, so the outcome is the same either way.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from app.exchange.reader import ReadResult, read_workbook

log = logging.getLogger(__name__)

MIN_FILES = 3  # with fewer, planning has nothing to do while the helper reads the first
MIN_BYTES = 4 << 20  # a batch smaller than this reads here about as fast as a process starts
AHEAD = 3  # files read and held ahead of the planning (a 100,000-row file is ~150 MB read)
READ_HERE_MAX = 4 << 20  # the largest file this process reads while it would wait for the helper
ALWAYS = "IPLEDGER_READ_AHEAD"  # =1: use the helper for any batch (the frozen build's smoke test)
# How long one file may take in the helper before this process stops waiting and reads the rest
# itself: a 100,000-row file takes seconds, so this only ends a helper that hangs (seen under Wine,
# where a large batch never came back) — an import is never left waiting for ever.
PATIENCE = 90.0


def worth_a_helper(paths: Sequence[Path]) -> bool:
    if os.environ.get(ALWAYS) == "1":
        return len(paths) >= 2
    if len(paths) < MIN_FILES or (os.cpu_count() or 1) < 2 or cores_taken():
        return False
    total = 0
    for p in paths:
        try:
            total += Path(p).stat().st_size
        except OSError:
            continue  # the reader says what is wrong with it
    return total >= MIN_BYTES


def cores_taken(loadavg: Path = Path("/proc/loadavg")) -> bool:
    """Whether other processes keep every core busy right now (Linux: the runnable count in
    /proc/loadavg, this process included). A helper then gets no core of its own and only adds its
    start and the copying of every file's rows between the two processes: four officers' imports
    on one 2-core PC spent about 3 s more CPU on it than reading here. Elsewhere: not known (False)."""
    try:
        runnable = int(loadavg.read_text().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return runnable - 1 >= (os.cpu_count() or 1)


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
        # The helper only reads: its collector stays off (see app.collector)
        pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=gc.disable
        )
    except (OSError, ValueError, NotImplementedError) as exc:
        log.warning("no helper process for reading (%r); reading here", exc)
        yield from map(read_workbook, paths)
        return
    pending: dict[int, Future[ReadResult]] = {}  # with the helper
    read_here: dict[int, ReadResult] = {}
    unclaimed = 0  # the first file neither with the helper nor read here
    working = True

    def room() -> bool:  # at most AHEAD + 1 files read (or being read) ahead of the planning
        return len(pending) + len(read_here) <= AHEAD and unclaimed < len(paths)

    def hand_over() -> None:
        nonlocal unclaimed, working
        while working and room():
            try:
                pending[unclaimed] = pool.submit(_read_in_helper, paths[unclaimed])
            except (BrokenProcessPool, RuntimeError, OSError) as exc:
                log.warning("helper process unavailable (%r); reading here", exc)
                working = False
                return
            unclaimed += 1

    finished = False
    try:
        hand_over()
        for i, path in enumerate(paths):
            future = pending.pop(i, None)
            # Rather than wait for the helper, read the next unclaimed file here (a small one:
            # a 100,000-row file is better read by the helper, away from the rows planned here).
            while future is not None and not future.done() and room() and _small(paths[unclaimed]):
                read_here[unclaimed] = read_workbook(paths[unclaimed])
                unclaimed += 1
            result = read_here.pop(i, None)
            if future is not None:
                try:  # once the helper is given up, only what it has already finished is taken
                    result = future.result(timeout=PATIENCE if working else 0)
                except Exception as exc:  # noqa: BLE001 - the helper stopped, hangs, or its answer did not come through
                    if working:
                        log.warning("helper process failed on %s (%r); reading here", path, exc)
                    working = False
            hand_over()
            yield result if result is not None else read_workbook(path)
        finished = True
    finally:
        if finished and working:
            pool.shutdown(wait=True)
        else:  # a plan given up half way (an error, Ctrl+C) or a helper given up: stopped, not waited for
            pool.shutdown(wait=False, cancel_futures=True)
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()


def _read_in_helper(path: Path) -> ReadResult:
    """read_workbook in the helper, its freed memory given back before the result is pickled to
    be sent: the pickle (a copy of the rows' blocks) is made on top of what the reading keeps, not
    of all it took (the bench's stress batch: the helper's peak 125 -> 121 MB)."""
    result = read_workbook(path)
    _trim()
    return result


def _trim() -> None:
    global _malloc_trim
    if _malloc_trim is None:
        _malloc_trim = False
        if sys.platform == "linux":
            with contextlib.suppress(OSError, AttributeError):  # not glibc (musl)
                _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim: object = None  # glibc's malloc_trim, False where there is none


def _small(path: Path) -> bool:
    try:
        return path.stat().st_size <= READ_HERE_MAX
    except OSError:
        return True  # the reader says what is wrong with it, at once
