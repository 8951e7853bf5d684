from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.ui.main import install_translators
from app.ui.window import MainWindow


def test_window_shows_the_ledger_in_chinese(qtbot, qapp, ledger) -> None:
    translators = install_translators(qapp)
    try:
        window = MainWindow(ledger)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        texts = [w.text() for w in window.findChildren(QLabel)]
        assert "长寿路街道" in window.windowTitle()
        assert "53 项任务，7 项指标" in texts
    finally:
        for t in translators:
            qapp.removeTranslator(t)
