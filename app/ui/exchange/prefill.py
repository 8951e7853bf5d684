"""生成预填表: the pre-filled workbooks of SPEC §10, written off the GUI thread with a progress bar,
then listed with "open folder". The bureau writes one per unit into a folder (or one unit's);
an office writes its own, for a colleague who prefers Excel or WPS, and imports it back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
)

from app.outgoing.prefill import PrefillResult, prefill_file_name, prefill_units, write_prefill, write_prefills
from app.store.ledger import Ledger
from app.ui import screen, worker
from app.ui.folders import documents_folder, file_row, native, open_folder
from app.ui.help_viewer import help_key
from app.ui.periods import PeriodCombo
from app.vocabulary.periods import Period

ALL = ""  # the unit combo's data for "every unit"


class PrefillDialog(QDialog):
    def __init__(self, ledger: Ledger, period: Period, periods: list[Period], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        help_key(self, "prefill")  # F1: the manual's section on this dialog
        self.ledger = ledger
        self.bureau = ledger.role == "bureau"
        self.setWindowTitle(self.tr("Pre-filled workbooks") if self.bureau else self.tr("My pre-filled workbook"))
        screen.fit_to_screen(self, 640, 460, share=0.95)
        self.period = PeriodCombo(periods, period)
        self.period.setAccessibleName(self.tr("Reporting period"))
        self.unit = QComboBox()
        self.unit.setAccessibleName(self.tr("Unit"))
        if self.bureau:
            self.unit.addItem(self.tr("Every unit (one file each, into a folder)"), ALL)
        for name in prefill_units(ledger):
            self.unit.addItem(name, name)
        self.unit.setEnabled(self.unit.count() > 1)
        self.path, row = file_row(self.tr("Save to"), self._browse)
        self.period.currentIndexChanged.connect(self._suggest)
        self.unit.currentIndexChanged.connect(self._suggest)
        form = QFormLayout()
        form.addRow(self.tr("Reporting period:"), self.period)
        form.addRow(self.tr("Unit:"), self.unit)
        form.addRow(self.tr("Save to:"), row)
        note = QLabel(
            self.tr(
                "Each workbook already holds the unit and period, the tasks the unit leads with last period's "
                "status beside them, and its stations and listings. The unit checks and updates it in Excel or "
                "WPS and sends it back; it imports as that unit's submission."
            )
        )
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.written = QListWidget()
        self.written.setAccessibleName(self.tr("Workbooks written"))
        self.written.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = self.buttons.addButton(self.tr("Write"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = self.buttons.addButton(self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setVisible(False)
        self.write_button.clicked.connect(self.write)
        self.folder_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.written, 1)
        layout.addWidget(self.buttons)
        self.results: list[PrefillResult] = []
        self._suggest()

    def every_unit(self) -> bool:
        return self.unit.currentData() == ALL

    def _suggest(self) -> None:
        period = self.period.period()
        if self.every_unit():
            self.path.setText(str(documents_folder() / f"预填报送表_{period.code}"))
        else:
            self.path.setText(str(documents_folder() / prefill_file_name(self.unit.currentData(), period)))

    def _browse(self) -> None:
        if self.every_unit():
            name = QFileDialog.getExistingDirectory(self, self.tr("Folder for the workbooks"), self.path.text())
        else:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save as"), self.path.text(), self.tr("Excel workbook (*.xlsx)")
            )
            if name and not name.lower().endswith(".xlsx"):
                name += ".xlsx"
        if name:
            self.path.setText(native(name))

    def write(self) -> None:
        period, target, unit = self.period.period(), Path(self.path.text()), self.unit.currentData()
        self.write_button.setEnabled(False)
        self.folder_button.setVisible(False)
        self.written.clear()
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText(self.tr("Writing…"))
        if unit == ALL:
            work = lambda progress: write_prefills(self.ledger, period, target, progress)  # noqa: E731
        else:
            work = lambda _progress: [write_prefill(self.ledger, unit, period, target)]  # noqa: E731
        worker.runner(work, self._done, self._failed, self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, results: list[PrefillResult]) -> None:
        self.results = results
        self.progress.setRange(0, max(1, len(results)))
        self.progress.setValue(len(results))
        for r in results:
            self.written.addItem(f"{r.path.name}    {r.summary()}")
        self.written.setVisible(True)
        folder = results[0].path.parent if results else Path(self.path.text())
        self.message.setText(
            self.tr("%1 workbooks written to %2").replace("%1", str(len(results))).replace("%2", str(folder))
        )
        self.write_button.setEnabled(True)
        self.folder_button.setVisible(bool(results))

    def _failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.write_button.setEnabled(True)
        self.message.setText("")
        QMessageBox.warning(self, self.tr("Not written"), str(exc))

    def open_folder(self) -> None:
        if self.results:
            open_folder(self.results[0].path)
