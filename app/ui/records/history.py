"""A record's history: who changed what, when, from which import, and for a merge which side was
kept per field (reached from the record page's History… button)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from app.merge.history import record_history
from app.store.ledger import Ledger
from app.ui import screen
from app.vocabulary.kinds import Kind


class HistoryDialog(QDialog):
    def __init__(self, ledger: Ledger, kind: Kind, record_id: str, title: str = "", parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record history"))
        screen.fit_to_screen(self, 860, 520, share=0.9)
        heading = QLabel(title or kind.sheet)
        heading.setStyleSheet("font-weight: bold;")
        heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Record history"))
        self.tree.setHeaderLabels([self.tr("When / field"), self.tr("Change"), self.tr("By"), self.tr("From")])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.entries = record_history(ledger, kind, record_id)
        for e in self.entries:
            node = QTreeWidgetItem(self.tree, [f"{e.when:%Y-%m-%d %H:%M}", e.action, e.who, e.source])
            for edit in e.edits:
                change = edit.new if e.action == "新建" else f"{edit.old or '（空）'} → {edit.new or '（空）'}"
                child = QTreeWidgetItem(node, [edit.label, change, edit.side, ""])
                child.setToolTip(1, change)
            node.setExpanded(True)
        if not self.entries:
            QTreeWidgetItem(self.tree, [self.tr("No history yet"), "", "", ""])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
