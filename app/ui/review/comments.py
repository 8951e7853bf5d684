"""反馈意见: the comments of the review cycle.

A unit sees what the bureau sent back — its 待处理 list, each comment with the record and field it
concerns — its due date and review state, and answers: it fixed the record, or explains (情况说明).
The bureau sees the comments it wrote and the units' answers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.review import comments
from app.review import state as review
from app.review.rules import NOT_SUBMITTED, STATE_LABELS, ReviewError
from app.store.ledger import Ledger
from app.store.units import unit_names
from app.vocabulary.periods import Period, parse_period

SHOWN_VALUE_CHARS = 60  # of a field's value beside the comment; the tooltip has all of it


def shortened(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE_CHARS else text[: SHOWN_VALUE_CHARS - 1] + "…"


STATUS_COLOURS = {comments.OPEN: "#FFF3E0", comments.ANSWERED: "#E8F5E9", comments.CLOSED: "#F5F5F5"}


class AnswerDialog(QDialog):
    def __init__(self, about: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(self.tr("Answer the comment"))
        self.resize(560, 280)
        label = QLabel(about)
        label.setWordWrap(True)
        self.how = QComboBox()
        self.how.setAccessibleName(self.tr("How it was handled"))
        self.how.addItem(self.tr("Fixed the record"), comments.FIXED)
        self.how.addItem(self.tr("Explanation (情况说明)"), comments.EXPLAINED)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("Answer"))
        self.text.setPlaceholderText(self.tr("What you changed, or why the value is right"))
        form = QFormLayout()
        form.addRow(self.tr("Handled:"), self.how)
        form.addRow(self.tr("Answer:"), self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)


class CommentsPage(QWidget):
    go_to_record = Signal(str, str, str)  # kind key, record id, field key ("": the whole record)
    answered = Signal()

    def __init__(self, ledger: Ledger, period: Period, bureau: bool, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.period, self.bureau = ledger, period, bureau
        self.found: list[tuple[object, comments.CommentRow, str]] = []
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.deadline.setStyleSheet("font-size: 14px;")
        self.only_open = QCheckBox(self.tr("Only comments waiting for an answer (待处理)"))
        self.only_open.setChecked(not bureau)
        self.only_open.setAccessibleName(self.only_open.text())
        self.only_open.toggled.connect(self.refresh)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.only_open)
        top.addStretch(1)
        top.addWidget(self.count)

        self.table = QTableWidget(0, 9)
        self.table.setAccessibleName(self.tr("Comments"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("State"),
                self.tr("Unit"),
                self.tr("Period"),
                self.tr("Sheet"),
                self.tr("Record"),
                self.tr("Field (value now)"),
                self.tr("Comment"),
                self.tr("Answer"),
                self.tr("Sent to the unit"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the field's value now shares the width with the comment and the answer: a 250-character
        # 进展情况 must not push 意见 and 答复 off the screen (its whole text is in the tooltip)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(1, not bureau)
        self.table.setColumnHidden(8, not bureau)  # where each comment went: the bureau's question
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.open_record())
        self.go_button = QPushButton(self.tr("Go to record"))
        self.answer_button = QPushButton(self.tr("Answer…"))
        for b in (self.go_button, self.answer_button):
            b.setAccessibleName(b.text())
        self.go_button.clicked.connect(self.open_record)
        self.answer_button.clicked.connect(self.open_answer)
        self.answer_button.setVisible(not bureau)
        self.go_button.setVisible(not bureau)
        hint = QLabel(
            self.tr("The bureau's comments and your answers. Fix the record or answer; your next export carries both.")
            if not bureau
            else self.tr(
                "Comments you wrote and the units' answers. Returning a submission sends every comment not sent "
                "yet; accepting one closes the comments the unit has seen."
            )
        )
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.go_button)
        buttons.addWidget(self.answer_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.deadline)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def set_period(self, period: Period) -> None:
        self.period = period
        self.refresh()

    def deadline_text(self, today: date | None = None) -> str:
        """The period's due date, the days left or overdue, and (a unit) the bureau's review state."""
        today = today or date.today()
        p = self.period
        with self.ledger.session() as s:
            due = review.due_date(s, p)
            own = self.ledger.own_unit(s)
            state = review.state_of(s, own.id, p)
        days = (due - today).days
        when = (
            self.tr("%1 day(s) left").replace("%1", str(days))
            if days > 0
            else self.tr("due today")
            if days == 0
            else self.tr("%1 day(s) overdue").replace("%1", str(-days))
        )
        day = f"{due.year}年{due.month}月{due.day}日"
        text = self.tr("%1: due %2 (%3)").replace("%1", p.label).replace("%2", day).replace("%3", when)
        if not self.bureau and state != NOT_SUBMITTED:
            text += " · " + self.tr("Bureau's review: %1").replace("%1", STATE_LABELS[state])
        return text

    def refresh(self) -> None:
        statuses = (comments.OPEN,) if self.only_open.isChecked() else (comments.OPEN, comments.ANSWERED)
        with self.ledger.session() as s:
            units = unit_names(s)
            found = [(c, comments.as_row(s, c), units[c.unit_id]) for c in comments.comments(s, statuses=statuses)]
            waiting = len(comments.comments(s, statuses=(comments.OPEN,)))
        self.found, self.waiting = found, waiting
        self.deadline.setText(self.deadline_text())
        self.count.setText(
            self.tr("%1 waiting for an answer").replace("%1", str(waiting))
            if not self.bureau
            else self.tr("%1 not answered yet").replace("%1", str(waiting))
        )
        self.table.setRowCount(len(found))
        for i, (c, row, unit) in enumerate(found):
            field = f"{row.field}（{shortened(row.current or '空')}）" if row.field else "—"
            answer = f"{row.answer_kind}：{row.answer}" if row.answer_kind else ""
            cells = [
                row.status,
                unit,
                parse_period(row.period).label,
                row.sheet or "—",
                row.subject,
                field,
                row.text,
                answer,
                comments.where_sent(c),  # the same words as `ipledger comments`
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 5 and row.field:
                    item.setToolTip(f"{row.field}：{row.current or '空'}")
                if j == 0:
                    item.setBackground(QColor(STATUS_COLOURS[c.status]))
                self.table.setItem(i, j, item)
        self._update_buttons()

    def selected(self):  # noqa: ANN201
        row = self.table.currentRow()
        return self.found[row][0] if 0 <= row < len(self.found) and self.table.selectionModel().hasSelection() else None

    def _update_buttons(self) -> None:
        c = self.selected()
        self.go_button.setEnabled(bool(c and c.record_id))
        self.answer_button.setEnabled(c is not None)

    def open_record(self) -> None:
        c = self.selected()
        if c is not None and c.record_id and c.kind:
            self.go_to_record.emit(c.kind, c.record_id, c.field or "")

    def open_answer(self) -> AnswerDialog | None:
        c = self.selected()
        if c is None:
            return None
        row = self.found[self.table.currentRow()][1]
        about = "，".join(x for x in (row.sheet, row.subject, row.field) if x) + f"：{row.text}"
        dialog = AnswerDialog(about, self)
        comment_id, seen = c.id, comments.shown_state(c)  # as shown: another officer may answer meanwhile

        def save() -> None:
            try:
                with self.ledger.session() as s:
                    comments.answer(s, comment_id, dialog.how.currentData(), dialog.text.toPlainText(), seen=seen)
            except ReviewError as exc:
                self.refresh()  # another officer's answer (已被他人修改) is shown before the message
                QMessageBox.warning(self, self.tr("Not answered"), str(exc))
                return
            self.refresh()
            self.answered.emit()
            if self.only_open.isChecked():  # the answered comment left the list: say where it went
                bar = getattr(self.window(), "statusBar", None)
                if callable(bar):
                    bar().showMessage(
                        self.tr(
                            "Answered: the answer goes to the bureau with the next submission you export "
                            "(untick “Only comments waiting for an answer” to see it)."
                        ),
                        15000,
                    )

        dialog.accepted.connect(save)
        dialog.open()
        return dialog
