"""The review cycle's place in the main window: the bureau's 审核, 报送期限 and 意见 pages and the unit's
反馈意见 page (with its due date and review state). Kept apart so the window only adds and refreshes them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QListWidgetItem

from app.kinds import KINDS, TASK_PROGRESS
from app.ui.comments_page import CommentsPage
from app.ui.deadlines_page import DeadlinesPage
from app.ui.review_page import ReviewPage


class ReviewPages:
    def __init__(self, window) -> None:  # noqa: ANN001 - the MainWindow
        self.window = window
        self.review_page = self.deadlines_page = None
        ledger, period = window.ledger, window.period
        if window.bureau:
            self.review_page = ReviewPage(ledger, period, window.undo_stack)
            self.review_page.held_to_import.connect(self._import_held)
            self.deadlines_page = DeadlinesPage(ledger, period)
            window._add_page(QCoreApplication.translate("MainWindow", "Review"), self.review_page)  # noqa: SLF001 - the window's own helper
            window._add_page(QCoreApplication.translate("MainWindow", "Deadlines"), self.deadlines_page)  # noqa: SLF001
        self.comments_page = CommentsPage(ledger, period, window.bureau)
        self.comments_page.go_to_record.connect(self.go_to_record)
        self.comments_page.answered.connect(self._update_nav)
        self.comments_row = window.stack.count()
        window._add_page(QCoreApplication.translate("MainWindow", "Comments"), self.comments_page)  # noqa: SLF001
        self._update_nav()

    def pages(self) -> list:
        return [p for p in (self.review_page, self.deadlines_page, self.comments_page) if p is not None]

    def set_period(self, period: str) -> None:
        for page in self.pages():
            page.set_period(period)
        self._update_nav()

    def refresh(self) -> None:
        for page in self.pages():
            page.refresh()
        self._update_nav()

    def _update_nav(self) -> None:
        waiting = self.comments_page.waiting if not self.window.bureau else 0
        title = QCoreApplication.translate("MainWindow", "Comments")
        if waiting:
            title = QCoreApplication.translate("MainWindow", "Comments (%1)").replace("%1", str(waiting))
        item: QListWidgetItem | None = self.window.nav.item(self.comments_row)
        if item is not None:
            item.setText(title)

    def _import_held(self, paths: list[Path]) -> None:
        dialog = self.window.open_import()
        dialog.files.add_paths(paths)

    def go_to_record(self, kind_key: str, record_id: str) -> None:
        """From a comment to its record, on the record's own page."""
        w = self.window
        if kind_key == TASK_PROGRESS.key:
            with w.ledger.session() as s:
                record = s.get(TASK_PROGRESS.model, record_id)
                period, number = (record.period, record.task_number) if record else (None, None)
            if period is None:
                return
            if period != w.period:
                w.period_combo.setCurrentIndex(max(0, w.period_combo.findData(period)))
            w.nav.setCurrentRow(w.stack.indexOf(w.tasks_page))
            w.tasks_page.select_task(number)
            return
        kind = next(k for k in KINDS if k.key == kind_key)
        page = w.record_page(kind)
        w.nav.setCurrentRow(w.stack.indexOf(page))
        page.refresh(record_id)
