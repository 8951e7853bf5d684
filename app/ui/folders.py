"""Where files go and how to show them: the Documents folder and the system's file manager. Kept
apart from the dialogs so that a page offering "open folder" does not load the import machinery."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices


def open_folder(path: Path) -> None:
    """The folder holding `path`, in the system's file manager (Explorer on Windows)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
