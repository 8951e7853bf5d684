"""The rotating log file in the user's log folder, for the window and the command line alike."""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

from app.paths import log_dir

LOG_NAME = "ipledger.log"


@cache
def _handler_class() -> type:
    """Our handler, told apart from any other on the root logger. logging.handlers (with socket,
    pickle and queue: ~10 ms) loads when the log is first set up, after the window's frame is shown."""
    import logging.handlers

    class _LedgerLogHandler(logging.handlers.RotatingFileHandler):
        pass

    return _LedgerLogHandler


def log_file() -> Path:
    return log_dir() / LOG_NAME


def setup_logging() -> Path | None:
    """Send log records to the rotating log file (once per folder); the file's path, or None
    when the folder cannot be written (logging must never stop the program)."""
    path = log_file()
    root = logging.getLogger()
    ours = _handler_class()
    for handler in [h for h in root.handlers if isinstance(h, ours)]:
        if handler.baseFilename == os.path.abspath(path):
            return path
        root.removeHandler(handler)
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = ours(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path
