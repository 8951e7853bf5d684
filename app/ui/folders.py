"""Where files go and how to show them: the Documents folder and the system's file manager. Kept
apart from the dialogs so that a page offering "open folder" does not load the import machinery."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

from app.paths import atomic_write, folders_file
from db.network import may_answer_slowly


def open_folder(path: Path) -> None:
    """The folder holding `path`, in the system's file manager (Explorer on Windows)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def native(path: str) -> str:
    """A path a file dialog answered, as the system writes it: Qt's dialogs answer C:/Users/… on
    Windows too, and a field showing that beside C:\\Users\\… elsewhere puzzles a clerk."""
    return QDir.toNativeSeparators(path)


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def _remembered() -> dict[str, str]:
    try:
        found = json.loads(folders_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or not readable: Documents will do
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}


def start_folder(purpose: str) -> str:
    """Where a file dialog (or a dialog's file field) begins: the folder the clerk last picked such
    files from or saved such a file into — in this session or an earlier one (a clerk exports every
    quarter to the same 报送 folder, often on a shared drive) — else Documents, also when that folder
    is gone (a drive not mapped today). Never the program's working folder, which on Windows is the
    install folder (the Start-menu shortcut starts in it) or the portable folder: its _internal folder
    is no place to look for evidence, nor to save a workbook into.
    A folder on a network (\\\\server\\share, a network drive) is offered without asking whether it is
    there: with its server off Windows takes 20–40 s to answer, the window frozen meanwhile. The file
    dialog copes with a folder that is gone; a file written there fails with its own message."""
    folder = _remembered().get(purpose)
    if folder and (may_answer_slowly(folder) or Path(folder).is_dir()):
        return folder
    return str(documents_folder())


def picked(purpose: str, paths: list[str] | list[Path]) -> None:
    """Remember the folder of the first of `paths` (files picked, or a file just written) for the
    next start_folder(purpose). Not kept if it cannot be written: the dialog still did its work."""
    if not paths:
        return
    remembered = _remembered()
    remembered[purpose] = str(Path(paths[0]).parent)
    try:
        with atomic_write(folders_file()) as tmp:
            tmp.write_text(json.dumps(remembered, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass


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
