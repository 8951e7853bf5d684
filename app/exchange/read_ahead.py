"""Reading a batch of workbooks on two cores: a helper process reads the next files while this one
plans the file before.

Reading (the safety scan, calamine's parse, every cell validated) is most of an import's time and
needs nothing of the ledger, so one helper process reads the files in order, a few files ahead of
the planning. It sends each block of rows (packed.RowBlock) on as soon as it is read, and the rest
of the file's ReadResult when the file is done: the helper never holds a file's rows, nor a pickled
copy of them (a 100,000-row file's blocks are some 13 MB, its pickle as much again). A thread of
this process takes the blocks in as they come, so the helper never waits for the planning, and the
ReadResult is put together here. Rather than wait for the helper, this process reads the next file
itself, which evens out the two processes' shares. A small batch is read here: starting the helper
costs about half a second (the batch's first file is read here meanwhile). If the helper cannot
start or stops, the files it had not delivered (whatever blocks of them had come) are read here, so
the outcome is the same either way.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from app.exchange.packed import RowBlock
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
WAIT_STEP = 0.1  # waits are cut into steps this long: Python on Windows hears Ctrl+C only between them


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
        pool = Helper()
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
        if len(paths) > 1 and _small(paths[0]):  # read here while the helper starts (~0.5 s), rather than wait for it
            unclaimed = 1
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
                    result = _result(future, PATIENCE if working else 0)
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


def _result(future: Future[ReadResult], patience: float) -> ReadResult:
    """The helper's answer, waited for at most `patience` seconds (TimeoutError after), in steps of
    WAIT_STEP: on Windows a single long wait would not hear Ctrl+C until the helper's file is read."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return future.result(timeout=min(WAIT_STEP, max(0.0, deadline - time.monotonic())))
        except TimeoutError:
            if time.monotonic() >= deadline:
                raise


class Helper:
    """The helper process, given files one at a time (`submit`, as to an executor): each file's
    ReadResult comes back as a Future, its blocks gathered here as the helper sends them.

    Spawned, as on Windows: a forked copy of a process with Qt and SQLite threads is unsafe. Two
    pipes: the files to read go one way, the blocks and results the other; a thread of this
    process receives them (and fails every file not yet delivered when the helper stops)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        orders_in, self._orders = context.Pipe(duplex=False)
        self._answers, answers_out = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(orders_in, answers_out), daemon=True)
        self._process.start()
        orders_in.close()  # (the helper's ends: this process keeps none, so the helper's end is seen)
        answers_out.close()
        self._futures: dict[int, Future[ReadResult]] = {}
        self._blocks: dict[int, list[RowBlock]] = {}  # of the files being received
        self._numbers = itertools.count()
        self._stopped: BaseException | None = None
        self._lock = threading.Lock()
        self._receiver = threading.Thread(target=self._receive, name="read-ahead", daemon=True)
        self._receiver.start()

    def submit(self, fn: Callable[[Path], ReadResult], path: Path) -> Future[ReadResult]:
        future: Future[ReadResult] = Future()
        with self._lock:
            if self._stopped is not None:
                raise BrokenProcessPool(f"the helper process stopped ({self._stopped!r})")
            n = next(self._numbers)
            self._futures[n] = future
            self._blocks[n] = []
        self._orders.send((n, fn, str(path)))
        return future

    def _receive(self) -> None:
        answers = self._answers
        try:
            while True:
                what, n, item = answers.recv()
                if what == _BLOCK:
                    self._blocks[n].append(item)
                    continue
                with self._lock:
                    future, blocks = self._futures.pop(n), self._blocks.pop(n)
                if what == _DONE:
                    if not item.errors:  # (read_workbook keeps no rows of a file with errors)
                        item.blocks = blocks
                    future.set_result(item)
                else:
                    future.set_exception(BrokenProcessPool(f"the helper failed: {item}"))
        except BaseException as exc:  # noqa: BLE001 - the helper stopped (EOFError), or its answer did not come through
            with self._lock:
                self._stopped = exc
                futures, self._futures, self._blocks = list(self._futures.values()), {}, {}
            for future in futures:
                if not future.done():
                    future.set_exception(BrokenProcessPool(f"the helper process stopped ({exc!r})"))
        finally:
            answers.close()

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        if wait and not cancel_futures:
            with contextlib.suppress(OSError, ValueError):
                self._orders.send(None)  # no more files: the helper ends when it has sent its last
            self._process.join()
        else:
            self._process.terminate()
            self._process.join(timeout=5)
        with contextlib.suppress(OSError):
            self._orders.close()
        self._receiver.join(timeout=5)


_BLOCK, _DONE, _FAILED = "block", "done", "failed"


def _serve(orders, answers) -> None:  # noqa: ANN001 - the two ends of multiprocessing pipes
    """The helper process: reads the files it is sent, in order, until told there are no more. It
    only reads: its collector stays off (see app.collector). Ctrl+C in the terminal reaches it
    too: it is ignored here (the planning process stops the helper as it stops itself, with the
    one line 已中断。, not a traceback of the helper's)."""
    global _outbox
    gc.disable()
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            order = orders.recv()
        except EOFError:  # the planning process has gone
            return
        if order is None:
            return
        n, fn, path = order
        _outbox = _Outbox(answers, n)
        try:
            result = fn(Path(path))
        except Exception as exc:  # noqa: BLE001 - read_workbook names what is wrong with a file; anything else is the helper's
            _send(answers, (_FAILED, n, repr(exc)))
            continue
        finally:
            _outbox = None
        _send(answers, (_DONE, n, result))


def _send(answers, message: tuple) -> None:  # noqa: ANN001 - a multiprocessing Connection
    """Send, or end the helper quietly when no one is left to receive (the importing process was
    killed: it printed a BrokenPipeError's traceback into the terminal). SystemExit passes through
    the reader (which takes any other failure for a damaged file) and ends the process silently."""
    try:
        answers.send(message)
    except OSError:  # BrokenPipeError, ConnectionResetError
        raise SystemExit(0) from None


class _Outbox(list):
    """A ReadResult's `blocks` in the helper: each block sent on as the reader adds it, none kept."""

    def __init__(self, answers, n: int) -> None:  # noqa: ANN001 - a multiprocessing Connection
        super().__init__()
        self._answers, self._n = answers, n

    def append(self, block: RowBlock) -> None:
        _send(self._answers, (_BLOCK, self._n, block))


_outbox: _Outbox | None = None  # in the helper, while a file is read


def _read_in_helper(path: Path) -> ReadResult:
    """read_workbook in the helper, each block of rows sent on as it is read (the result keeps
    none: they are put back together in the planning process). Its freed memory is given back
    after each file, before the next one's reading."""
    result = read_workbook(path, blocks=_outbox)
    if _outbox is not None:
        result.blocks = []  # (sent)
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
