"""Where files go and how to show them: the Documents folder and the system's file manager. Kept
apart from the dialogs so that a page offering "open folder" does not load the import machinery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton


def open_folder(path: Path) -> None:
    """The folder holding `path`, in the system's file manager (Explorer on Windows)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def native(path: str) -> str:
    """A path a file dialog answered, as the system writes it: Qt's dialogs answer C:/Users/… on
    Windows too, and a field showing that beside C:\\Users\\… elsewhere puzzles a clerk."""
    return QDir.toNativeSeparators(path)


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


# The folder each kind of file was last picked from, in this session (evidence, plans).
_picked_from: dict[str, Path] = {}


def start_folder(purpose: str) -> str:
    """Where a file dialog that opens files begins: the folder the clerk last picked such files
    from, else Documents. Never the program's working folder, which on Windows is the install folder
    (the Start-menu shortcut starts in it) or the portable folder: its _internal folder is no place to
    look for evidence, nor to save a workbook into."""
    return str(_picked_from.get(purpose) or documents_folder())


def picked(purpose: str, paths: list[str]) -> None:
    """Remember where the clerk picked files from (see start_folder)."""
    if paths:
        _picked_from[purpose] = Path(paths[0]).parent


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
