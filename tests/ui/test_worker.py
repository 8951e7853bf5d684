"""Long work runs on the real thread pool and comes back on the GUI thread: its result, its
progress, or its failure as a message (with the traceback in the log)."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QThread

from app.failures import Failure
from app.ui import worker


def test_a_job_runs_off_the_gui_thread_and_reports_back_on_it(qtbot) -> None:
    gui = QThread.currentThread()
    seen: dict[str, object] = {"progress": []}

    def work(progress):  # noqa: ANN001, ANN202
        seen["work_thread"] = threading.get_ident()
        for done in range(1, 4):
            progress(done, 3)
        return "结果"

    def done(result) -> None:  # noqa: ANN001
        seen["result"], seen["done_on_gui"] = result, QThread.currentThread() is gui

    progress: list[tuple[int, int]] = seen["progress"]  # type: ignore[assignment]
    worker.run_in_background(
        work, done, lambda exc: seen.setdefault("error", exc), lambda d, t: progress.append((d, t))
    )
    qtbot.waitUntil(lambda: "result" in seen, timeout=10_000)
    assert seen["result"] == "结果" and seen["done_on_gui"]
    assert seen["work_thread"] != threading.get_ident()  # the window stayed responsive meanwhile
    assert seen["progress"] == [(1, 3), (2, 3), (3, 3)] and "error" not in seen


def test_a_failing_job_is_a_message_and_a_logged_traceback(qtbot, caplog) -> None:
    errors: list[Exception] = []

    def work(_progress):  # noqa: ANN001, ANN202
        raise KeyError("internal detail")

    with caplog.at_level(logging.ERROR, logger="ipledger.worker"):
        worker.run_in_background(work, lambda _r: None, errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], Failure)
    assert "意外问题" in str(errors[0]) and "internal detail" not in str(errors[0])
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_a_locked_ledger_in_the_window_is_told_in_chinese(qtbot, monkeypatch) -> None:
    """A save on the window's thread that waited out another program's write lock."""
    import sqlite3

    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy.exc import OperationalError

    from app.ui.main import show_unexpected_error

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    exc = OperationalError("UPDATE …", {}, sqlite3.OperationalError("database is locked"))
    show_unexpected_error(type(exc), exc, None)
    assert len(shown) == 1 and "另一个程序" in shown[0] and "没有写入任何数据" in shown[0]
