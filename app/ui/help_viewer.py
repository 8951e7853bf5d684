"""The manual in the window (F1): the bundled Chinese HTML, opened at the section of the page the
clerk is on. Links inside the manual work; links elsewhere open in the system browser."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

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


def show_manual(parent: QWidget, anchor: str) -> HelpViewer:
    """The manual at `anchor`, in a viewer of `parent` (one per parent, reused; not one of a
    dialog inside it)."""
    viewer = parent.findChild(HelpViewer, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if viewer is None:
        viewer = HelpViewer(anchor, parent)
    viewer.show_section(anchor)
    viewer.show()
    viewer.raise_()
    return viewer


def help_key(dialog: QDialog, anchor: str) -> QShortcut:
    """F1 in a dialog opens the manual at the dialog's section. The window's F1 does not reach a
    dialog (it is a shortcut of the window), and a viewer of the window would be blocked behind a
    modal dialog: this one belongs to the dialog."""
    shortcut = QShortcut(QKeySequence("F1"), dialog)
    shortcut.activated.connect(lambda: show_manual(dialog, anchor))
    return shortcut
