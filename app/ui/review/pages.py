"""The review cycle's place in the main window: the bureau's 审核, 报送期限 and 意见 pages and the unit's
反馈意见 page (with its due date and review state). Kept apart so the window only adds and refreshes them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QListWidgetItem

from app.review import comments
from app.store import records
from app.vocabulary.kinds import KINDS, TASK_PROGRESS
from app.vocabulary.periods import Period

if TYPE_CHECKING:
    from app.ui.review.comments import CommentsPage
    from app.ui.review.deadlines import DeadlinesPage
    from app.ui.review.page import ReviewPage


class ReviewPages:
    """The pages are built the first time they are shown (the window opens with its first page)."""

    def __init__(self, window) -> None:  # noqa: ANN001 - the MainWindow
        self.window = window
        self.rows: dict[str, int] = {}
        if window.bureau:
            self.rows["review"] = window._add_lazy_page(  # noqa: SLF001 - the window's own helper
                QCoreApplication.translate("MainWindow", "Review"), self._build_review
            )
            self.rows["deadlines"] = window._add_lazy_page(  # noqa: SLF001
                QCoreApplication.translate("MainWindow", "Deadlines"), self._build_deadlines
            )
        self.comments_row = self.rows["comments"] = window._add_lazy_page(  # noqa: SLF001
            QCoreApplication.translate("MainWindow", "Comments"), self._build_comments
        )
        self._update_nav()

    def _build_review(self) -> ReviewPage:
        from app.ui.review.page import ReviewPage

        page = ReviewPage(self.window.ledger, self.window.period, self.window.undo_stack)
        page.held_to_import.connect(self._import_held)
        return page

    def _build_deadlines(self) -> DeadlinesPage:
        from app.ui.review.deadlines import DeadlinesPage

        return DeadlinesPage(self.window.ledger, self.window.period)

    def _build_comments(self) -> CommentsPage:
        from app.ui.review.comments import CommentsPage

        page = CommentsPage(self.window.ledger, self.window.period, self.window.bureau)
        page.go_to_record.connect(self.go_to_record)
        page.answered.connect(self._update_nav)
        return page

    def _page(self, name: str):  # noqa: ANN202 - one of the pages, built now if need be
        return self.window.page_at(self.rows[name]) if name in self.rows else None

    @property
    def review_page(self) -> ReviewPage | None:
        return self._page("review")

    @property
    def deadlines_page(self) -> DeadlinesPage | None:
        return self._page("deadlines")

    @property
    def comments_page(self) -> CommentsPage:
        return self._page("comments")

    def pages(self) -> list:
        """The pages built so far (the others are filled when first shown)."""
        return [p for row in self.rows.values() if (p := self.window.built_page(row)) is not None]

    def set_period(self, period: Period) -> None:
        for page in self.pages():
            page.set_period(period)
        self._update_nav()

    def refresh(self) -> None:
        for page in self.pages():
            page.refresh()
        self._update_nav()

    def _update_nav(self) -> None:
        waiting = 0
        if not self.window.bureau:  # the unit's comments waiting for an answer, in the page's title
            page = self.window.built_page(self.comments_row)
            if page is not None:
                waiting = page.waiting
            else:
                with self.window.ledger.session() as s:
                    waiting = len(comments.comments(s, statuses=(comments.OPEN,)))
        title = QCoreApplication.translate("MainWindow", "Comments")
        if waiting:
            title = QCoreApplication.translate("MainWindow", "Comments (%1)").replace("%1", str(waiting))
        item: QListWidgetItem | None = self.window.nav.item(self.comments_row)
        if item is not None:
            item.setText(title)

    def _import_held(self, paths: list[Path]) -> None:
        dialog = self.window.open_import()
        dialog.files.add_paths(paths)

    def go_to_record(self, kind_key: str, record_id: str, field: str = "") -> None:
        """From a comment to its record, on the record's own page, the keyboard on the field the
        comment is about (its column), ready to edit."""
        w = self.window
        if kind_key == TASK_PROGRESS.key:
            with w.ledger.session() as s:
                record = records.get(s, TASK_PROGRESS, record_id)
                period, number = (record.period, record.task_number) if record else (None, None)
            if period is None:
                return
            if period != w.period.code:
                w.period_combo.setCurrentIndex(max(0, w.period_combo.findData(period)))
            w.nav.setCurrentRow(w.stack.indexOf(w.tasks_page))
            w.tasks_page.select_task(number)
            w.tasks_page.form.focus_field(field)
            return
        kind = next(k for k in KINDS if k.key == kind_key)
        page = w.record_page(kind)
        w.nav.setCurrentRow(w.stack.indexOf(page))
        page.refresh(record_id)
        page.form.focus_field(field)
