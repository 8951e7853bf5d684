"""设置: this ledger's unit, the unit list, the period length, due-date reminders, backups.
Every change goes through the core (app.store.units, app.store.catalogue, app.store.settings, app.store.backups)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.store import backups, catalogue, settings, units
from app.store.ledger import Ledger
from app.ui import screen
from app.ui.help_viewer import help_key
from app.vocabulary.collation import sort_key
from app.vocabulary.periods import Granularity

NAME_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class SettingsDialog(QDialog):
    """Changes that alter what the window shows (unit, period length, a restored backup) are
    announced with `reload_needed`; the main window then rebuilds itself."""

    reload_needed = Signal()

    def __init__(self, ledger: Ledger, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        help_key(self, "settings")  # F1: the manual's section on this dialog
        self.ledger = ledger
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._unit_tab(), self.tr("This ledger"))
        self.tabs.addTab(self._units_tab(), self.tr("Unit list"))
        self.tabs.addTab(self._periods_tab(), self.tr("Periods and reminders"))
        self.tabs.addTab(self._backup_tab(), self.tr("Backups"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self._load_units()
        self._load_backups()
        screen.fit_to_screen(self, 720, 520, share=0.95)

    # --- this ledger's unit ------------------------------------------------------------------------

    def _unit_tab(self) -> QWidget:
        tab = QWidget()
        self.own_label = QLabel()
        self.own_label.setWordWrap(True)
        self.own_combo = QComboBox()
        self.own_combo.setAccessibleName(self.tr("Unit this ledger reports for"))
        self.own_combo.setEditable(True)  # type to find a unit
        self.own_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.change_button = QPushButton(self.tr("Change unit…"))
        self.change_button.setAccessibleName(self.change_button.text())
        self.change_button.clicked.connect(self.change_own_unit)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path = QLabel(self.tr("The ledger is saved in:") + f"<br><code>{self.ledger.path}</code>")
        path.setWordWrap(True)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.own_combo, 1)
        row.addWidget(self.change_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.own_label)
        layout.addLayout(row)
        layout.addWidget(self.history)
        layout.addStretch(1)
        layout.addWidget(path)
        return tab

    def change_own_unit(self) -> None:
        name = self.own_combo.currentData() or self.own_combo.currentText().strip()
        if not name or name == self.ledger.unit_name:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Change unit"),
            self.tr(
                "This ledger will report for %1 instead of %2. Records already entered stay with %2. "
                "The change is recorded. Continue?"
            )
            .replace("%1", name)
            .replace("%2", self.ledger.unit_name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ledger.session() as s:
                units.change_own_unit(s, name)
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Change unit"), str(exc))
            return
        self._load_units()
        self.reload_needed.emit()

    # --- the unit list -------------------------------------------------------------------------------

    def _units_tab(self) -> QWidget:
        tab = QWidget()
        self.unit_list = QListWidget()
        self.unit_list.setAccessibleName(self.tr("Units"))
        buttons = QVBoxLayout()
        for text, slot in (
            (self.tr("Add…"), self.add_unit),
            (self.tr("Rename…"), self.rename_unit),
            (self.tr("Merge into another…"), self.merge_unit),
        ):
            b = QPushButton(text)
            b.setAccessibleName(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        note = QLabel(
            self.tr(
                "A renamed unit keeps its former names, so workbooks sent under them still import. "
                "Merge two entries that are one unit (a typo, a unit added twice)."
            )
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.unit_list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(tab)
        layout.addLayout(row, 1)
        layout.addWidget(note)
        return tab

    def _load_units(self, select: str | None = None) -> None:
        own = self.ledger.unit_name
        with self.ledger.session() as s:
            rows = [(u.name, u.kind, list(u.former_names or [])) for u in catalogue.units(s)]
            changes = units.unit_changes(s)
        self.unit_list.clear()
        self.own_combo.clear()
        for name, kind, former in rows:
            text = f"{name}（{kind}）"
            if former:
                text += self.tr(" — formerly %1").replace("%1", "、".join(former))
            item = QListWidgetItem(text, self.unit_list)
            item.setData(NAME_ROLE, name)
            if name == select:
                self.unit_list.setCurrentItem(item)
        for name, _kind, _former in sorted(rows, key=lambda r: sort_key(r[0])):
            self.own_combo.addItem(name, name)
        self.own_combo.setCurrentIndex(max(0, self.own_combo.findData(own)))
        self.own_label.setText(self.tr("This ledger reports for: <b>%1</b>").replace("%1", own))
        self.history.setText(
            "<br>".join(
                self.tr("%1: changed from %2 to %3")
                .replace("%1", c["at"].replace("T", " "))
                .replace("%2", c["from"] or "—")
                .replace("%3", c["to"])
                for c in changes
            )
        )

    def _chosen_unit(self) -> str | None:
        item = self.unit_list.currentItem()
        return item.data(NAME_ROLE) if item else None

    def add_unit(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add a unit"), self.tr("Name of the unit:"))
        if not ok or not name.strip():
            return
        kind, ok = QInputDialog.getItem(
            self, self.tr("Add a unit"), self.tr("Kind of unit:"), list(catalogue.UNIT_KINDS), 2, False
        )
        if not ok:
            return
        try:
            with self.ledger.session() as s:
                name = catalogue.add_unit(s, name, kind).name
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Add a unit"), str(exc))
            return
        self._load_units(select=name)

    def rename_unit(self) -> None:
        old = self._chosen_unit()
        if old is None:
            return
        prompt = self.tr("New name of %1:").replace("%1", old)
        name, ok = QInputDialog.getText(self, self.tr("Rename unit"), prompt, text=old)
        if not ok or name.strip() == old:
            return
        try:
            with self.ledger.session() as s:
                unit = catalogue.find_unit(s, old)
                catalogue.rename_unit(s, unit, name)
                new = unit.name
                if settings.get(s, settings.UNIT) == old:  # this ledger's own unit: follow the new name
                    settings.put(s, settings.UNIT, new)
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Rename unit"), str(exc))
            return
        self._load_units(select=new)
        if self.ledger.unit_name == new:
            self.reload_needed.emit()

    def merge_unit(self) -> None:
        merged = self._chosen_unit()
        if merged is None:
            return
        with self.ledger.session() as s:
            others = sorted((u.name for u in catalogue.units(s) if u.name != merged), key=sort_key)
        keep, ok = QInputDialog.getItem(
            self,
            self.tr("Merge units"),
            self.tr("%1 is the same unit as:").replace("%1", merged),
            others,
            0,
            False,
        )
        if not ok:
            return
        with self.ledger.session() as s:
            preview = units.merge_preview(s, catalogue.find_unit(s, keep), catalogue.find_unit(s, merged))
        moved = "、".join(f"{sheet} {n} 条" for sheet, n in preview.records.items()) or self.tr("no records")
        answer = QMessageBox.question(
            self,
            self.tr("Merge units"),
            self.tr("Merge %1 into %2? Its records (%3) go to %2 and %1 becomes a former name of %2.")
            .replace("%1", merged)
            .replace("%2", keep)
            .replace("%3", moved),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ledger.session() as s:
                units.merge_units(s, catalogue.find_unit(s, keep), catalogue.find_unit(s, merged))
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Merge units"), str(exc))
            return
        self._load_units(select=keep)
        self.reload_needed.emit()

    # --- periods and reminders -----------------------------------------------------------------------

    def _periods_tab(self) -> QWidget:
        tab = QWidget()
        self.granularity = QComboBox()
        self.granularity.setAccessibleName(self.tr("Reporting period length"))
        for g, text in (
            (Granularity.MONTH, self.tr("Month")),
            (Granularity.QUARTER, self.tr("Quarter")),
            (Granularity.HALF, self.tr("Half-year")),
        ):
            self.granularity.addItem(text, g.value)
        self.reminders = QCheckBox(self.tr("Remind me of the due date of the period"))
        self.reminders.setAccessibleName(self.reminders.text())
        with self.ledger.session() as s:
            self.granularity.setCurrentIndex(max(0, self.granularity.findData(settings.get(s, settings.GRANULARITY))))
            self.reminders.setChecked(bool(settings.get(s, settings.DUE_REMINDERS)))
        self.granularity.currentIndexChanged.connect(self._granularity_changed)
        self.reminders.toggled.connect(self._reminders_changed)
        form = QFormLayout(tab)
        form.addRow(self.tr("Reporting period length:"), self.granularity)
        form.addRow("", self.reminders)
        return tab

    def _granularity_changed(self) -> None:
        with self.ledger.session() as s:
            settings.put(s, settings.GRANULARITY, str(self.granularity.currentData()))
            settings.put(s, settings.CURRENT_PERIOD, "")
        self.reload_needed.emit()

    def _reminders_changed(self, on: bool) -> None:
        with self.ledger.session() as s:
            settings.put(s, settings.DUE_REMINDERS, on)
        self.reload_needed.emit()

    # --- backups ---------------------------------------------------------------------------------------

    def _backup_tab(self) -> QWidget:
        tab = QWidget()
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName(self.tr("Backups"))
        self.backup_list.currentItemChanged.connect(self._backup_chosen)
        self.backup_preview = QLabel()
        self.backup_preview.setWordWrap(True)
        self.backup_preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.backup_preview.setMinimumWidth(220)
        now = QPushButton(self.tr("Back up now"))
        now.setAccessibleName(now.text())
        now.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("Restore this backup…"))
        self.restore_button.setAccessibleName(self.restore_button.text())
        self.restore_button.clicked.connect(self.restore)
        self.restore_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.backup_list, 3)
        row.addWidget(self.backup_preview, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(now)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(row, 1)
        layout.addLayout(buttons)
        return tab

    def _load_backups(self) -> None:
        self.backup_list.clear()
        for info in backups.backups(self.ledger.path):
            item = QListWidgetItem(f"{info.taken:%Y-%m-%d %H:%M:%S}  {info.reason}", self.backup_list)
            item.setData(PATH_ROLE, info)
        if self.backup_list.count():
            self.backup_preview.setText(self.tr("Choose a backup to see what it holds."))
        else:
            self.backup_preview.setText(self.tr("No backup yet."))

    def _backup_chosen(self, item: QListWidgetItem | None, _previous) -> None:  # noqa: ANN001
        self.restore_button.setEnabled(item is not None and not item.data(PATH_ROLE).error)
        if item is None:
            return
        info = item.data(PATH_ROLE)
        if info.error:
            self.backup_preview.setText(info.error)
            return
        lines = [
            self.tr("Taken: %1").replace("%1", f"{info.taken:%Y-%m-%d %H:%M}"),
            self.tr("Unit: %1").replace("%1", info.unit or "—"),
            self.tr("Records: %1").replace("%1", str(info.total)),
        ] + [f"　{sheet}：{n}" for sheet, n in info.records.items()]
        self.backup_preview.setText("<br>".join(lines))

    def backup_now_quietly(self) -> Path:
        path = backups.backup_now(self.ledger.path)
        self._load_backups()
        self.backup_list.setCurrentRow(0)
        return path

    def backup_now(self) -> None:
        path = self.backup_now_quietly()
        QMessageBox.information(self, self.tr("Back up now"), self.tr("Backup saved: %1").replace("%1", str(path)))

    def restore(self) -> None:
        item = self.backup_list.currentItem()
        if item is None:
            return
        info = item.data(PATH_ROLE)
        answer = QMessageBox.question(
            self,
            self.tr("Restore backup"),
            self.tr(
                "Replace the ledger with the backup of %1 (%2 records)? The ledger as it is now is backed up first, "
                "so this can be undone by restoring that copy."
            )
            .replace("%1", f"{info.taken:%Y-%m-%d %H:%M}")
            .replace("%2", str(info.total)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            backups.restore(self.ledger, info.path)
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Restore backup"), str(exc))
            return
        self._load_backups()
        self._load_units()
        self.reload_needed.emit()
