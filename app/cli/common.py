"""What every command of the command line shares: exit codes, the usage error, the ledger's path
and reading a period argument. app.cli.main and the command modules (plans, prefill, review) import
it; it imports none of them."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.paths import default_ledger_path
from app.vocabulary.periods import Period, PeriodError, parse_period

OK, FAILED, USAGE = 0, 1, 2


class UsageError(ValueError):
    """Bad arguments the parser could not catch (exit code 2)."""


def ledger_path(args: argparse.Namespace) -> Path:
    return args.db if args.db else default_ledger_path()


def parse_period_arg(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise UsageError(str(exc)) from None
