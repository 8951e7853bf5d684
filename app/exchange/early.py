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
                if name in _offered and _taken_yet():
                    continue  # (a forked child's last sheets the program has taken: read there, not parsed here)
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


class Ahead:
    """A forked child's early word, sent once it has read the file's _meta: the last sheets of the
    file it leaves to the program (`tail`, read there while it reads the others: the program,
    its modules loaded, would only wait), and what reading them takes from the rest of the file."""

    def __init__(self, tail: tuple[str, ...], meta: object, signature: object, formulas: dict) -> None:
        self.tail, self.meta, self.signature, self.formulas = tail, meta, signature, formulas


# A child leaves the program the smallest run of last sheets that holds at least TAIL_SHARE of
# their XML, if that run holds at most TAIL_MOST of it and the file's sheets DEFER_FROM bytes in
# all: the program, its modules loaded (~0.4 s after its start), reads them while the child reads
# the first ones (a 25,724-row submission: 质押融资 and 指标, 21 % of 24 MB; the child ~0.1 s sooner).
TAIL_SHARE, TAIL_MOST = 0.15, 0.35
DEFER_FROM = 4 << 20
CLAIM_WAIT = 0.0  # how long a child waits for the program to take them (the tests: a slow start)
_FRAME = 8  # each message on the pipe: its length (8 bytes, little-endian), then the pickle
_out: int | None = None  # in a forked child: the pipe to the program
_claims: int | None = None  # in a forked child: the pipe on which the program takes the sheets offered
_offered: frozenset[str] = frozenset()  # in a forked child: the sheets offered (leave)
_claim_lock = threading.Lock()  # (the pipe is looked at by the parse thread, taken and closed by the reader)


class _ForkedRead:
    """The file read by a forked child; its messages (an Ahead, perhaps, then the pickled
    ReadResult and the log records the reading made) gathered by a thread of this process as they
    come, so the child never waits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stat = _identity(path)
        self.messages: list[bytes] = []
        self.arrived = threading.Condition()
        self.ended = False  # the pipe closed: no more messages
        parent = os.getpid()
        fd_in, fd_out = os.pipe()
        claim_in, claim_out = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(fd_in)
            os.close(claim_out)
            _child(path, fd_out, claim_in, parent)
        os.close(fd_out)
        os.close(claim_in)
        self.fd, self.claims = fd_in, claim_out
        self.thread = threading.Thread(target=self._receive, name="forked read", daemon=True)
        self.thread.start()

    def _receive(self) -> None:
        data = bytearray()
        try:
            while chunk := os.read(self.fd, 1 << 20):
                data += chunk
                while len(data) >= _FRAME and len(data) >= _FRAME + (n := int.from_bytes(data[:_FRAME], "little")):
                    with self.arrived:
                        self.messages.append(bytes(data[_FRAME : _FRAME + n]))
                        self.arrived.notify_all()
                    del data[: _FRAME + n]
        except OSError:
            pass
        finally:
            os.close(self.fd)
            with self.arrived:
                self.ended = True
                self.arrived.notify_all()

    def ahead(self) -> Ahead | None:
        """The child's Ahead, once it has come; None when the child sends none (it reads the whole
        file), or ended without."""
        with self.arrived:
            while not (self.messages or self.ended):
                self.arrived.wait(WAIT_STEP)
            if not self.messages:
                return None
            try:
                found = pickle.loads(self.messages[0])
            except Exception:  # noqa: BLE001 - (cut short) answer() says so
                return None
            if isinstance(found, Ahead):
                self.messages.pop(0)
                return found
            return None

    def claim(self) -> bool:
        """Take the sheets the child offered (Ahead), unless its answer has come already; whether
        they may be read here (the answer says whether the child had come to them first)."""
        with self.arrived:
            if self.messages or self.ended:
                return False
        try:
            os.write(self.claims, b"1")
        except OSError:  # (the child has ended)
            return False
        return True

    def answered(self) -> bool:
        """Whether the child has sent its answer (or ended) already."""
        with self.arrived:
            return bool(self.messages) or self.ended

    def answer(self) -> object | None:
        """The child's ReadResult once it has ended; None when it sent none that unpickles."""
        while self.thread.is_alive():
            self.thread.join(WAIT_STEP)
        import logging

        status = _reap(self.pid)
        messages, self.messages = self.messages, []
        try:
            if status != 0 or not messages:
                raise EOFError(f"exit status {status}, {len(messages)} messages")
            found = pickle.loads(messages[-1])
            if isinstance(found, Ahead):
                raise EOFError("an Ahead and no answer")
            result, records = found
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
        self.close()

    def close(self) -> None:
        claims, self.claims = self.claims, -1
        if claims >= 0:
            with contextlib.suppress(OSError):
                os.close(claims)


def _send(out: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_FRAME, "little") + data)
    while view:
        view = view[os.write(out, view) :]


def leaving() -> bool:
    """Whether this is a forked child reading for the program (which may take some sheets: leave)."""
    return _out is not None


def leave(result: object, sizes: Sequence[tuple[str, int]], formulas: dict) -> tuple[str, ...]:
    """In a forked child (app.exchange.reader._read, the _meta read): the last sheets it offers to
    leave to the program (see TAIL_SHARE), the program told so; () anywhere else, or for a file too
    small to gain from it. The child reads them all the same unless the program has taken them by
    the time it comes to them (claimed): a program still loading its modules would only be late."""
    total = sum(size for _name, size in sizes)
    if _out is None or total < DEFER_FROM or len(sizes) < 2:
        return ()
    tail: list[str] = []
    held = 0
    for name, size in reversed(sizes[1:]):  # (the child keeps at least the first sheet)
        tail.insert(0, name)
        held += size
        if held >= TAIL_SHARE * total:
            break
    if not TAIL_SHARE * total <= held <= TAIL_MOST * total:
        return ()
    import dataclasses

    from app.exchange.reader import normalize_header

    meta = result.meta
    if meta is not None:  # only the digests of the sheets left (a 100,000-row file's are ~6 MB)
        keep = {normalize_header(name) for name in tail}
        meta = dataclasses.replace(meta, digests={k: v for k, v in meta.digests.items() if k in keep})
    global _offered
    _offered = frozenset(tail)
    _send(_out, Ahead(tuple(tail), meta, result.signature, {n: formulas[n] for n in tail if n in formulas}))
    return tuple(tail)


def _taken_yet() -> bool:
    """In a forked child: whether the program has claimed the sheets offered, as far as can be told
    without taking the claim (the parse thread's question: not to parse what the program reads)."""
    import select

    with _claim_lock:
        if _claims is None:
            return False
        try:
            return bool(select.select([_claims], [], [], 0)[0])
        except (OSError, ValueError):
            return False


def claimed() -> bool:
    """In a forked child come to the sheets it offered the program (leave): whether the program
    has taken them (it reads them itself); if not yet, the child reads them and they are no longer
    the program's to take."""
    global _claims
    import select

    with _claim_lock:
        claims, _claims = _claims, None
    if claims is None:
        return False
    try:
        taken = bool(select.select([claims], [], [], CLAIM_WAIT)[0]) and os.read(claims, 1) == b"1"
    except OSError:
        taken = False
    os.close(claims)  # (a claim the program makes later finds the pipe closed: the child read them)
    return taken


def _reap(pid: int) -> int | None:
    """The child's exit status (0 when it sent its answer), once it has ended; None if it is gone."""
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def _child(path: Path, out: int, claims: int, parent: int) -> None:
    """The forked child: read the file, send the ReadResult and the log records made, exit."""
    global _lock, _claim_lock, _out, _claims
    code = 1
    try:
        _lock, _claim_lock = threading.Lock(), threading.Lock()  # (forked while the program held it)
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

        _out, _claims = out, claims  # (leave: an Ahead may go first)
        _send(out, (read_workbook(path), records))
        os.close(out)
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
    forked, or the child failed, or the file has changed since (the reader then reads it). The
    last sheets the child left to this process (leave) are read here while it reads the others."""
    if not _forks:
        return None
    with _lock:
        read = _forks.pop(_key(Path(path)), None)
    if read is None:
        return None
    from app.exchange import reader

    try:
        ahead = read.ahead()
        side = None
        if ahead is not None and read.stat is not None and _identity(Path(path)) == read.stat and read.claim():
            side = reader.read_tail(Path(path), ahead)
        if ahead is not None and not read.answered():
            _load_for(ahead)
        result = read.answer()
        read.close()
        if read.stat is None or _identity(Path(path)) != read.stat or result is None:
            return None
        return reader.take_tail(result, side, ahead)
    except BaseException:  # Ctrl+C while waiting: the child goes with the command
        read.end()
        raise


def _load_for(ahead: Ahead) -> None:
    """What the program loads once the file is read, loaded while it would only wait for the child:
    a validly signed file's signer is told by its key, which loads cryptography (~20 ms)."""
    from app.exchange import signing

    if getattr(ahead.signature, "state", None) == signing.VALID:
        with contextlib.suppress(ImportError):
            import cryptography.hazmat.primitives.asymmetric.ed25519
            import cryptography.hazmat.primitives.serialization  # noqa: F401


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
