"""What every command of the command line shares: exit codes, the usage error, the ledger's path
and the options several commands take (--period, --unit, -o/--output, --json), each declared here
once. app.cli.main and the command modules (plans, prefill, review) import it; it imports none of them."""

from __future__ import annotations

import argparse
import contextlib
import gc
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import default_ledger_path

# The ledger and its database layer load when a command opens the ledger, not to read the command
# line: `ipledger --help` and the window's first frame go without them.
if TYPE_CHECKING:
    from app.store.ledger import Ledger
    from app.vocabulary.periods import Period
    from db.engine import Location

OK, FAILED, USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments (exit code 2). Not a ValueError: raised by an option's type= (a period that is
    not one), argparse lets it through to main(), which says it as it says every usage error."""


def ledger_path(args: argparse.Namespace) -> Location:
    """The ledger's place: a file path, or a database server's URL (SPEC §13). A URL of another
    kind is refused (LedgerError), never taken for a folder name."""
    from db.engine import parse_location

    return parse_location(args.db or default_ledger_path())


def open_ledger(args: argparse.Namespace) -> Ledger:
    """The ledger the command line names (--db, IPLEDGER_DB or the default), opened."""
    from app.store.ledger import Ledger

    ledger = Ledger(ledger_path(args))
    collect_from_now()
    return ledger


# Whether the program's start paused the collector (app/__main__.py, app.cli.main.run) and the
# command has not yet opened its ledger (app.cli.main.main sets it).
collector_waits = False


def collect_from_now() -> None:
    """The command's modules are loaded (it imports what it needs before it opens the ledger): the
    objects made so far, ~100,000 that live as long as the program, are set aside for good
    (gc.freeze) and the collector comes on. Turned on at the command's start, it went through them
    again and again while SQLAlchemy and the models loaded (~40 ms of every command)."""
    global collector_waits
    if collector_waits:
        collector_waits = False
        gc.freeze()
        gc.enable()


@contextlib.contextmanager
def ctrl_c_afterwards() -> Iterator[None]:
    """Ctrl+C pressed in the block (a short write, done in one transaction) interrupts once it is
    done, not half-way: the command can then say what was done. (Only the main thread hears it.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt


def parse_period_arg(text: str) -> Period:
    """A period as typed on the command line, parsed once: the type= of every --period."""
    from app.vocabulary.periods import PeriodError, parse_period

    try:
        return parse_period(text)
    except PeriodError as exc:
        raise UsageError(str(exc)) from None


def add_period(
    parser: argparse.ArgumentParser, help: str = "报告期，如 2025Q1、2025-03、2025H1、2025", *, required: bool = True
) -> None:
    """--period P: the command receives a Period (args.period), or None when it is optional and left out."""
    parser.add_argument("--period", type=parse_period_arg, required=required, metavar="P", help=help)


def add_unit(parser, help: str = "填报单位", *, required: bool = True, metavar: str = "U") -> None:  # noqa: ANN001
    """--unit U, a unit's name (`parser` may be a mutually exclusive group)."""
    parser.add_argument("--unit", required=required, metavar=metavar, help=help)


def output_arg(text: str) -> Path:
    """-o PATH; written with a trailing separator (``-o 反馈/``) it names a folder, made if missing, which
    the command then writes its file into under the file's usual name (Path drops the separator)."""
    path = Path(text)
    if text.endswith(("/", "\\")):
        path.mkdir(parents=True, exist_ok=True)
    return path


def add_output(
    parser: argparse.ArgumentParser, help: str = "输出文件", *, required: bool = True, metavar: str = "FILE"
) -> None:
    parser.add_argument("-o", "--output", type=output_arg, required=required, metavar=metavar, help=help)


def add_json(parser: argparse.ArgumentParser, help: str = "以 JSON 输出") -> None:
    parser.add_argument("--json", action="store_true", help=help)
