"""Driving forms the way a clerk does: typing, picking from lists, pressing Enter."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

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


# Another program (an import planning a district's year) holds the ledger's write lock until told
# to let go (or 90 s at most).
LOCK_HOLDER = """
import select, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
select.select([sys.stdin], [], [], 90)
conn.execute("COMMIT")
"""


@contextmanager
def another_program_writing(path: Path) -> Iterator[None]:
    """Another program (an import) holds the ledger's write lock for the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.stdin.write("done\n")
        holder.stdin.close()
        holder.wait(timeout=120)
        holder.stdout.close()


def typed_not_saved(qtbot, page, key: str, text: str) -> None:  # noqa: ANN001
    """`text` typed at the end of a record page's field while another program writes to the ledger:
    the form says it is not saved yet (尚未保存)."""
    editor = page.form.inputs[key].editor
    editor.setFocus()
    editor.end(False)
    type_text(qtbot, editor, text)
    page.form.flush()
    qtbot.waitUntil(lambda: "尚未保存" in page.form_status.text(), timeout=10_000)
