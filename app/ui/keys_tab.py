"""Signing keys in the window (SPEC §15): this ledger's fingerprint in large type, for reading over
the phone; the keys confirmed for other units (or the bureau); the files held until their key is
confirmed (待确认签名), and the confirmation itself — a person compares the fingerprint the sender
reads out with the one the file carries. Every step goes through app.store.keys."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.review import state as review
from app.review.rules import ReviewError
from app.store import keys
from app.store.ledger import Ledger
from app.ui.busy import written_briefly
from app.vocabulary.clock import local


def fingerprint_font(points: float) -> QFont:
    """Monospaced and large: 0 and O, 1 and I stay apart when read aloud."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(points)
    font.setBold(True)
    return font


def confirm_key(parent: QWidget, ledger: Ledger, unit: str, fingerprint: str, public: bytes | None = None) -> bool:
    """Ask the person to compare the fingerprint with the one the sender reads out; on yes, confirm
    it (keys.trust). Returns whether the key was confirmed.

    At an office the key of a file of its own unit is its other PC's (app.merge.planner.key_party):
    the fingerprint is read on that PC, not asked of the bureau over the phone."""
    other_pc = ledger.role != "bureau" and unit == ledger.unit_name
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("ConfirmKey", "Confirm signing key"))
    box.setTextFormat(Qt.TextFormat.RichText)
    if other_pc:
        ask = QCoreApplication.translate(
            "ConfirmKey",
            "The file was signed on another PC of this unit (%1). On that PC, open Settings → Signing "
            "keys in the program and read the fingerprint shown there.",
        )
    else:
        ask = QCoreApplication.translate(
            "ConfirmKey",
            "Phone %1 (not at a number given in the file or its e-mail) and ask them to read out the "
            "fingerprint shown under Settings → Signing keys in their program.",
        )
    box.setText(
        ask.replace("%1", unit)
        + QCoreApplication.translate(
            "ConfirmKey",
            "<br><br>The file's key:<p style='font-size:20pt; font-family:monospace; font-weight:bold; "
            "white-space:nowrap'>%1</p>"
            "Confirm only if every character is the same.",
        ).replace("%1", fingerprint)
    )
    yes = box.addButton(
        QCoreApplication.translate("ConfirmKey", "Same: confirm the key"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QCoreApplication.translate("ConfirmKey", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(QMessageBox.StandardButton.NoButton)
    box.exec()
    if box.clickedButton() is not yes:
        return False

    def trust() -> None:
        with ledger.session() as s:
            keys.trust(s, unit, fingerprint, public)

    title = QCoreApplication.translate("ConfirmKey", "Confirm signing key")
    try:
        made = written_briefly(ledger, trust)  # not the ledger's 60 s while an import writes to it
    except keys.KeyError_ as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    if not made:
        busy = QCoreApplication.translate(
            "ConfirmKey",
            "Not confirmed: another program is writing to the ledger (an import?). "
            "Confirm the key again once it has finished.",
        )
        QMessageBox.warning(parent, title, busy)
    return made


class KeysTab(QWidget):
    """The settings page's 签名密钥 tab. Confirming a held file's key emits its stored copy for the
    import dialog (`held_to_import`), as re-opening an accepted period does."""

    held_to_import = Signal(list)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        intro = QLabel(
            self.tr(
                "Every workbook this ledger writes is signed with its key. When someone receives a file from "
                "this ledger for the first time, they phone and ask for this fingerprint: read it out."
            )
        )
        intro.setWordWrap(True)
        self.own = QLabel()
        self.own.setFont(fingerprint_font(max(self.font().pointSizeF(), 9) * 2.4))
        self.own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.own.setAccessibleName(self.tr("This ledger's fingerprint"))
        self.own.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.known = self._table([self.tr("Unit"), self.tr("Fingerprint"), self.tr("Confirmed")])
        self.known.setAccessibleName(self.tr("Confirmed keys"))
        self.forget_button = QPushButton(self.tr("Forget this unit's key…"))
        self.forget_button.clicked.connect(self.forget)
        self.held = self._table([self.tr("Unit"), self.tr("Fingerprint"), self.tr("File"), self.tr("Received")])
        self.held.setAccessibleName(self.tr("Files awaiting key confirmation"))
        self.confirm_button = QPushButton(self.tr("Check and confirm the key…"))
        self.confirm_button.clicked.connect(self.confirm)
        self.known.itemSelectionChanged.connect(self._update_buttons)
        self.held.itemSelectionChanged.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.own)
        layout.addWidget(QLabel(self.tr("Files held until their signing key is confirmed (待确认签名):")))
        layout.addWidget(self.held, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.confirm_button)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Confirmed keys of other units:")))
        layout.addWidget(self.known, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.forget_button)
        layout.addLayout(row)
        self.load()

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def load(self) -> None:
        with self.ledger.session() as s:
            self.own.setText(keys.own_fingerprint(s))
            known = keys.known_keys(s)
            held = [
                (keys.unit_name(s, h.unit_id), h.key_fingerprint, h.file_name, local(h.held_at), h.id)
                for h in keys.held_for_key(s)
            ]
        self.known.setRowCount(0)
        for k in known:
            self._add(self.known, [k.unit, k.fingerprint, f"{k.confirmed_at:%Y-%m-%d %H:%M}"])
        self.held.setRowCount(0)
        for unit, fp, name, when, held_id in held:
            self._add(self.held, [unit, fp, name, f"{when:%Y-%m-%d %H:%M}"], held_id)
        self._update_buttons()

    def _add(self, table: QTableWidget, cells: list[str], data: object = None) -> None:
        i = table.rowCount()
        table.insertRow(i)
        for j, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if j == 1:
                item.setFont(fingerprint_font(max(self.font().pointSizeF(), 9)))
            item.setData(Qt.ItemDataRole.UserRole, data)
            table.setItem(i, j, item)

    def _row(self, table: QTableWidget) -> list[str] | None:
        rows = table.selectionModel().selectedRows() if table.selectionModel() else []
        if not rows:
            return None
        i = rows[0].row()
        return [table.item(i, j).text() for j in range(table.columnCount())]

    def _update_buttons(self) -> None:
        self.confirm_button.setEnabled(self._row(self.held) is not None)
        self.forget_button.setEnabled(self._row(self.known) is not None)

    def confirm(self) -> None:
        row = self._row(self.held)
        if row is None:
            return
        unit, fp = row[0], row[1]
        if not confirm_key(self, self.ledger, unit, fp):
            return
        with self.ledger.session() as s:
            unit_id = keys.find_unit(s, unit).id
            try:  # kept in the ledger: written out to import here
                paths = [p for h in keys.held_for_key(s, unit_id, fp) for p in review.held_inputs(s, h)]
            except ReviewError as exc:
                QMessageBox.warning(self, self.tr("Key confirmed"), str(exc))
                paths = []
        self.load()
        if paths:
            self.held_to_import.emit(paths)

    def forget(self) -> None:
        row = self._row(self.known)
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Forget key"),
            self.tr(
                "Forget the key %2 of %1? Its next signed file is held until you confirm its key again "
                "(for example after the unit changed PCs)."
            )
            .replace("%1", row[0])
            .replace("%2", row[1]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def untrust() -> None:
            with self.ledger.session() as s:
                keys.untrust(s, row[0])

        if not written_briefly(self.ledger, untrust):  # not the ledger's 60 s while an import writes to it
            QMessageBox.warning(
                self,
                self.tr("Forget key"),
                self.tr(
                    "Not forgotten: another program is writing to the ledger (an import?). "
                    "Try again once it has finished."
                ),
            )
            return
        self.load()
