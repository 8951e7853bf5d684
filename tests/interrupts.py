"""Ctrl+C pressed while the import waits for another thread or process."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest


def interrupted_by_ctrl_c(wait, after: float = 0.05) -> tuple[BaseException, int]:  # noqa: ANN001
    """Ctrl+C (SIGINT) pressed `after` seconds into `wait()`, run in the main thread (where Python
    raises it): the KeyboardInterrupt it raised, and how often the main thread had come back from
    waiting meanwhile, for the early reading or the read-ahead helper (Python on Windows hears
    Ctrl+C only then)."""
    returns = 0

    def count(frame, event, arg) -> None:  # noqa: ANN001
        nonlocal returns
        waited = frame.f_code.co_name == "wait" and frame.f_code.co_filename == threading.__file__
        if event == "return" and waited and arg is False:  # (a wait that ended without what it waited for)
            returns += 1

    timer = threading.Timer(after, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    sys.setprofile(count)
    try:
        with pytest.raises(KeyboardInterrupt) as caught:
            wait()
    finally:
        sys.setprofile(None)
        timer.join()
    return caught.value, returns
