"""One record as the bureau reads it: its owner, every field read-only with the comments on it, and
the two deliberate actions — comment (on the record or the selected field) and edit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.review import comments
from app.review.rules import ReviewError
from app.store.ledger import Ledger
from app.store.units import unit_name
from app.ui.busy import LedgerWait
from app.ui.records.evidence import EvidencePanel
from app.ui.records.form import RecordForm
from app.ui.undo import EditRecord
from app.vocabulary.kinds import Field, FieldType, Kind
from app.vocabulary.periods import Period, parse_period

COMMENT_BG = QColor("#FFF4CE")


class CommentDialog(QDialog):
    """Write a comment on a record, one of its fields, or a whole submission."""

    def __init__(self, subject: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(self.tr("Comment"))
        self.resize(520, 240)
        about = QLabel(subject)
        about.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(self.tr("Comment text"))
        self.text.setPlaceholderText(self.tr("What should the unit check or correct?"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class EditDialog(QDialog):
    """The bureau deliberately edits a record a unit owns."""

    def __init__(
        self,
        ledger: Ledger,
        kind: Kind,
        values: dict[str, object],
        owner: str,
        write: Callable[[EditDialog], None],
        parent=None,  # noqa: ANN001
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit %1's record").replace("%1", owner))
        self.resize(620, 560)
        note = QLabel(
            self.tr(
                "This record belongs to %1. Your change is kept in the ledger's history; when the unit "
                "changes the same field, the import asks which value to keep."
            ).replace("%1", owner)
        )
        note.setWordWrap(True)
        self.form = RecordForm(kind)
        self.form.set_values(values)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.status = QLabel()  # why it is not saved yet: another program writes to the ledger
        self.status.setWordWrap(True)
        # `write` saves self.values and closes the dialog; while another program writes to the ledger
        # the dialog stays open, says so, and saves as soon as it is done
        self.waiting = LedgerWait(ledger, None, lambda: write(self), self.status.setText, self)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.values: dict[str, object] | None = None

    def _save(self) -> None:
        self.values = self.form.values()
        if self.values is not None:
            self.waiting.save()

    def done(self, result: int) -> None:
        self.waiting.cancel()  # cancelled while not saved yet: given up, not saved later
        super().done(result)


class RecordDetail(QWidget):
    """A record, read-only, with its owner and the comments on it."""

    changed = Signal()  # a comment was written or the record edited

    def __init__(self, ledger: Ledger, undo_stack: QUndoStack | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.undo_stack = ledger, undo_stack
        self.kind: Kind | None = None
        self.record_id: str | None = None
        # The submission (period) the bureau is reading the record through, when the page knows it:
        # a comment is filed under it (else app.review.comments.record_period decides).
        self.review_period: Period | None = None
        self.title = QLabel(self.tr("Select a unit's report to read it here."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.owner = QLabel()
        self.owner.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Record fields"))
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value"), self.tr("Comments")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.comment_button = QPushButton(self.tr("Comment…"))
        self.comment_button.setToolTip(self.tr("A comment on the selected field, or on the whole record"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        for b in (self.comment_button, self.edit_button):
            b.setAccessibleName(b.text())
            b.setEnabled(False)
        self.comment_button.clicked.connect(self.open_comment)
        self.edit_button.clicked.connect(self.open_edit)
        self.status = QLabel()  # an undo or redo of an edit that found the ledger busy
        self.status.setWordWrap(True)
        # an undo or redo of an edit made here waits briefly for another program's write (an import)
        self.waiting = LedgerWait(ledger, undo_stack, None, self.status.setText, self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.comment_button)
        buttons.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.owner)
        layout.addWidget(self.table, 1)
        self.evidence = EvidencePanel(ledger, undo_stack, None, self.waiting)
        layout.addWidget(self.evidence)
        self.evidence.hide()
        layout.addLayout(buttons)

    def show_record(self, kind: Kind, record_id: str) -> None:
        self.kind, self.record_id = kind, record_id
        with self.ledger.session() as s:
            found = comments.find_record(s, record_id)
            if found is None:
                self.clear()
                return
            _kind, record = found
            owner = unit_name(s, record.unit_id)
            subject = comments.describe(kind, record)
            values = [(f, _shown(f, getattr(record, f.key))) for f in kind.input_fields]
            # as shown: an edit is checked against it (another officer's change since is 已被他人修改)
            self.shown_values = {f.key: getattr(record, f.key) for f in kind.input_fields}
            notes: dict[str | None, list[str]] = {}
            for c in comments.comments(s, record_id=record_id):
                answer = f"（{comments.ANSWER_LABELS[c.answer_kind]}：{c.answer or ''}）" if c.answer_kind else ""
                notes.setdefault(c.field, []).append(f"{comments.STATUS_LABELS[c.status]}：{c.text}{answer}")
        self.owner_name = owner
        self.title.setText(f"{kind.sheet} · {subject}")
        self.owner.setText(
            self.tr("Reported by %1 · read-only: comment on it, or edit it deliberately.").replace("%1", owner)
        )
        self.table.setRowCount(len(values))
        for i, (f, text) in enumerate(values):
            cells = [f.label, text, "\n".join(notes.get(f.key, []))]
            for j, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, f.key)
                if notes.get(f.key):
                    item.setBackground(COMMENT_BG)
                self.table.setItem(i, j, item)
        whole = notes.get(None, [])
        if whole:
            self.owner.setText(self.owner.text() + "\n" + self.tr("On the record: ") + "；".join(whole))
        self.evidence.own = own_unit_of(self.ledger)
        self.evidence.show_record(record_id)
        self.evidence.show()
        self.comment_button.setEnabled(True)
        self.edit_button.setEnabled(True)

    refused = ""  # the last edit refused (已被他人修改), as the officer was told

    def clear(self, text: str = "") -> None:
        self.kind = self.record_id = None
        self.title.setText(text or self.tr("Select a unit's report to read it here."))
        self.owner.setText("")
        self.table.setRowCount(0)
        self.evidence.show_record(None)
        self.evidence.hide()
        self.comment_button.setEnabled(False)
        self.edit_button.setEnabled(False)

    def selected_field(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item and self.table.selectionModel().hasSelection() else None

    def open_comment(self) -> CommentDialog | None:
        if self.kind is None or self.record_id is None:
            return None
        key = self.selected_field()
        what = self.title.text() + (f" · {self.kind.field(key).label}" if key else "")
        dialog = CommentDialog(self.tr("Comment on %1").replace("%1", what), self)
        field_label = self.kind.field(key).label if key else None
        record_id, period = self.record_id, self.review_period

        def save() -> None:
            try:
                with self.ledger.session() as s:
                    comments.add_comment(
                        s, dialog.text.toPlainText(), record_id=record_id, field=field_label, period=period
                    )
            except ReviewError as exc:
                QMessageBox.warning(self, self.tr("Comment not saved"), str(exc))
                return
            self.show_record(self.kind, record_id)
            self.changed.emit()

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def open_edit(self) -> EditDialog | None:
        if self.kind is None or self.record_id is None:
            return None
        kind, record_id = self.kind, self.record_id
        before = dict(self.shown_values)  # what the officer read, not what the ledger holds by now

        def save(dialog: EditDialog) -> None:
            after = dialog.values or {}

            def refresh(_rid: str | None) -> None:
                self._refresh(kind, record_id)

            command = EditRecord(self.ledger, kind, record_id, before, after, refresh, self.waiting.step_busy)
            if self.undo_stack is not None:
                self.undo_stack.push(command)
            else:
                command.redo()
            if command.busy:  # nothing written: the dialog stays open and saves it once the ledger is free
                dialog.waiting.not_saved()
                return
            dialog.accept()
            if command.refused:  # another officer changed it since it was shown: theirs stands
                self._refresh(kind, record_id)
                self.refused = command.refused
                QMessageBox.warning(self, self.tr("Not saved"), command.refused)
                return
            self.changed.emit()

        dialog = EditDialog(self.ledger, kind, before, self.owner_name, save, self)
        dialog.open()
        return dialog

    def _refresh(self, kind: Kind, record_id: str) -> None:
        if self.record_id == record_id:
            self.show_record(kind, record_id)


def own_unit_of(ledger: Ledger) -> int | None:
    with ledger.session() as s:
        try:
            return ledger.own_unit(s).id
        except Exception:  # noqa: BLE001 - a ledger not set up owns nothing
            return None


def _shown(f: Field, value: object) -> str:
    """A period as people read it (2025年第四季度, never 2025Q4); other values as tables show them."""
    if f.type is FieldType.PERIOD and value:
        return parse_period(str(value)).label
    return f.display(value)
