"""Reading the workbook of `ipledger import FILE` while the program is still starting.

Before an import reads its first row the program loads its modules (SQLAlchemy, the models, the
merge: ~0.35 s) and opens the ledger, one core busy and the other idle. The file's safety scan and
calamine's parse of its sheets need none of that, and calamine lets go of Python's lock for about
half of its work: begun in a thread as the program starts (app.cli.main.run), they run beside the
program's start. The reader takes the workbook once it is scanned and opened (`take`) and each
sheet as it is parsed (_meta first), instead of parsing the file again. On a PC whose cores are all
busy with other programs the thread only shares the one core: about as fast as reading after the
start (measured at load 4.8 on 2 cores).

Nothing here decides anything: the scan's verdict is the one app.exchange.safety remembers for the
file (the reader's own check finds it there), a sheet that failed to parse is parsed again by the
reader (and fails as it would have), and a file changed or replaced since is read afresh.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

# A sheet larger than this is streamed by the reader, never loaded whole; the parse is then left to
# it (= app.exchange.reader.STREAM_OVER, tests/test_early_read.py holds the two equal).
STREAM_OVER = 16 << 20
# The sheets are all parsed at once here, where the reader parses one at a time: only when their
# file's parts are at most this in all (a 25,724-row submission's are 26 MB; its largest sheet 14 MB).
HELD_AT_MOST = 2 * STREAM_OVER
# The options of `import`: followed by a value, and flags (tests/test_early_read.py holds them to the parser's).
WITH_VALUE = ("--received", "--unit")
FLAGS = ("--dry-run", "--json", "--take-theirs", "--skip-bad", "--consolidated", "--follow-up")
# The reader's waits for this thread are cut into steps of this many seconds. Python on Windows sees
# Ctrl+C only when a wait returns: waiting without a limit, the import went on until the sheet's
# whole parse (or the file's scan) had ended, deaf to the user.
WAIT_STEP = 0.1

# =0: never fork (read in the thread, as on Windows); =1: fork however busy the cores are (the tests).
FORK = "IPLEDGER_FORK"

_lock = threading.Lock()
_reads: dict[str, _EarlyRead] = {}
_forks: dict[str, _ForkedRead] = {}


class _EarlyRead:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.stat = _identity(path)
        self.workbook: object = None  # a python_calamine.CalamineWorkbook, used by this thread only until it ends
        self.names: list[str] = []
        self.sheets: dict[str, object] = {}  # name → CalamineSheet, parsed
        self.done = False  # no more sheets will come
        self.opened = threading.Event()  # scanned, and the workbook opened (or found not to open)
        self.parsed = threading.Condition()
        self.thread = threading.Thread(target=self._read, name="early read", daemon=True)

    def _read(self) -> None:
        try:
            from app.exchange.safety import check_workbook_file

            facts = check_workbook_file(self.path)  # remembered for the reader's own check
            from python_calamine import CalamineWorkbook

            self.workbook = CalamineWorkbook.from_path(str(self.path))
            self.names = list(self.workbook.sheet_names)
        except BaseException:  # noqa: BLE001 - unsafe, damaged, gone: the reader finds it so and says why
            self.workbook = None
        finally:
            self.opened.set()
        try:
            if self.workbook is None:
                return
            parts = [p.size for p in facts.parts.values()]  # (the sheets, wherever the file keeps them)
            if max(parts, default=0) > STREAM_OVER or sum(parts) > HELD_AT_MOST:
                return  # the reader streams a sheet, or parses one at a time: memory as before
            # In the order the reader asks for them: _meta (which says what the file is) first.
            for name in sorted(self.names, key=lambda n: n != "_meta"):
                try:
                    sheet = self.workbook.get_sheet_by_name(name)
                except BaseException:  # noqa: BLE001 - (pyo3's panic too) the reader parses it again and says why
                    continue
                with self.parsed:
                    self.sheets[name] = sheet
                    self.parsed.notify_all()
        finally:
            with self.parsed:
                self.done = True
                self.parsed.notify_all()


class _Parsed:
    """The workbook as the reader uses it: its sheet names, and each sheet, parsed here already (the
    reader waits for the sheet it asks for, not for them all) or, failing that, once the early
    reading has ended, by the workbook itself."""

    def __init__(self, read: _EarlyRead) -> None:
        self._read = read
        self.sheet_names = read.names

    def get_sheet_by_name(self, name: str) -> object:
        read = self._read
        with read.parsed:
            while not (name in read.sheets or read.done):
                read.parsed.wait(WAIT_STEP)
            sheet = read.sheets.pop(name, None)  # (let go once taken: the reader holds it while it reads)
        if sheet is not None:
            return sheet
        while read.thread.is_alive():
            read.thread.join(WAIT_STEP)
        return read.workbook.get_sheet_by_name(name)


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        s = path.stat()
    except OSError:
        return None
    return (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns)


def _key(path: Path) -> str:
    return os.path.realpath(path)


class _ForkedRead:
    """The file read by a forked child; its answer (the pickled ReadResult and the log records the
    reading made) gathered by a thread of this process as it comes, so the child never waits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stat = _identity(path)
        self.chunks: list[bytes] = []
        parent = os.getpid()
        fd_in, fd_out = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(fd_in)
            _child(path, fd_out, parent)
        os.close(fd_out)
        self.fd = fd_in
        self.thread = threading.Thread(target=self._receive, name="forked read", daemon=True)
        self.thread.start()

    def _receive(self) -> None:
        try:
            while chunk := os.read(self.fd, 1 << 20):
                self.chunks.append(chunk)
        except OSError:
            self.chunks = []
        finally:
            os.close(self.fd)

    def answer(self) -> object | None:
        """The child's ReadResult once it has ended; None when it sent none that unpickles."""
        while self.thread.is_alive():
            self.thread.join(WAIT_STEP)
        import logging

        status = _reap(self.pid)
        data, self.chunks = b"".join(self.chunks), []
        try:
            if status != 0 or not data:
                raise EOFError(f"exit status {status}, {len(data)} bytes")
            result, records = pickle.loads(data)
        except Exception as exc:  # noqa: BLE001 - (killed, cut short) the reader reads the file here
            logging.getLogger(__name__).warning("the child reading %s failed (%r); reading here", self.path, exc)
            return None
        for record in records:  # the reading's log lines, in this process's log
            logging.getLogger(record["name"]).handle(logging.makeLogRecord(record))
        return result

    def end(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        _reap(self.pid)


def _reap(pid: int) -> int | None:
    """The child's exit status (0 when it sent its answer), once it has ended; None if it is gone."""
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def _child(path: Path, out: int, parent: int) -> None:
    """The forked child: read the file, send the ReadResult and the log records made, exit."""
    global _lock
    code = 1
    try:
        _lock = threading.Lock()  # (forked while the program held it)
        _forks.clear()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the program's to answer (已中断。)
        _die_with(parent)
        import logging

        records: list[dict[str, object]] = []

        class Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if record.exc_info and not record.exc_text:
                    record.exc_text = logging.Formatter().formatException(record.exc_info)
                records.append({**record.__dict__, "msg": record.getMessage(), "args": None, "exc_info": None})

        root = logging.getLogger()
        root.handlers[:] = [Keep()]
        root.setLevel(logging.INFO)
        begin(path, fork=False)
        from app.exchange.reader import read_workbook

        data = pickle.dumps((read_workbook(path), records), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(out, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # noqa: BLE001 - nothing sent: the program reads the file itself
        pass
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:
    """Have the kernel end this child when the program ends (killed, or crashed) before it."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the program ended before that took hold
        os._exit(1)


def can_fork() -> bool:
    """Whether the reading goes to a forked child: on Linux, with a core for it (two or more this
    process may use, and not all of them busy with other processes)."""
    choice = os.environ.get(FORK)
    if sys.platform != "linux" or not hasattr(os, "fork") or choice == "0":
        return False
    if choice == "1":
        return True
    try:
        cores = len(os.sched_getaffinity(0))
        runnable = int(Path("/proc/loadavg").read_text().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return cores >= 2 and runnable - 1 < cores


def begin(path: Path, fork: bool = False) -> None:
    """Start reading `path` in a thread, or with `fork` in a forked child where it can (when it is a
    file and not being read already). Forking is for a process that has no other thread yet."""
    path = Path(path)
    if not path.is_file():
        return
    with _lock:
        key = _key(path)
        if key in _reads or key in _forks:
            return
        if fork and can_fork():
            try:
                _forks[key] = _ForkedRead(path)
                return
            except OSError:
                pass  # (no process to be had) read in the thread
        _reads[key] = read = _EarlyRead(path)
    read.thread.start()


def finished(path: Path) -> object | None:
    """The ReadResult of `path` read by a forked child, once it has ended; None when it was not
    forked, or the child failed, or the file has changed since (the reader then reads it)."""
    if not _forks:
        return None
    with _lock:
        read = _forks.pop(_key(Path(path)), None)
    if read is None:
        return None
    try:
        result = read.answer()
    except BaseException:  # Ctrl+C while waiting: the child goes with the command
        read.end()
        raise
    if read.stat is None or _identity(Path(path)) != read.stat:
        return None
    return result


def end() -> None:
    """End the children still reading (the command ended before it took their files: an error, Ctrl+C)."""
    with _lock:
        reads = list(_forks.values())
        _forks.clear()
    for read in reads:
        read.end()


def take(path: Path) -> _Parsed | None:
    """The workbook read early for `path`, once it is scanned and opened (its sheets follow as they
    are parsed); None when its reading was not begun, or failed, or the file has changed since (the
    reader then reads it as usual)."""
    if not _reads:
        return None
    with _lock:
        read = _reads.pop(_key(Path(path)), None)
    if read is None:
        return None
    while not read.opened.wait(WAIT_STEP):
        pass
    if read.workbook is None or read.stat is None or _identity(Path(path)) != read.stat:
        return None
    return _Parsed(read)


def import_file(argv: Sequence[str]) -> Path | None:
    """The one workbook an `ipledger [--db PATH] import [OPTIONS] FILE` command line names; None for
    any other command line, or several files (read in turn, or by the read-ahead helper process), or
    anything this simple reading of it is unsure of (the parser decides; this only reads ahead)."""
    rest = list(argv)
    while rest and rest[0] != "import":
        if rest[0] == "--db" and len(rest) >= 2:
            rest = rest[2:]
        elif rest[0].startswith("--db="):
            rest = rest[1:]
        else:
            return None
    files, rest = [], rest[1:]
    while rest:
        word = rest.pop(0)
        if word in WITH_VALUE:  # --unit NAME
            if not rest:
                return None
            rest.pop(0)
        elif word in FLAGS or word.startswith(tuple(f"{o}=" for o in WITH_VALUE)):
            continue
        elif word.startswith("-"):
            return None  # an option not known here (-h, an abbreviation): left to the parser
        else:
            files.append(word)
    if len(files) != 1 or not files[0].lower().endswith((".xlsx", ".xlsm")):
        return None
    return Path(files[0])
