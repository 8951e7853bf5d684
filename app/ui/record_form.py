"""An editor for one record, built from the kind's description: one input per field, the same
validators as the import, errors and warnings shown beside the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.kinds import Field, FieldType, Kind
from app.validators import NO, YES, InvalidValue

BLANK_DATE = QDate(1900, 1, 1)
ERROR_STYLE = "color: #C00000;"
WARNING_STYLE = "color: #B36200;"


class _PlainText(QPlainTextEdit):
    """A multi-line input that reports when the user leaves it, like QLineEdit.editingFinished."""

    editingFinished = Signal()

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusOutEvent(event)
        self.editingFinished.emit()


class FieldInput(QWidget):
    """The input for one field, with its message line under it."""

    changed = Signal()

    def __init__(self, f: Field, choices: list[tuple[object, str]] | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.field = f
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
        layout.addWidget(self.message)
        self.confirm = QCheckBox(self.tr("Checked, keep it"))
        self.confirm.setAccessibleName(self.tr("Confirm %1").replace("%1", f.label))
        self.confirm.hide()
        self.confirm.toggled.connect(self.changed)
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
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self._checks = []
            for c in f.choices:
                check = QCheckBox(c)
                check.setAccessibleName(f"{f.label}：{c}")
                check.toggled.connect(self.changed)
                row.addWidget(check)
                self._checks.append(check)
            row.addStretch(1)
            return box
        if f.type is FieldType.DATE:
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(BLANK_DATE)
            edit.setSpecialValueText(self.tr("(none)"))
            edit.setDate(BLANK_DATE)
            edit.dateChanged.connect(self.changed)
            return edit
        if f.type is FieldType.LONGTEXT:
            text = _PlainText()
            text.setTabChangesFocus(True)
            text.setFixedHeight(64)
            text.editingFinished.connect(self.changed)
            return text
        line = QLineEdit()
        line.setClearButtonEnabled(True)
        if f.hint:
            line.setPlaceholderText(f.hint)
        line.editingFinished.connect(self.changed)
        return line

    # --- value in and out ----------------------------------------------------------------------------

    def raw(self) -> object:
        e = self.editor
        if isinstance(e, QComboBox):
            return e.currentData()
        if isinstance(e, QDateEdit):
            d = e.date()
            return None if d == BLANK_DATE else date(d.year(), d.month(), d.day())
        if isinstance(e, QPlainTextEdit):
            return e.toPlainText()
        if isinstance(e, QLineEdit):
            return e.text()
        return "；".join(c.text() for c in self._checks if c.isChecked())

    def set_value(self, value: object) -> None:
        e = self.editor
        e.blockSignals(True)
        try:
            if isinstance(e, QComboBox):
                if self.field.type is FieldType.YES_NO and value is not None:
                    value = YES if value else NO
                i = e.findData(value)
                e.setCurrentIndex(max(i, 0))
            elif isinstance(e, QDateEdit):
                e.setDate(QDate(value.year, value.month, value.day) if isinstance(value, date) else BLANK_DATE)
            elif isinstance(e, QPlainTextEdit):
                e.setPlainText("" if value is None else str(value))
            elif isinstance(e, QLineEdit):
                e.setText(self.field.display(value) if not isinstance(value, str) else value)
            else:
                chosen = set(str(value or "").split("；"))
                for c in self._checks:
                    c.blockSignals(True)
                    c.setChecked(c.text() in chosen)
                    c.blockSignals(False)
        finally:
            e.blockSignals(False)
        self.confirm.setChecked(False)
        self.show_message("", False)

    def parse(self) -> object:
        raw = self.raw()
        if self.field.type is FieldType.YES_NO and isinstance(raw, str):
            raw = raw == YES
        return self.field.parse(raw)

    def show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else WARNING_STYLE)
        self.message.setVisible(bool(text))


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
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.inputs: dict[str, FieldInput] = {}
        for f in kind.input_fields:
            if f.key in hidden:
                continue
            field_input = FieldInput(f, (choices or {}).get(f.key))
            field_input.changed.connect(self.changed)
            label = QLabel(f"{f.label}<span style='color:#C00000'> *</span>" if f.required else f.label)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setBuddy(field_input.editor)
            form.addRow(label, field_input)
            self.inputs[f.key] = field_input

    def set_values(self, values: dict[str, object]) -> None:
        for key, field_input in self.inputs.items():
            field_input.set_value(values.get(key))

    def raw_values(self) -> dict[str, object]:
        """What is typed, valid or not (kept as a draft when the window closes)."""
        out = {}
        for key, field_input in self.inputs.items():
            raw = field_input.raw()
            out[key] = raw.isoformat() if isinstance(raw, date) else raw
        return out

    def values(self, fixed: dict[str, object] | None = None) -> dict[str, object] | None:
        """Validated values, or None after showing every problem beside its field."""
        values: dict[str, object] = dict(fixed or {})
        ok = True
        for key, field_input in self.inputs.items():
            try:
                values[key] = field_input.parse()
            except InvalidValue as exc:
                field_input.show_message(str(exc), True)
                ok = False
                continue
            warning = field_input.field.warning(values[key])
            field_input.confirm.setVisible(bool(warning))
            if warning and not field_input.confirm.isChecked():
                field_input.show_message(warning, False)
                ok = False
            else:
                field_input.show_message("", False)
        for f in self.kind.input_fields:
            values.setdefault(f.key, None)
        if ok:
            for key, message in self.kind.check_row(values):
                if key in self.inputs:
                    self.inputs[key].show_message(message, True)
                ok = False
        if ok:
            self.kind.complete(values)
        return values if ok else None
