"""设置: this ledger's unit, the unit list, the period length, due-date reminders, backups, signing keys.
Every change goes through the core (app.store.units, app.store.catalogue, app.store.settings, app.store.backups)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.paths import data_dir
from app.store import backups, catalogue, location, settings, units
from app.store.ledger import Ledger
from app.ui import screen
from app.ui.busy import BUSY_WAIT_MS, written_briefly
from app.ui.folders import native
from app.ui.help_viewer import help_key
from app.ui.keys_tab import KeysTab
from app.vocabulary.collation import sort_key
from app.vocabulary.periods import Granularity
from db.engine import busy_ledger_message
from db.network import network_location_message


def server_backup_stem() -> Path:
    """Where whole copies of a server's ledger taken from this window go (as SQLite files): the
    backups folder in this user's data folder, named server-…; restoring one over a server is left
    to copy-ledger (the window offers none)."""
    return data_dir() / "server.db"


def default_file() -> Path:
    return data_dir() / "ledger.db"


NAME_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class SettingsDialog(QDialog):
    """Changes that alter what the window shows (unit, period length, a restored backup) are
    announced with `reload_needed`; the main window then rebuilds itself."""

    reload_needed = Signal()
    # another ledger chosen in 台账位置, opened: (the Ledger, the location chosen before); the window
    # switches to it when the dialog closes
    switch_to = Signal(object, object)
    held_to_import = Signal(list)  # files whose signing key was just confirmed: the window imports them

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
        self.tabs.addTab(self._location_tab(), self.tr("Ledger location"))
        self.keys_tab = KeysTab(ledger)
        self.keys_tab.held_to_import.connect(self.held_to_import)
        self.tabs.addTab(self.keys_tab, self.tr("Signing keys"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.status = QLabel()  # a change the ledger could not take (another program writes to it)
        self.status.setWordWrap(True)
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._load_units()
        self._load_backups()
        screen.fit_to_screen(self, 720, 520, share=0.95)

    def _written(self, write: Callable[[], object], what: str = "") -> bool:
        """Makes a change with the short wait the forms use for another program's write (an import)
        rather than the ledger's 60 s; whether it was made (else it is said, `what` named, and the
        dialog keeps what was chosen)."""
        if written_briefly(self.ledger, write):
            self.status.hide()
            return True
        self._say_busy(what)
        return False

    def _say_busy(self, what: str = "") -> None:
        text = self.tr(
            "Not changed: another program is writing to the ledger (an import?). Try again once it has finished."
        )
        self.status.setText(f"{what}：{text}" if what else text)
        self.status.show()

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
        path = QLabel(self.tr("The ledger is saved in:") + f"<br><code>{self.ledger.where}</code>")
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

        def change() -> None:
            with self.ledger.session() as s:
                units.change_own_unit(s, name)

        try:
            if not self._written(change, name):
                return
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Change unit"), str(exc))
            return
        self._load_units()
        self.reload_needed.emit()

    # --- where the ledger is: a file on this PC, or a database server (SPEC §13) ----------------------

    def _location_tab(self) -> QWidget:
        tab = QWidget()
        self.local_choice = QRadioButton(self.tr("Local file"))
        self.server_choice = QRadioButton(self.tr("Database server"))
        for b in (self.local_choice, self.server_choice):
            b.setAccessibleName(b.text())
        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName(self.tr("Ledger file"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_ledger_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.host_edit, self.port_edit, self.db_edit, self.user_edit = (QLineEdit() for _ in range(4))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)  # typed, never shown back
        form = QFormLayout()
        for label, edit in (
            (self.tr("Server"), self.host_edit),
            (self.tr("Port"), self.port_edit),
            (self.tr("Database"), self.db_edit),
            (self.tr("User name"), self.user_edit),
            (self.tr("Password"), self.password_edit),
        ):
            edit.setAccessibleName(label)
            form.addRow(label, edit)
        self.server_box = QWidget()
        self.server_box.setLayout(form)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setAccessibleName(self.test_button.text())
        self.test_button.clicked.connect(self.test_server)
        self.use_button = QPushButton(self.tr("Use this location"))
        self.use_button.setAccessibleName(self.use_button.text())
        self.use_button.clicked.connect(self.use_location)
        self.location_status = QLabel()
        self.location_status.setWordWrap(True)
        self.location_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(
            self.tr(
                "Several officers sharing one ledger use a database server (PostgreSQL): a ledger file on a "
                "network folder is refused, as it would be damaged. The password is kept in your pgpass file "
                "and never shown again. Use this location switches the window to that ledger at once (what is "
                "being typed is saved first) and the program opens it from then on."
            )
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.local_choice)
        layout.addLayout(file_row)
        layout.addWidget(self.server_choice)
        layout.addWidget(self.server_box)
        layout.addLayout(buttons)
        layout.addWidget(self.location_status)
        layout.addStretch(1)
        layout.addWidget(note)
        self.local_choice.toggled.connect(self._location_kind_changed)
        self._load_location()
        return tab

    def _load_location(self) -> None:
        current = self.ledger.url
        server = location.Server.of(current) if current is not None else location.current_server()
        self.file_edit.setText(str(self.ledger.path or default_file()))
        if server is not None:
            self.host_edit.setText(server.host)
            self.port_edit.setText(str(server.port))
            self.db_edit.setText(server.database)
            self.user_edit.setText(server.user)
            if location.has_saved_password(server) or (current is not None and current.password):
                self.password_edit.setPlaceholderText(self.tr("saved (not shown)"))
        else:
            self.port_edit.setText(str(location.DEFAULT_PORT))
        (self.server_choice if current is not None else self.local_choice).setChecked(True)
        self._location_kind_changed()

    def _location_kind_changed(self) -> None:
        local = self.local_choice.isChecked()
        self.file_edit.setEnabled(local)
        self.server_box.setEnabled(not local)
        self.test_button.setEnabled(not local)

    def _browse_ledger_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Ledger file"), self.file_edit.text(), "*.db", options=QFileDialog.Option.DontConfirmOverwrite
        )
        if name:
            self.file_edit.setText(native(name))

    def _server(self) -> location.Server | None:
        host, db, user = (e.text().strip() for e in (self.host_edit, self.db_edit, self.user_edit))
        try:
            port = int(self.port_edit.text().strip() or location.DEFAULT_PORT)
        except ValueError:
            self.location_status.setText(self.tr("The port must be a number, such as 5432."))
            return None
        if not (host and db and user):
            self.location_status.setText(self.tr("Fill in the server, the database and the user name."))
            return None
        return location.Server(host, port, db, user)

    def test_server(self) -> bool:
        server = self._server()
        if server is None:
            return False
        self.location_status.setText(self.tr("Connecting…"))
        QApplication.processEvents()
        ok, message = location.test_connection(server, self.password_edit.text() or None)
        self.location_status.setText(message)
        return ok

    def use_location(self) -> None:
        if self.local_choice.isChecked():
            text = self.file_edit.text().strip()
            if not text:
                return
            refusal = network_location_message(Path(text))
            if refusal:
                self.location_status.setText(refusal)
                return
            target: Path | object = Path(text)
        else:
            server = self._server()
            if server is None or not self.test_server():
                return
            if self.password_edit.text():
                location.save_password(server, self.password_edit.text())
                self.password_edit.clear()
                self.password_edit.setPlaceholderText(self.tr("saved (not shown)"))
            target = server.url()
        if location.same_place(target, self.ledger.location):
            location.choose(target)
            self.location_status.setText(self.tr("This is the ledger in use."))
            return
        self.location_status.setText(self.tr("Opening the ledger…"))
        QApplication.processEvents()
        try:  # opened here, so that what is wrong with it is said here and the window stays as it is
            opened = Ledger(target)
        except Exception as exc:  # noqa: BLE001 - any refusal (newer version, out of reach, not a ledger) is said
            self.location_status.setText(
                self.tr("Not switched: %1").replace("%1", busy_ledger_message(exc) or str(exc))
            )
            return
        previous = location.chosen()
        location.choose(target)
        self.location_status.setText(self.tr("Saved. The window switches to this ledger."))
        self.switch_to.emit(opened, previous)
        self.accept()  # the window switches as the dialog closes: this dialog belongs to the old ledger

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
        added: list[str] = []

        def add() -> None:
            with self.ledger.session() as s:
                added.append(catalogue.add_unit(s, name, kind).name)

        try:
            if not self._written(add, name):
                return
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Add a unit"), str(exc))
            return
        self._load_units(select=added[0])

    def rename_unit(self) -> None:
        old = self._chosen_unit()
        if old is None:
            return
        prompt = self.tr("New name of %1:").replace("%1", old)
        name, ok = QInputDialog.getText(self, self.tr("Rename unit"), prompt, text=old)
        if not ok or name.strip() == old:
            return
        renamed: list[str] = []

        def rename() -> None:
            with self.ledger.session() as s:
                unit = catalogue.find_unit(s, old)
                catalogue.rename_unit(s, unit, name)
                renamed.append(unit.name)
                if settings.get(s, settings.UNIT) == old:  # this ledger's own unit: follow the new name
                    settings.put(s, settings.UNIT, unit.name)

        try:
            if not self._written(rename, f"{old} → {name.strip()}"):
                return
        except catalogue.UnitNameError as exc:
            QMessageBox.warning(self, self.tr("Rename unit"), str(exc))
            return
        new = renamed[0]
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

        def merge() -> None:
            with self.ledger.session() as s:
                units.merge_units(s, catalogue.find_unit(s, keep), catalogue.find_unit(s, merged))

        try:
            if not self._written(merge, f"{merged} → {keep}"):
                return
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
        def change() -> None:
            with self.ledger.session() as s:
                settings.put(s, settings.GRANULARITY, str(self.granularity.currentData()))
                settings.put(s, settings.CURRENT_PERIOD, "")

        if self._written(change):
            self.reload_needed.emit()
            return
        with self.ledger.session() as s:  # the length still in use is shown again, to choose once more
            stored = settings.get(s, settings.GRANULARITY)
        self.granularity.blockSignals(True)
        self.granularity.setCurrentIndex(max(0, self.granularity.findData(stored)))
        self.granularity.blockSignals(False)

    def _reminders_changed(self, on: bool) -> None:
        def change() -> None:
            with self.ledger.session() as s:
                settings.put(s, settings.DUE_REMINDERS, on)

        if self._written(change):
            self.reload_needed.emit()
            return
        self.reminders.blockSignals(True)  # as it still is, to tick once more
        self.reminders.setChecked(not on)
        self.reminders.blockSignals(False)

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
        if self.ledger.path is None:  # a server's ledger: copies go to this PC's backup folder (SQLite files)
            self.restore_button.setEnabled(False)
        for info in backups.backups(self.ledger.path or server_backup_stem()):
            item = QListWidgetItem(f"{info.taken:%Y-%m-%d %H:%M:%S}  {info.reason}", self.backup_list)
            item.setData(PATH_ROLE, info)
        if self.backup_list.count():
            self.backup_preview.setText(self.tr("Choose a backup to see what it holds."))
        else:
            self.backup_preview.setText(self.tr("No backup yet."))

    def _backup_chosen(self, item: QListWidgetItem | None, _previous) -> None:  # noqa: ANN001
        self.restore_button.setEnabled(
            item is not None and not item.data(PATH_ROLE).error and self.ledger.path is not None
        )
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
        if self.ledger.path is None:
            from app.store.copying import copy_ledger

            folder = server_backup_stem().parent / "backups"
            path = folder / f"{server_backup_stem().stem}-{datetime.now():%Y%m%d-%H%M%S-%f}-manual.db"
            copy_ledger(self.ledger, path)
        else:
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
            backups.restore(self.ledger, info.path, BUSY_WAIT_MS / 1000)
        except backups.LedgerBusy:
            self._say_busy(self.tr("Restore backup"))
            return
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Restore backup"), str(exc))
            return
        self.status.hide()
        self._load_backups()
        self._load_units()
        self.reload_needed.emit()
