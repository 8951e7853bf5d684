"""审核 (bureau): the period's submissions and what the units wrote.

Above, every unit's review state with the steps (read the submission, comment, return, accept,
re-open, discard a held file); below, the plan's tasks by section with each responsible unit's status
and progress side by side, filtered to lagging, unreported or changed tasks; on the right, the
selected report read-only, to comment on or deliberately edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.evidence import store as evidence_store
from app.review import board as review_board
from app.review import comments, feedback
from app.review import state as review
from app.review.rules import ACCEPTED, HELD_LABEL, NOT_SUBMITTED, PENDING, RETURNED, ReviewError
from app.store.ledger import Ledger
from app.ui import screen
from app.ui.folders import documents_folder, native
from app.ui.records.detail import CommentDialog, RecordDetail
from app.ui.wrapped import WrappedColumn
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import Period

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_COLOURS = {NOT_SUBMITTED: "#FDECEA", PENDING: "#E3F2FD", RETURNED: "#FFF3E0", ACCEPTED: "#E8F5E9"}
# Task statuses: 滞后 must be unmistakable — white on red, bold, with a sign.
STATUS_STYLE = {
    "滞后": ("#C62828", "#FFFFFF"),
    "已完成": ("#E8F5E9", "#1B5E20"),
    "推进中": ("#E3F2FD", "#0D47A1"),
    "持续推进": ("#E0F2F1", "#004D40"),
    "未启动": ("#F5F5F5", "#616161"),
}
NOT_REPORTED = "未填报"
CHANGED_MARK = "●"  # after a progress text that changed since the last period (the legend says so)


def status_text(status: str | None) -> str:
    if status is None:
        return NOT_REPORTED
    return f"▲ {status}" if status == "滞后" else status


def paint_status(item: QTreeWidgetItem | QTableWidgetItem, column: int | None, status: str | None) -> None:
    bg, fg = STATUS_STYLE.get(status or "", ("#FFFFFF", "#9E9E9E"))
    args = (column,) if column is not None else ()
    item.setBackground(*args, QBrush(QColor(bg)))
    item.setForeground(*args, QBrush(QColor(fg)))
    font = item.font(*args)
    font.setBold(status == "滞后")
    font.setItalic(status is None)
    item.setFont(*args, font)


class ReturnDialog(QDialog):
    """退回: a comment on the whole submission (optional) and where to write the feedback workbook."""

    def __init__(self, unit: str, period: Period, open_comments: int, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        p = period
        self.setWindowTitle(self.tr("Return %1's submission").replace("%1", unit))
        self.resize(600, 300)
        note = QLabel(
            self.tr(
                "The feedback workbook carries %1 comment(s) already written on this submission, its records and "
                "fields, and the due date. Send it to the unit: it imports it and answers each comment."
            ).replace("%1", str(open_comments))
        )
        note.setWordWrap(True)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Comment on the whole submission"))
        self.comment.setPlaceholderText(self.tr("A comment on the whole submission (optional)"))
        self.path = QLineEdit(str(documents_folder() / feedback.default_file_name(unit, p)))
        self.path.setAccessibleName(self.tr("Feedback workbook"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        # a new date by which the corrected file is to come (else the period's due date stands)
        self.new_due = QCheckBox(self.tr("New due date for the corrected file:"))
        self.due = QDateEdit(QDate.currentDate().addDays(10))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setAccessibleName(self.tr("New due date"))
        self.due.setEnabled(False)
        self.new_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.new_due)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Comment:"), self.comment)
        form.addRow(self.tr("Save as:"), row)
        form.addRow("", due_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.return_button = buttons.addButton(self.tr("Return"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)

    def due_date(self) -> date | None:
        """The new due date for the corrected file, or None (the period's stands)."""
        if not self.new_due.isChecked():
            return None
        d = self.due.date()
        return date(d.year(), d.month(), d.day())

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save feedback workbook"), self.path.text(), "*.xlsx")
        if name:
            self.path.setText(native(name))


class SubmissionDialog(QDialog):
    """What one unit's submission for the period carries, each record read-only beside the list."""

    def __init__(
        self, ledger: Ledger, unit_id: int, unit: str, period: Period, undo: QUndoStack | None, parent=None
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        p = period
        self.setWindowTitle(self.tr("%1 · %2").replace("%1", unit).replace("%2", p.label))
        screen.fit_to_screen(self, 1100, 640, share=0.95)
        self.records = QTreeWidget()
        self.records.setAccessibleName(self.tr("Records of the submission"))
        self.records.setHeaderLabels([self.tr("Record")])
        self.detail = RecordDetail(ledger, undo)
        self.detail.clear(self.tr("Select a record to read it here."))  # the unit is chosen already
        self.detail.review_period = p
        with ledger.session() as s:
            found = review_board.submission_records(s, unit_id, p)
        groups: dict[str, QTreeWidgetItem] = {}
        for kind, rid, name in found:
            group = groups.get(kind.key)
            if group is None:
                group = groups[kind.key] = QTreeWidgetItem(self.records, [kind.sheet])
                group.setExpanded(True)
            item = QTreeWidgetItem(group, [name])
            item.setData(0, Qt.ItemDataRole.UserRole, rid)
            item.setData(0, KIND_ROLE, kind)
        for group in groups.values():
            group.setText(0, f"{group.text(0)}（{group.childCount()}）")
        if not found:
            QTreeWidgetItem(self.records, [self.tr("Nothing in this submission")])
        self.records.currentItemChanged.connect(self._show)
        splitter = QSplitter()
        splitter.addWidget(self.records)
        splitter.addWidget(self.detail)
        splitter.setSizes([360, 740])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

    def _show(self, item: QTreeWidgetItem | None, _previous) -> None:  # noqa: ANN001
        rid = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if rid:
            self.detail.show_record(item.data(0, KIND_ROLE), rid)


class ReviewPage(QWidget):
    held_to_import = Signal(list)  # paths of files held for a re-opened period

    def __init__(self, ledger: Ledger, period: Period, undo: QUndoStack | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.period, self.undo_stack = ledger, period, undo
        self.statuses: list[review.UnitStatus] = []
        self.rows: list[review_board.TaskRow] = []

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Show"))
        for key, label in (
            (review_board.ALL, self.tr("All tasks")),
            (review_board.LAGGING_TASKS, self.tr("Tasks lagging behind")),
            (review_board.UNREPORTED, self.tr("Tasks not reported by every unit")),
            (review_board.CHANGED, self.tr("Tasks changed since last period")),
        ):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(self._fill_tree)
        self.summary = QLabel()
        self.summary.setToolTip(self.tr("● after a progress text: changed since last period"))
        # wraps on a narrow screen (150 %) rather than widening the window past it
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.filter)
        top.addWidget(self.summary, 1)

        self.units = QTableWidget(0, 6)
        self.units.setAccessibleName(self.tr("Units' submissions"))
        self.units.setHorizontalHeaderLabels(
            [
                self.tr("Unit"),
                self.tr("Review"),
                self.tr("Submitted"),
                self.tr("Due date"),
                self.tr("Comments"),
                HELD_LABEL,
            ]
        )
        self.units.verticalHeader().hide()
        self.units.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.units.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.units.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.units.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the comments column takes the room left: 待重新审核 is empty for most units
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # one line of text a row, so that a 1366×768 screen at 125 % shows more than four units
        self.units.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.units.itemSelectionChanged.connect(self._update_buttons)
        self.units.doubleClicked.connect(lambda _index: self.open_submission())
        self.open_button = QPushButton(self.tr("Read submission…"))
        self.comment_button = QPushButton(self.tr("Comment on submission…"))
        self.return_button = QPushButton(self.tr("Return…"))
        self.accept_button = QPushButton(self.tr("Accept"))
        self.reopen_button = QPushButton(self.tr("Re-open"))
        self.discard_button = QPushButton(self.tr("Discard held file"))
        actions = QGridLayout()
        buttons = (
            (self.open_button, self.open_submission),
            (self.comment_button, self.comment_submission),
            (self.return_button, self.open_return),
            (self.accept_button, self.accept_selected),
            (self.reopen_button, self.reopen_selected),
            (self.discard_button, self.discard_held),
        )
        for i, (button, slot) in enumerate(buttons):
            button.setAccessibleName(button.text())
            button.clicked.connect(slot)
            actions.addWidget(button, i // 2, i % 2)
        units_box = QWidget()
        units_layout = QHBoxLayout(units_box)
        units_layout.setContentsMargins(0, 0, 0, 0)
        units_layout.addWidget(self.units, 1)
        side = QVBoxLayout()
        side.addLayout(actions)
        side.addStretch(1)
        units_layout.addLayout(side)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("What the units wrote"))
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Task / unit"), self.tr("Status"), self.tr("Progress"), self.tr("Last period")]
        )
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        th = self.tree.header()
        th.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        th.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        th.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        th.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        th.setStretchLastSection(False)
        self.tree.headerItem().setToolTip(2, self.tr("● after a progress text: changed since last period"))
        self.tree.setColumnWidth(0, 290)
        # a unit's progress text wraps to three lines beside the others' (the whole of it in the tooltip
        # and on the right): at 125 % one line showed about ten characters of it
        # (the list of units that have not reported stays on one line)
        reported = lambda index: bool(index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole))  # noqa: E731
        self.tree.setItemDelegateForColumn(2, WrappedColumn(self.tree, wraps=reported))
        self.tree.currentItemChanged.connect(self._tree_selected)
        self.detail = RecordDetail(ledger, undo)
        self.detail.changed.connect(self.refresh)

        lower = QSplitter()
        lower.addWidget(self.tree)
        lower.addWidget(self.detail)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setChildrenCollapsible(False)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(units_box)
        outer.addWidget(lower)
        outer.setStretchFactor(0, 2)
        outer.setStretchFactor(1, 3)
        outer.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(outer, 1)
        self.set_period(period)

    # --- data ------------------------------------------------------------------------------------

    def set_period(self, period: Period) -> None:
        self.period = period
        self.detail.review_period = period
        self.title.setText(self.tr("Review of %1").replace("%1", period.label))
        self.refresh()

    def refresh(self) -> None:
        p = self.period
        with self.ledger.session() as s:
            self.statuses = review.statuses(s, p)
            self.rows = review_board.board(s, p)
            self.evidence_counts = evidence_store.counts_by_unit(s, p)
        selected = self.selected_status()
        self._fill_units(selected.unit_id if selected else None)
        self._fill_tree()

    def _fill_units(self, keep: int | None) -> None:
        self.units.setRowCount(len(self.statuses))
        for i, st in enumerate(self.statuses):
            submitted = st.sent_text  # the first file (on time or late), the latest beside it
            files = self.evidence_counts.get(st.unit_id, 0)
            if files:
                submitted += self.tr(" · evidence %1").replace("%1", str(files))
            notes = []
            if st.open_comments:
                notes.append(self.tr("%1 open").replace("%1", str(st.open_comments)))
            if st.answered_comments:
                notes.append(self.tr("%1 answered").replace("%1", str(st.answered_comments)))
            cells = [
                st.unit,
                st.state_label,
                submitted,
                f"{st.due:%Y-%m-%d} · {st.standing}",
                "，".join(notes),
                "、".join(h.file_name for h in st.held),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, st.unit_id)
                if j in (1, 3):
                    item.setBackground(QColor(STATE_COLOURS[st.state]))
                if j == 3 and st.late:
                    item.setForeground(QColor("#C62828"))
                self.units.setItem(i, j, item)
            if st.unit_id == keep:
                self.units.selectRow(i)
        self._update_buttons()

    def _fill_tree(self) -> None:
        """The tasks the filter keeps; the report on the right stays only while it is among them
        (it stayed shown, as if selected, after the filter or a new period had hidden it)."""
        shown = self.detail.record_id
        self.tree.blockSignals(True)  # clearing selects nothing: the detail is settled below
        try:
            self._fill_tree_items()
        finally:
            self.tree.blockSignals(False)
        again = next((i for i in _items(self.tree) if shown and i.data(0, Qt.ItemDataRole.UserRole) == shown), None)
        if again is not None:
            self.tree.setCurrentItem(again)
            self.detail.show_record(TASK_PROGRESS, shown)  # as it is now (an import may have changed it)
        else:
            self.detail.clear()

    def _fill_tree_items(self) -> None:
        which = self.filter.currentData() or review_board.ALL
        rows = review_board.filter_rows(self.rows, which)
        totals = review_board.summary(self.rows)
        self.summary.setText(
            self.tr("%1 tasks · %2 lagging · %3 of %4 reports missing · %5 changed (●)")
            .replace("%1", str(totals["tasks"]))
            .replace("%2", str(totals["lagging"]))
            .replace("%3", str(totals["unreported"]))
            .replace("%4", str(totals["reports"]))
            .replace("%5", str(totals["changed"]))
        )
        self.tree.clear()
        sections: dict[str, QTreeWidgetItem] = {}
        bold = QFont()
        bold.setBold(True)
        lead_word = self.tr("Lead units:")
        changed_note = self.tr("changed since last period")
        for row in rows:
            section = sections.get(row.section)
            if section is None:
                section = sections[row.section] = QTreeWidgetItem(self.tree, [row.section])
                section.setFirstColumnSpanned(True)
                section.setFont(0, bold)
                section.setExpanded(True)
            reported = sum(r.reported for r in row.reports)
            task = QTreeWidgetItem(section, [f"{row.number}. {row.text}", f"{reported}/{len(row.reports)}"])
            task.setToolTip(0, f"{row.number}. {row.text}\n{lead_word} {row.leads}")
            if row.lagging:
                task.setForeground(0, QBrush(QColor("#C62828")))
                task.setFont(0, bold)
            task.setExpanded(True)
            for r in row.reports:
                if not r.reported:
                    continue
                previous = status_text(r.previous_status) if r.previous_status else "—"
                changed = f" {CHANGED_MARK}" if r.changed else ""
                unit = r.unit + (self.tr(" · evidence %1").replace("%1", str(r.evidence)) if r.evidence else "")
                item = QTreeWidgetItem(task, [unit, status_text(r.status), r.progress + changed, previous])
                item.setToolTip(2, r.progress + (f"\n{CHANGED_MARK} {changed_note}" if r.changed else ""))
                item.setData(0, Qt.ItemDataRole.UserRole, r.record_id)
                paint_status(item, 1, r.status)
            # the units that have not reported: one line, so a task of 25 member units stays readable
            silent = [r.unit for r in row.reports if not r.reported]
            if silent:
                label = self.tr("%1 unit(s)").replace("%1", str(len(silent)))
                item = QTreeWidgetItem(task, [label, NOT_REPORTED, "、".join(silent), ""])
                item.setToolTip(2, "、".join(silent))
                paint_status(item, 1, None)
        if not rows:
            QTreeWidgetItem(self.tree, [self.tr("No task matches this filter.")])

    # --- selection -------------------------------------------------------------------------------

    def selected_status(self) -> review.UnitStatus | None:
        rows = self.units.selectionModel().selectedRows() if self.units.selectionModel() else []
        if not rows:
            return None
        unit_id = self.units.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((st for st in self.statuses if st.unit_id == unit_id), None)

    def select_unit(self, name: str) -> None:
        for i in range(self.units.rowCount()):
            if self.units.item(i, 0).text() == name:
                self.units.selectRow(i)
                return

    def _update_buttons(self) -> None:
        st = self.selected_status()
        state = st.state if st else None
        self.open_button.setEnabled(st is not None)
        self.comment_button.setEnabled(st is not None and state != NOT_SUBMITTED)
        self.return_button.setEnabled(state in (PENDING, RETURNED))
        self.accept_button.setEnabled(state in (PENDING, RETURNED))
        self.reopen_button.setEnabled(state == ACCEPTED)
        self.discard_button.setEnabled(bool(st and st.held))

    def _tree_selected(self, item: QTreeWidgetItem | None, _previous) -> None:  # noqa: ANN001
        rid = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if rid == self.detail.record_id and rid:
            return  # (the same report again: shown already)
        if rid:
            self.detail.show_record(TASK_PROGRESS, rid)
        elif item is not None and item.parent() is not None and item.childCount() == 0:
            self.detail.clear(self.tr("Not reported yet: %1").replace("%1", item.text(2)))

    # --- steps -----------------------------------------------------------------------------------

    def open_submission(self) -> SubmissionDialog | None:
        st = self.selected_status()
        if st is None:
            return None
        dialog = SubmissionDialog(self.ledger, st.unit_id, st.unit, self.period, self.undo_stack, self)
        dialog.detail.changed.connect(self.refresh)
        dialog.open()
        return dialog

    def comment_submission(self) -> CommentDialog | None:
        st = self.selected_status()
        if st is None:
            return None
        dialog = CommentDialog(
            self.tr("Comment on %1's whole submission for %2").replace("%1", st.unit).replace("%2", self.period.label),
            self,
        )

        def save() -> None:
            try:
                with self.ledger.session() as s:
                    comments.add_comment(s, dialog.text.toPlainText(), unit_id=st.unit_id, period=self.period)
            except ReviewError as exc:
                QMessageBox.warning(self, self.tr("Comment not saved"), str(exc))
            self.refresh()

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def open_return(self) -> ReturnDialog | None:
        st = self.selected_status()
        if st is None:
            return None
        dialog = ReturnDialog(st.unit, self.period, st.open_comments + st.answered_comments, self)

        def save() -> None:
            path = Path(dialog.path.text().strip())
            try:
                written, n = feedback.return_submission(
                    self.ledger,
                    st.unit,
                    self.period,
                    dialog.comment.toPlainText(),
                    path,
                    dialog.due_date(),
                    seen=st.state,
                )
            except (ReviewError, OSError, ValueError) as exc:
                self.refresh()
                QMessageBox.warning(self, self.tr("Not returned"), str(exc))
                return
            self.refresh()
            self._say(
                self.tr("Returned to %1: %2 comment(s) in %3")
                .replace("%1", st.unit)
                .replace("%2", str(n))
                .replace("%3", str(written))
            )

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def accept_selected(self) -> None:
        st = self.selected_status()
        if st is None:
            return
        try:
            review.accept(self.ledger, st.unit, self.period, seen=st.state)
        except ReviewError as exc:
            self.refresh()  # another officer's change (已被他人修改) is shown before the message
            QMessageBox.warning(self, self.tr("Not accepted"), str(exc))
            return
        with self.ledger.session() as s:
            waiting = len(comments.unsent(s, st.unit_id))
        self.refresh()
        said = self.tr("Accepted %1: later files for this period are held until you re-open it.").replace("%1", st.unit)
        if waiting:
            said += " " + self.tr(
                "%1 comment(s) on its records not sent yet: they go with the next feedback workbook returned to it."
            ).replace("%1", str(waiting))
        self._say(said)

    def reopen_selected(self) -> None:
        st = self.selected_status()
        if st is None:
            return
        try:
            held = review.reopen(self.ledger, st.unit, self.period, seen=st.state)
        except ReviewError as exc:
            self.refresh()
            QMessageBox.warning(self, self.tr("Not re-opened"), str(exc))
            return
        self.refresh()
        self._say(self.tr("Re-opened %1: it waits for review again.").replace("%1", st.unit))
        if held:
            try:  # kept in the ledger: written out for this officer to import (any officer may)
                paths = review.held_paths(self.ledger, held)
            except ReviewError as exc:
                QMessageBox.warning(self, self.tr("Not re-opened"), str(exc))
                return
            self.held_to_import.emit(paths)

    def discard_held(self) -> None:
        st = self.selected_status()
        if st is None or not st.held:
            return
        for h in st.held:
            review.discard_held(self.ledger, h.id)
        self.refresh()
        self._say(self.tr("Discarded the held file(s) of %1.").replace("%1", st.unit))

    def _say(self, text: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 10000)


def _items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """Every item of the tree, depth first."""
    found, stack = [], [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(item.child(i) for i in range(item.childCount()))
    return found
