"""Starting the window: the Qt application, translations, logging and the exception hook."""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.logs import setup_logging
from app.paths import resource
from app.store.ledger import Ledger
from db.engine import busy_ledger_message

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
    log.error("unexpected error:\n%s", text)
    if QApplication.instance() is not None:
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


def run_gui(path: Path) -> int:
    setup_logging()
    app = make_app()
    sys.excepthook = show_unexpected_error
    from app.ui.window import MainWindow

    ledger = Ledger(path)
    # Chinese only: the record kinds, sheets, field labels and messages are Chinese data, so an
    # English interface could only ever be half English; it is not offered.
    install_translators(app, "zh_CN")
    if not ledger.unit_name:
        gc.enable()
        from app.ui.first_run import FirstRunDialog  # only the first run needs it

        if FirstRunDialog(ledger).exec() != FirstRunDialog.DialogCode.Accepted:
            ledger.close()
            return 0
    window = MainWindow(ledger)
    window.show()
    # What starting made lives as long as the program: frozen, the collections from now on need
    # not go through it (python -m app paused the collector while starting, see app/__main__.py).
    gc.freeze()
    gc.enable()
    if os.environ.get("IPLEDGER_SMOKE_EXIT"):  # smoke tests and start-up benchmarks: quit once shown
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    ledger.close()
    return code
