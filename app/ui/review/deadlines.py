"""报送期限 (bureau): the due date of each period, the year of every unit × period (on time, late,
missing, returned, accepted), and the 催报 list of the units still missing, with a reminder to copy
or to send as an e-mail draft."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.paths import atomic_write
from app.review import deadlines
from app.review import state as review
from app.review.rules import ACCEPTED, LATE, MISSING, NOT_DUE, NOT_SUBMITTED, ON_TIME, PENDING, RETURNED
from app.store.ledger import Ledger
from app.ui.periods import PeriodCombo
from app.vocabulary.clock import local
from app.vocabulary.periods import Period

REFUSED = "refused"  # the colour of a unit whose file came and was refused (文件被拒)
# background, foreground of a year-view cell
STANDING_COLOURS = {
    ON_TIME: ("#E8F5E9", "#1B5E20"),
    LATE: ("#FFE0B2", "#BF360C"),
    MISSING: ("#FFCDD2", "#B71C1C"),
    NOT_DUE: ("#FAFAFA", "#757575"),
    RETURNED: ("#FFF3E0", "#E65100"),
    ACCEPTED: ("#C8E6C9", "#1B5E20"),
    REFUSED: ("#F8BBD0", "#880E4F"),  # a file came and was refused
}


def standing_colours(state: str, timeliness: str, refused: bool = False, key_pending: bool = False) -> tuple[str, str]:
    if state == NOT_SUBMITTED and key_pending:  # it came: on time or late by that file, not missing
        return STANDING_COLOURS[timeliness]
    if state == NOT_SUBMITTED and refused:
        return STANDING_COLOURS[REFUSED]
    if state in (RETURNED, ACCEPTED):
        return STANDING_COLOURS[state]
    if state == PENDING:
        return STANDING_COLOURS[timeliness]
    return STANDING_COLOURS[timeliness]


class DeadlinesPage(QWidget):
    def __init__(self, ledger: Ledger, period: Period, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger = ledger
        self.reminders: list[deadlines.Reminder] = []
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")

        self.due_period = PeriodCombo()
        self.due_period.setAccessibleName(self.tr("Period of the due date"))
        self.due_date = QDateEdit()
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.due_date.setAccessibleName(self.tr("Due date"))
        self.set_due_button = QPushButton(self.tr("Set due date"))
        self.default_due_button = QPushButton(self.tr("Default (10th day after)"))
        for b in (self.set_due_button, self.default_due_button):
            b.setAccessibleName(b.text())
        self.due_period.currentIndexChanged.connect(self._show_due)
        self.set_due_button.clicked.connect(lambda: self._set_due(False))
        self.default_due_button.clicked.connect(lambda: self._set_due(True))
        due_row = QHBoxLayout()
        due_row.addWidget(QLabel(self.tr("Due date of")))
        due_row.addWidget(self.due_period)
        due_row.addWidget(self.due_date)
        due_row.addWidget(self.set_due_button)
        due_row.addWidget(self.default_due_button)
        due_row.addStretch(1)

        self.year = QTableWidget()
        self.year.setAccessibleName(self.tr("Submissions of the year"))
        self.year.verticalHeader().hide()
        self.year.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.year.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.reminder_title = QLabel()
        self.reminder_title.setStyleSheet("font-weight: bold;")
        self.missing = QTableWidget(0, 4)
        self.missing.setAccessibleName(self.tr("Units to remind"))
        self.missing.setHorizontalHeaderLabels(
            [self.tr("Unit"), self.tr("Last reporter"), self.tr("Phone"), self.tr("E-mail (double-click to edit)")]
        )
        self.missing.verticalHeader().hide()
        self.missing.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.missing.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.missing.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.missing.horizontalHeader().setStretchLastSection(True)
        self.missing.itemSelectionChanged.connect(self._show_reminder)
        self.missing.itemChanged.connect(self._email_edited)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("Reminder text"))
        self.text.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("Copy reminder"))
        self.copy_all_button = QPushButton(self.tr("Copy all reminders"))
        self.mail_button = QPushButton(self.tr("E-mail draft…"))
        # a unit whose file came and was refused gets its error list back with the reminder
        self.errors_button = QPushButton(self.tr("Save the error list…"))
        self.errors_button.clicked.connect(self.save_error_list)
        for b in (self.copy_button, self.copy_all_button, self.mail_button, self.errors_button):
            b.setAccessibleName(b.text())
        self.copy_button.clicked.connect(self.copy_reminder)
        self.copy_all_button.clicked.connect(self.copy_all)
        self.mail_button.clicked.connect(self.mail_draft)

        reminder_box = QWidget()
        rl = QHBoxLayout(reminder_box)
        rl.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.reminder_title)
        left.addWidget(self.missing, 1)
        rl.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.errors_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.copy_all_button)
        buttons.addWidget(self.mail_button)
        right.addLayout(buttons)
        rl.addLayout(right, 2)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.year)
        splitter.addWidget(reminder_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(due_row)
        layout.addWidget(splitter, 1)
        self.set_period(period)

    def set_period(self, period: Period) -> None:
        self.period = period
        self.refresh()

    def refresh(self, today: date | None = None) -> None:
        p = self.period
        with self.ledger.session() as s:
            periods, rows = deadlines.year_view(s, p.year, today, self.ledger.path)
            self.reminders = deadlines.reminders(s, p, today, self.ledger.path)
            dues = [review.due_date(s, q) for q in periods]
        self.title.setText(self.tr("Deadlines and reminders, %1").replace("%1", f"{p.year}年"))
        self.due_period.set_periods(periods, p)
        self._show_due()

        due_word = self.tr("due")
        headers = [self.tr("Unit")] + [
            f"{q.label}\n{due_word} {due:%m-%d}" for q, due in zip(periods, dues, strict=True)
        ]
        self.year.clear()
        self.year.setColumnCount(len(headers))
        self.year.setRowCount(len(rows))
        self.year.setHorizontalHeaderLabels(headers)
        for i, statuses in enumerate(rows):
            self.year.setItem(i, 0, QTableWidgetItem(statuses[0].unit if statuses else ""))
            for j, st in enumerate(statuses, start=1):
                held = st.key_pending
                came = st.first_submitted_at or (st.refused.at if st.refused and st.state == NOT_SUBMITTED else None)
                if held is not None:
                    came = local(held.held_at)
                when = f" {came:%m-%d}" if came else ""
                item = QTableWidgetItem(st.standing + when)
                if st.first_submitted_at:  # on time or late goes by the first file; the review reads the latest
                    tip = self.tr("First submitted %1 (on time or late counts from it)").replace(
                        "%1", f"{st.first_submitted_at:%Y-%m-%d %H:%M}"
                    )
                    if st.submitted_at and st.submitted_at != st.first_submitted_at:
                        tip += "\n" + self.tr("Latest file %1").replace("%1", f"{st.submitted_at:%Y-%m-%d %H:%M}")
                    item.setToolTip(tip)
                elif held is not None:
                    item.setToolTip(
                        self.tr(
                            "File “%1” came on %2 and waits until its signing key (%3) is confirmed here; "
                            "it is imported then, the unit need not send it again."
                        )
                        .replace("%1", held.file_name)
                        .replace("%2", f"{came:%Y-%m-%d %H:%M}")
                        .replace("%3", held.key_fingerprint or "")
                    )
                elif st.refused and st.state == NOT_SUBMITTED:
                    item.setToolTip(
                        self.tr(
                            "File “%1” came on %2 and was refused (%3 error(s)); nothing of it was taken. "
                            "Send the error list back with the reminder below."
                        )
                        .replace("%1", st.refused.file)
                        .replace("%2", f"{st.refused.at:%Y-%m-%d %H:%M}")
                        .replace("%3", str(st.refused.count))
                    )
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                timely = st.key_pending_timeliness if held is not None else st.timeliness
                bg, fg = standing_colours(st.state, timely, st.refused is not None, held is not None)
                item.setBackground(QColor(bg))
                item.setForeground(QColor(fg))
                self.year.setItem(i, j, item)
        header = self.year.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

        overdue = sum(r.overdue for r in self.reminders)
        self.reminder_title.setText(
            self.tr("催报 %1: %2 unit(s) not submitted, %3 past the due date")
            .replace("%1", p.label)
            .replace("%2", str(len(self.reminders)))
            .replace("%3", str(overdue))
        )
        self.missing.blockSignals(True)
        self.missing.setRowCount(len(self.reminders))
        for i, r in enumerate(self.reminders):
            for j, text in enumerate((r.unit, r.reporter or "—", r.phone or "—", r.email)):
                item = QTableWidgetItem(text)
                if j < 3:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if j == 0 and r.overdue:
                    item.setForeground(QColor("#C62828"))
                self.missing.setItem(i, j, item)
        self.missing.blockSignals(False)
        if self.reminders:
            self.missing.selectRow(0)
        self._show_reminder()

    # --- due dates -------------------------------------------------------------------------------

    def _show_due(self) -> None:
        code = self.due_period.currentData()
        if not code:
            return
        with self.ledger.session() as s:
            due = review.due_date(s, self.due_period.period())
        self.due_date.setDate(QDate(due.year, due.month, due.day))

    def _set_due(self, default: bool) -> None:
        code = self.due_period.currentData()
        if not code:
            return
        d = self.due_date.date()
        with self.ledger.session() as s:
            review.set_due_date(s, self.due_period.period(), None if default else date(d.year(), d.month(), d.day()))
        self.refresh()

    # --- reminders -------------------------------------------------------------------------------

    def selected_reminder(self) -> deadlines.Reminder | None:
        row = self.missing.currentRow()
        return self.reminders[row] if 0 <= row < len(self.reminders) else None

    def _show_reminder(self) -> None:
        r = self.selected_reminder()
        self.text.setPlainText(r.text if r else self.tr("Every unit has submitted for this period."))
        self.copy_button.setEnabled(r is not None)
        self.copy_all_button.setEnabled(bool(self.reminders))
        self.mail_button.setEnabled(bool(r and r.email))
        self.mail_button.setToolTip("" if r and r.email else self.tr("Enter the unit's e-mail address first"))
        has_list = bool(r and r.refused and r.refused.error_list)
        self.errors_button.setVisible(has_list)
        self.errors_button.setEnabled(has_list)

    def _email_edited(self, item: QTableWidgetItem) -> None:
        if item.column() != 3 or not 0 <= item.row() < len(self.reminders):
            return
        reminder = self.reminders[item.row()]
        with self.ledger.session() as s:
            unit = review.find_unit(s, reminder.unit)
            review.set_unit_email(s, unit.id, item.text())
        reminder.email = item.text().strip()
        self._show_reminder()

    def copy_reminder(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText("\n\n".join(r.text for r in self.reminders))

    def save_error_list(self) -> None:
        """A copy of the refused file's error list, to attach to the reminder."""
        r = self.selected_reminder()
        if not (r and r.refused and r.refused.error_list):
            return
        from app.ui.folders import documents_folder

        name = f"{Path(r.refused.file).stem}_错误清单.xlsx"
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the error list"), str(documents_folder() / name), "Excel (*.xlsx)"
        )
        if target:
            with atomic_write(Path(target)) as tmp:
                shutil.copyfile(r.refused.error_list, tmp)

    def mail_draft(self) -> None:
        r = self.selected_reminder()
        if r and r.mailto:
            QDesktopServices.openUrl(QUrl(r.mailto))
