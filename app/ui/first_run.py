"""First run: choose the unit (searchable, or add one) and the role; show where the ledger lives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from app.store import catalogue
from app.store.ledger import Ledger
from app.ui import screen
from app.vocabulary.collation import sort_key


def matches(needle: str, text: str) -> bool:
    """A search matches the name, or the initials of its pinyin (cyxc → 曹杨新村街道)."""
    if needle in text:
        return True
    initials = "".join(word[0] for word in sort_key(text)[0].split() if word)
    return needle.lower() in initials


class FirstRunDialog(QDialog):
    def __init__(self, ledger: Ledger, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle(self.tr("Set up IP Ledger"))
        screen.fit_to_screen(self, 520, 560, share=0.95)
        intro = QLabel(
            self.tr(
                "Choose the unit this computer reports for. You can search the list; if your unit is missing, add it."
            )
        )
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type to search units…"))
        self.search.setAccessibleName(self.tr("Search units"))
        self.search.textChanged.connect(self._filter)
        self.units = QListWidget()
        self.units.setAccessibleName(self.tr("Units"))
        self.units.currentItemChanged.connect(self._unit_changed)
        add = QPushButton(self.tr("Add a unit…"))
        add.setAccessibleName(add.text())
        add.clicked.connect(self._add_unit)
        self.office = QRadioButton(self.tr("Reporting unit: enter and export our own data"))
        self.bureau = QRadioButton(self.tr("District IP bureau: merge every unit's submissions"))
        self.office.setChecked(True)
        path = QLabel(self.tr("The ledger is saved in:") + f"<br><code>{ledger.where}</code>")
        path.setWordWrap(True)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(add)
        layout.addLayout(row)
        layout.addWidget(self.units, 1)
        layout.addWidget(self.office)
        layout.addWidget(self.bureau)
        layout.addWidget(path)
        layout.addWidget(self.buttons)
        self._load()

    def _load(self, select: str | None = None) -> None:
        self.units.clear()
        with self.ledger.session() as s:
            for u in catalogue.units(s):
                item = QListWidgetItem(f"{u.name}（{u.kind}）")
                item.setData(Qt.ItemDataRole.UserRole, u.name)
                self.units.addItem(item)
                if u.name == select:
                    self.units.setCurrentItem(item)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        """Hide what does not match; the highlight moves to the first unit still shown, so Enter
        never sets up a unit the clerk cannot see."""
        needle = text.strip()
        first_visible = None
        for i in range(self.units.count()):
            item = self.units.item(i)
            hidden = bool(needle) and not matches(needle, item.text())
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.units.currentItem()
        if current is None or current.isHidden():
            if first_visible is not None:
                self.units.setCurrentItem(first_visible)
            else:
                self.units.setCurrentRow(-1)
        self._update_ok()

    def _visible_choice(self) -> QListWidgetItem | None:
        item = self.units.currentItem()
        return item if item is not None and not item.isHidden() else None

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self._visible_choice() is not None)

    def _unit_changed(self, item: QListWidgetItem | None, _previous) -> None:  # noqa: ANN001
        self._update_ok()
        if item is not None:
            self.bureau.setChecked(item.data(Qt.ItemDataRole.UserRole) == catalogue.BUREAU_UNIT)
            self.office.setChecked(not self.bureau.isChecked())

    def _add_unit(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add a unit"), self.tr("Name of the unit:"))
        name = name.strip()
        if not ok or not name:
            return
        kind, ok = QInputDialog.getItem(
            self, self.tr("Add a unit"), self.tr("Kind of unit:"), list(catalogue.UNIT_KINDS), 2, False
        )
        if not ok:
            return
        try:
            with self.ledger.session() as s:
                found = catalogue.find_unit(s, name)
                name = found.name if found is not None else catalogue.add_unit(s, name, kind).name
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Add a unit"), str(exc))
            return
        self._load(select=name)

    def chosen_unit(self) -> str:
        return self.units.currentItem().data(Qt.ItemDataRole.UserRole)

    def accept(self) -> None:
        if self._visible_choice() is None:  # Enter with nothing (visible) highlighted does nothing
            return
        self.ledger.setup(self.chosen_unit(), "bureau" if self.bureau.isChecked() else "office")
        super().accept()
