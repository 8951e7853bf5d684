"""Starting the window: the Qt application, translations, logging and the exception hook."""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__
from app.logs import setup_logging
from app.paths import resource

# The ledger and the database layer load after the window's frame is shown (run_gui).
if TYPE_CHECKING:
    from app.store.ledger import Ledger
    from app.ui.window import MainWindow

log = logging.getLogger("ipledger")


def install_translators(app: QApplication, language: str = "zh_CN") -> list[QTranslator]:
    """Load our zh_CN strings and Qt's own (buttons of standard dialogs); English needs none."""
    translators = []
    if language.startswith("zh"):
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        for name, folder in (
            ("ipledger_zh_CN", resource("translations")),
            ("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ):
            translator = QTranslator(app)
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                translators.append(translator)
    return translators


def show_unexpected_error(exc_type, exc, tb) -> None:  # noqa: ANN001 - sys.excepthook signature
    """Log the error and tell the user instead of dying silently; committed edits are safe."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    setup_logging()  # (set up once the frame is shown: an error before that is logged all the same)
    log.error("unexpected error:\n%s", text)
    if QApplication.instance() is not None:
        from PySide6.QtWidgets import QMessageBox

        from db.engine import busy_ledger_message

        # The ledger locked by another program (a command importing), read-only or full: said as such.
        known = busy_ledger_message(exc) if exc is not None else None
        box = QMessageBox(
            QMessageBox.Icon.Warning if known else QMessageBox.Icon.Critical,
            QApplication.translate("main", "Unexpected error"),
            known
            or QApplication.translate(
                "main", "Something went wrong. Your saved data is safe; details were written to the log file."
            ),
        )
        box.setDetailedText(text)
        box.exec()


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("IPLedger")
    app.setApplicationDisplayName(QApplication.translate("main", "IP Ledger"))
    app.setApplicationVersion(__version__)
    icon = resource("icons") / "ipledger.png"  # the Windows .exe carries the same drawing (tools/make_icon.py)
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


# IPLEDGER_SMOKE_EXIT (smoke tests and start-up benchmarks): "shown" quits once the window's frame
# is painted, before the ledger opens; any other value once the window is filled with the ledger.
SMOKE_EXIT = "IPLEDGER_SMOKE_EXIT"


class Opening(QObject):
    """Opens the ledger once the window's frame has been painted (or after OPEN_ANYWAY_MS, for a
    window that is never painted, started minimised), then fills the window with it. The window
    shows first: the interpreter, Qt and the frame take a fraction of what the database layer, the
    ledger's checks and the pages take, and the clerk sees the program start at once."""

    OPEN_ANYWAY_MS = 500

    def __init__(self, window: MainWindow, path: str | Path) -> None:
        super().__init__(window)
        self.window, self.path = window, path
        self.ledger: Ledger | None = None
        self.failure: BaseException | None = None
        self.done = False
        self.painted = window.opening
        self.painted.installEventFilter(self)
        QTimer.singleShot(self.OPEN_ANYWAY_MS, self.open)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.painted and event.type() == QEvent.Type.Paint:
            self.painted.removeEventFilter(self)
            if os.environ.get(SMOKE_EXIT) == "shown":
                QTimer.singleShot(0, QApplication.quit)
            else:
                QTimer.singleShot(0, self.open)  # after this paint reaches the screen
        return False

    def open(self) -> None:
        if self.done:
            return
        self.done = True
        setup_logging()  # the log file (logging.handlers, socket…: ~10 ms) waits for the frame too
        try:
            self._open()
        except Exception as exc:  # noqa: BLE001 - said in the frame, and on the command line after the loop
            self.failure = exc
            if os.environ.get(SMOKE_EXIT):
                self.window.close()
                QApplication.quit()
            else:  # the window stays, saying why, until the clerk closes it
                self.window.cannot_open(str(exc))

    def _open(self) -> None:
        from app.store.ledger import Ledger
        from db.engine import parse_location

        self.ledger = Ledger(parse_location(self.path))
        if not self.ledger.unit_name:
            gc.enable()
            from app.ui.first_run import FirstRunDialog  # only the first run needs it

            if FirstRunDialog(self.ledger).exec() != FirstRunDialog.DialogCode.Accepted:
                self.window.close()
                QApplication.quit()
                return
        self.window.fill(self.ledger)
        self.window.owns_ledger = True  # a switch to another ledger (设置 → 台账位置) closes this one
        # What starting made lives as long as the program: frozen, the collections from now on need
        # not go through it (python -m app paused the collector while starting, see app/__main__.py).
        gc.freeze()
        gc.enable()
        if os.environ.get(SMOKE_EXIT):
            QTimer.singleShot(0, QApplication.quit)


def run_gui(path: str | Path) -> int:
    """The window: its frame shown first, then filled once the ledger at `path` (a file or a database
    URL, as --db takes it) is open. A ledger that
    cannot be opened (locked, newer, not one) raises here, after the loop, as the command line's does."""
    app = make_app()
    sys.excepthook = show_unexpected_error
    # Chinese only: the record kinds, sheets, field labels and messages are Chinese data, so an
    # English interface could only ever be half English; it is not offered.
    install_translators(app, "zh_CN")
    from app.ui.window import MainWindow

    window = MainWindow()
    opening = Opening(window, path)
    window.show()
    code = app.exec()
    if opening.ledger is not None:
        opening.ledger.close()
    if opening.failure is not None:
        raise opening.failure
    return code
