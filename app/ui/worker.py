"""Running long work off the GUI thread (after picard's util/thread.py): the work runs on the
global QThreadPool and its result or error is delivered on the main thread. Tests may swap in
`run_now` to run synchronously."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.failures import for_user, is_expected

log = logging.getLogger("ipledger.worker")


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, work: Callable[..., Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            result = self.work(lambda done, total: self.relay.progress.emit(done, total))
        except BaseException as exc:  # noqa: BLE001 - every error is logged and reported, the view never waits forever
            self.relay.failed.emit(_reported(exc))
        else:
            self.relay.done.emit(result)


def _reported(exc: BaseException) -> Exception:
    """Log the traceback (every one, expected or not) and give the view what to show."""
    if is_expected(exc):
        log.info("background job refused: %s", exc, exc_info=exc)
    else:
        log.error("background job failed", exc_info=exc)
    return for_user(exc)


_alive: set[_Relay] = set()


def run_in_background(
    work: Callable[[Callable[[int, int], None]], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    """`work(progress)` runs on a pool thread; the callbacks run on the GUI thread."""
    relay = _Relay()
    _alive.add(relay)

    def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(value: Any) -> None:
            _alive.discard(relay)
            callback(value)

        return call

    relay.done.connect(finish(on_done))
    relay.failed.connect(finish(on_error))
    if on_progress:
        relay.progress.connect(on_progress)
    QThreadPool.globalInstance().start(_Job(work, relay))


def run_now(work, on_done, on_error, on_progress=None) -> None:  # noqa: ANN001 - same as run_in_background
    try:
        result = work(on_progress or (lambda _d, _t: None))
    except Exception as exc:  # noqa: BLE001 - as run_in_background
        on_error(_reported(exc))
    else:
        on_done(result)


runner = run_in_background
