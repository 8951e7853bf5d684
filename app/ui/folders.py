"""Where files go and how to show them: the Documents folder and the system's file manager. Kept
apart from the dialogs so that a page offering "open folder" does not load the import machinery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton


def open_folder(path: Path) -> None:
    """The folder holding `path`, in the system's file manager (Explorer on Windows)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def file_row(accessible_name: str, browse: Callable[[], None]) -> tuple[QLineEdit, QHBoxLayout]:
    """Where a dialog writes its file (export, consolidate, pre-fill): the path, to edit, with a
    Browse… button beside it that calls `browse`. The row goes into the dialog's form."""
    path = QLineEdit()
    path.setAccessibleName(accessible_name)
    button = QPushButton(QCoreApplication.translate("FileRow", "Browse…"))
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(path, 1)
    row.addWidget(button)
    return path, row
