"""An editor for one record, built from the kind's description: one input per field, the same
validators as the import, errors and warnings shown beside the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.records.date_edit import DateEdit
from app.vocabulary.kinds import Field, FieldType, Kind
from app.vocabulary.validators import NO, YES, InvalidValue

SAVE_DELAY_MS = 1000  # text is saved this long after the last keystroke (and at once on leaving the field)
# ... and at most this long after the first unsaved keystroke, however fast the typing goes on:
# a clerk who types a paragraph without a pause and then loses power keeps all but the last moments.
SAVE_MAX_WAIT_MS = 1500
ERROR_STYLE = "color: #C00000;"
WARNING_STYLE = "color: #B36200;"


class _PlainText(QPlainTextEdit):
    """A multi-line input that reports when the user leaves it, like QLineEdit.editingFinished."""

    editingFinished = Signal()

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusOutEvent(event)
        self.editingFinished.emit()


class FieldInput(QWidget):
    """The input for one field, with its message line under it. `changed` comes at once for a
    choice, and for typed text about a second after the last keystroke or on leaving the field."""

    changed = Signal()

    def __init__(self, f: Field, choices: list[tuple[object, str]] | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.field = f
        self._typing = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._typing.timeout.connect(self.flush)
        self._longest = QTimer(self, singleShot=True, interval=SAVE_MAX_WAIT_MS)  # the typing goes on
        self._longest.timeout.connect(self.flush)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor = self._make_editor(f, choices)
        self.editor.setAccessibleName(f.label)
        if f.hint:
            self.editor.setToolTip(f.hint)
        layout.addWidget(self.editor)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        # The bureau's comments on this field of the record shown (app.ui.review.marks): shown whenever
        # no error or warning is, so that a save — which takes back the messages of valid fields — or
        # leaving the field does not take the comment away while the clerk corrects what it is about.
        self.note = ""
        layout.addWidget(self.message)
        self.confirm = QCheckBox(self.tr("Checked, keep it"))
        self.confirm.setAccessibleName(self.tr("Confirm %1").replace("%1", f.label))
        self.confirm.hide()
        self.confirmed_value: object = None  # the value the tick was given for
        self.confirm.toggled.connect(self._confirm_toggled)
        layout.addWidget(self.confirm)

    def _make_editor(self, f: Field, choices: list[tuple[object, str]] | None) -> QWidget:
        if choices is not None or f.type in (FieldType.CHOICE, FieldType.YES_NO):
            combo = QComboBox()
            combo.addItem("", None)
            items = (
                choices
                if choices is not None
                else ([(YES, YES), (NO, NO)] if f.type is FieldType.YES_NO else [(c, c) for c in f.choices])
            )
            for value, text in items:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if f.type is FieldType.CHOICES:
            box = QWidget()
            grid = QGridLayout(box)  # three to a row: five choices side by side do not fit a small screen
            grid.setContentsMargins(0, 0, 0, 0)
            self._checks = []
            for i, c in enumerate(f.choices):
                check = QCheckBox(c)
                check.setAccessibleName(f"{f.label}：{c}")
                check.toggled.connect(self.changed)
                grid.addWidget(check, i // 3, i % 3)
                self._checks.append(check)
            grid.setColumnStretch(3, 1)
            return box
        if f.type is FieldType.LONGTEXT:
            text = _PlainText()
            text.setTabChangesFocus(True)
            text.setFixedHeight(64)
            text.textChanged.connect(self._keystroke)
            text.editingFinished.connect(self.flush)
            return text
        line = DateEdit() if f.type is FieldType.DATE else QLineEdit()
        line.setClearButtonEnabled(True)
        if f.hint:
            line.setPlaceholderText(f.hint)
        line.textChanged.connect(self._keystroke)
        line.editingFinished.connect(self.flush)
        return line

    def set_choices(self, items: list[tuple[object, str]]) -> None:
        """Offer new items (a drop-down), keeping the value shown."""
        combo = self.editor
        if not isinstance(combo, QComboBox):
            return
        value = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        for data, text in items:
            combo.addItem(text, data)
        combo.blockSignals(False)
        if value is not None:
            self.set_value(value)

    def _confirm_toggled(self, on: bool) -> None:
        try:
            self.confirmed_value = self.parse() if on else None
        except InvalidValue:
            self.confirmed_value = None
        self.changed.emit()

    def set_confirmed(self, value: object) -> None:
        self.confirm.blockSignals(True)
        self.confirm.setChecked(True)
        self.confirm.blockSignals(False)
        self.confirmed_value = value
        self.confirm.show()

    def _keystroke(self) -> None:
        self._typing.start()  # again: saved when the typing pauses ...
        if not self._longest.isActive():
            self._longest.start()  # ... or when it has gone on this long since the last save

    def flush(self) -> None:
        """Leaving the field (or a date picked, a pause, the longest wait): report the change now."""
        self._typing.stop()
        self._longest.stop()
        self.changed.emit()

    @property
    def typing(self) -> bool:
        return self._typing.isActive()

    # --- value in and out ----------------------------------------------------------------------------

    def raw(self) -> object:
        e = self.editor
        if isinstance(e, QComboBox):
            return e.currentData()
        if isinstance(e, QPlainTextEdit):
            return e.toPlainText()
        if isinstance(e, QLineEdit):
            return e.text()
        return "；".join(c.text() for c in self._checks if c.isChecked())

    def keyboard_widget(self) -> QWidget:
        """Where the keyboard lands on this field (转到记录): its editor; for several choices the first
        box ticked, else the first box (the widget holding the boxes shows no focus frame and takes
        no Space)."""
        if self.field.type is FieldType.CHOICES and self._checks:
            return next((c for c in self._checks if c.isChecked()), self._checks[0])
        return self.editor

    def set_value(self, value: object) -> None:
        e = self.editor
        e.blockSignals(True)
        try:
            if isinstance(e, QComboBox):
                if self.field.type is FieldType.YES_NO and value is not None and not isinstance(value, str):
                    value = YES if value else NO
                i = e.findData(value)
                if i < 0 and value not in (None, ""):  # a value from before the list (an import): keep it
                    e.addItem(str(value), value)
                    i = e.count() - 1
                e.setCurrentIndex(max(i, 0))
            elif isinstance(e, DateEdit):
                e.setText(value.isoformat() if isinstance(value, date) else str(value or ""))
            elif isinstance(e, QPlainTextEdit):
                e.setPlainText("" if value is None else str(value))
            elif isinstance(e, QLineEdit):
                e.setText(self.field.display(value) if not isinstance(value, str) else value)
                e.setCursorPosition(0)  # a value wider than the field shows its beginning
            else:
                chosen = set(str(value or "").split("；"))
                for c in self._checks:
                    c.blockSignals(True)
                    c.setChecked(c.text() in chosen)
                    c.blockSignals(False)
        finally:
            e.blockSignals(False)
        self._typing.stop()
        self._longest.stop()
        self.confirm.blockSignals(True)
        self.confirm.setChecked(False)
        self.confirm.blockSignals(False)
        self.confirm.hide()
        self.note = ""  # another record's comments are not this one's
        self.show_message("", False)

    def set_note(self, text: str) -> None:
        """The bureau's comments on this field, kept under it (see `note`)."""
        self.note = text
        if not (self.message.isVisible() and self.message.text()):
            self.show_message("", False)

    def parse(self) -> object:
        raw = self.raw()
        if self.field.type is FieldType.YES_NO and isinstance(raw, str):
            raw = raw == YES
        return self.field.parse(raw)

    def recheck(self) -> None:
        """After a change: say at once what is wrong with the value, and take back an error the
        change corrected (a wrong check digit typed right, a required field filled)."""
        try:
            value = self.parse()
        except InvalidValue as exc:
            self.show_message(str(exc), True)
            return
        corrected = value is not None or not self.field.required
        if corrected and self.message.isVisible() and self.message.styleSheet() == ERROR_STYLE:
            self.show_message("", False)

    def show_message(self, text: str, error: bool) -> None:
        text = text or self.note  # nothing to say about the value: the bureau's comment, if any
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else WARNING_STYLE)
        self.message.setVisible(bool(text))
        self._fit_message()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        self._fit_message()

    def _fit_message(self) -> None:
        """The message's lines at the width it has. A form's layout sizes its rows from each field's
        height at another width than the field gets (rows wrap below their labels when narrow), so a
        message wrapping to three lines got the height of two; its minimum height says what it needs."""
        needed = self.message.heightForWidth(self.width()) if self.message.text() else 0
        if needed != self.message.minimumHeight():
            self.message.setMinimumHeight(max(needed, 0))


class RecordForm(QWidget):
    """All fields of a kind. `values()` validates and returns the values, or None when any is bad."""

    changed = Signal()

    def __init__(
        self,
        kind: Kind,
        choices: dict[str, list[tuple[object, str]]] | None = None,
        hidden: tuple[str, ...] = (),
        parent=None,
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.kind = kind
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels go above fields when narrow
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.inputs: dict[str, FieldInput] = {}
        for f in kind.input_fields:
            if f.key in hidden:
                continue
            field_input = FieldInput(f, (choices or {}).get(f.key))
            field_input.changed.connect(field_input.recheck)  # before the page hears of it
            field_input.changed.connect(self.changed)
            label = QLabel(f"{f.label}<span style='color:#C00000'> *</span>" if f.required else f.label)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setBuddy(field_input.editor)
            form.addRow(label, field_input)
            self.inputs[f.key] = field_input

    def focus_field(self, key: str | None) -> bool:
        """The keyboard on field `key` (a comment's column, 转到记录), scrolled into view, its text ready
        to edit from its end; False when the form has no such field."""
        field_input = self.inputs.get(key or "")
        if field_input is None:
            return False
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(field_input)
        editor = field_input.keyboard_widget()
        if isinstance(editor, QCheckBox):  # its focus frame shown, as when reached with Tab
            editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(editor, QLineEdit):
            editor.end(False)
        elif isinstance(editor, QPlainTextEdit):
            editor.moveCursor(QTextCursor.MoveOperation.End)
        return True

    def set_values(self, values: dict[str, object], confirmed: dict[str, object] | None = None) -> None:
        """Show a record; `confirmed` holds the warnings the user already accepted (field → value)."""
        for key, field_input in self.inputs.items():
            field_input.set_value(values.get(key))
            value = values.get(key)
            if confirmed and key in confirmed and confirmed[key] == value and field_input.field.warning(value):
                field_input.set_confirmed(value)

    def confirmed_values(self) -> dict[str, object]:
        """The values whose warning the user confirmed, to remember with the record."""
        out = {}
        for key, field_input in self.inputs.items():
            if field_input.confirm.isChecked():
                try:
                    out[key] = field_input.parse()
                except InvalidValue:
                    continue
        return out

    @property
    def typing(self) -> bool:
        """A keystroke not yet reported (the save is pending)."""
        return any(i.typing for i in self.inputs.values())

    def flush(self) -> None:
        for field_input in self.inputs.values():
            if field_input.typing:
                field_input.flush()

    def has_errors(self) -> bool:
        """Whether a red error (not only an unconfirmed warning) is shown."""
        return any(i.message.isVisible() and i.message.styleSheet() == ERROR_STYLE for i in self.inputs.values())

    def raw_values(self) -> dict[str, object]:
        """What is typed, valid or not (kept as a draft when the window closes)."""
        out = {}
        for key, field_input in self.inputs.items():
            out[key] = field_input.raw()
        return out

    def values(self, fixed: dict[str, object] | None = None) -> dict[str, object] | None:
        """Validated values, or None after showing every problem beside its field."""
        values: dict[str, object] = dict(fixed or {})
        ok = True
        unreadable = set()
        for key, field_input in self.inputs.items():
            try:
                values[key] = field_input.parse()
            except InvalidValue as exc:
                field_input.show_message(str(exc), True)
                ok = False
                unreadable.add(key)
                continue
            warning = field_input.field.warning(values[key])
            if field_input.confirm.isChecked() and field_input.confirmed_value != values[key]:
                field_input.confirm.blockSignals(True)  # a tick holds for the value it was given for
                field_input.confirm.setChecked(False)
                field_input.confirm.blockSignals(False)
            field_input.confirm.setVisible(bool(warning))
            if warning and not field_input.confirm.isChecked():
                field_input.show_message(warning, False)
                ok = False
            else:
                field_input.show_message("", False)
        for f in self.kind.input_fields:
            values.setdefault(f.key, None)
        # Every problem at once: a missing required field beside a wrong check digit, not one save later
        # (a field that could not be read keeps its own message rather than "required").
        for key, message in self.kind.check_row(values):
            if key in unreadable:
                continue
            if key in self.inputs:
                self.inputs[key].show_message(message, True)
            ok = False
        if ok:
            self.kind.complete(values)
        return values if ok else None
