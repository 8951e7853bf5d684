"""The manual in the window (F1): the bundled Chinese HTML, opened at the section of the page the
clerk is on. Links inside the manual work; links elsewhere open in the system browser."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from app.manual import manual_html
from app.ui import screen


class HelpViewer(QDialog):
    def __init__(self, anchor: str = "routine", parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(self.tr("IP Ledger manual"))
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Manual"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(manual_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        screen.fit_to_screen(self, 860, 700, share=0.95)
        self.show_section(anchor)

    def show_section(self, anchor: str) -> None:
        self.anchor = anchor
        self.browser.scrollToAnchor(anchor)
