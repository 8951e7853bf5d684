"""Driving forms the way a clerk does: typing, picking from lists, pressing Enter."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QWidget

from app.ui.records.form import RecordForm


def type_text(qtbot, widget: QWidget, text: str) -> None:  # noqa: ANN001
    """Type as a person does: ASCII on the keyboard, Chinese committed by the input method."""
    for part in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if part.isascii():
            qtbot.keyClicks(widget, part)
        else:
            event = QInputMethodEvent()
            event.setCommitString(part)
            QApplication.sendEvent(widget, event)


def type_into(qtbot, form: RecordForm, key: str, value: object) -> None:  # noqa: ANN001
    field_input = form.inputs[key]
    editor = field_input.editor
    if isinstance(editor, QComboBox):
        index = editor.findText(str(value), Qt.MatchFlag.MatchStartsWith)
        assert index >= 0, f"{value!r} not offered for {key}"
        editor.setCurrentIndex(index)
    elif isinstance(editor, QDateEdit):  # Qt's own date editor (the forms have typed dates)
        assert isinstance(value, date)
        editor.setDate(QDate(value.year, value.month, value.day))
    elif isinstance(editor, QPlainTextEdit):
        editor.clear()
        editor.setFocus()
        type_text(qtbot, editor, str(value))
        editor.editingFinished.emit()
    elif isinstance(editor, QLineEdit):
        editor.selectAll()
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
        type_text(qtbot, editor, str(value))
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    else:  # several choices: tick each
        for check in field_input._checks:  # noqa: SLF001
            if check.text() in str(value).split("；"):
                qtbot.mouseClick(check, Qt.MouseButton.LeftButton)


def fill(qtbot, form: RecordForm, values: dict[str, object]) -> None:  # noqa: ANN001
    for key, value in values.items():
        type_into(qtbot, form, key, value)
