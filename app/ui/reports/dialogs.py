"""Dialogs that write what the bureau reports upward: the consolidated workbook for a quarter,
half-year or year (off the GUI thread, with a progress bar and "open folder"), and the progress
report with a print preview, printed or saved as PDF or Word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.reports.consolidated import consolidate
from app.store.ledger import Ledger
from app.ui import screen, worker
from app.ui.folders import file_row, native, open_folder, picked, start_folder
from app.ui.help_viewer import help_key
from app.ui.periods import PeriodCombo
from app.vocabulary.periods import Period


def year_periods(period: Period) -> list[Period]:
    """The periods a report may cover in the year of `period`: its quarters, halves and the year."""
    year = Period(date(period.year, 1, 1), 12)
    return [p for p in year.sub_periods() if p.months >= 3]


def period_combo(current: Period, parent: QWidget) -> PeriodCombo:
    """The year's quarters, halves and the year; `current` chosen when it is one of them, else the year."""
    choices = year_periods(current)
    return PeriodCombo(choices, current if current in choices else choices[-1], parent)


class ConsolidateDialog(QDialog):
    """Choose the period and the file; the workbook is written on a pool thread."""

    def __init__(self, ledger: Ledger, period: Period, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        help_key(self, "reports")  # F1: the manual's section on this dialog
        self.ledger = ledger
        self.setWindowTitle(self.tr("Consolidated workbook"))
        self.period = period_combo(period, self)
        self.period.setAccessibleName(self.tr("Period"))
        self.path, row = file_row(self.tr("File"), self._browse)
        self.period.currentIndexChanged.connect(self._suggest_name)
        self._suggest_name()
        form = QFormLayout()
        form.addRow(self.tr("Period"), self.period)
        form.addRow(self.tr("File"), row)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(self.tr("Write workbook"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = self.buttons.addButton(self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setVisible(False)
        self.save_button.clicked.connect(self.write)
        self.folder_button.clicked.connect(lambda: open_folder(Path(self.path.text())))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        screen.fit_to_screen(self, 560, self.sizeHint().height(), share=0.95)

    def selected(self) -> Period:
        return self.period.period()

    def _suggest_name(self) -> None:
        self.path.setText(str(Path(start_folder("consolidated")) / f"知识产权台账_汇总_{self.selected().code}.xlsx"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save consolidated workbook"), self.path.text(), self.tr("Excel workbook (*.xlsx)")
        )
        if name:
            self.path.setText(native(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def write(self) -> None:
        target, period = Path(self.path.text()), self.selected()
        self.save_button.setEnabled(False)
        self.folder_button.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)  # busy until the first sheet is done
        self.message.setText(self.tr("Writing %1…").replace("%1", target.name))
        worker.runner(
            lambda progress: consolidate(self.ledger, period, target, progress),
            self._done,
            self._failed,
            self._progress,
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, result: tuple[Path, dict[str, int]]) -> None:
        path, counts = result
        picked("consolidated", [path])
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        rows = sum(counts.values())
        self.message.setText(self.tr("Saved %1 (%2 records).").replace("%1", str(path)).replace("%2", f"{rows:,}"))
        self.save_button.setEnabled(True)
        self.folder_button.setVisible(True)

    def _failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.save_button.setEnabled(True)
        self.message.setText("")
        QMessageBox.warning(self, self.tr("Not saved"), str(exc))


class ReportDialog(QDialog):
    """The progress report for a period: previewed as it will print, then printed or saved."""

    def __init__(self, ledger: Ledger, period: Period, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        help_key(self, "reports")  # F1: the manual's section on this dialog
        from app.ui.reports.printing import page_layout

        self.ledger = ledger
        self.report = None
        self.document = None
        self.setWindowTitle(self.tr("Progress report"))
        self.period = period_combo(period, self)
        self.period.setAccessibleName(self.tr("Period"))
        self.period.currentIndexChanged.connect(self.rebuild)
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageLayout(page_layout())
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.setAccessibleName(self.tr("Print preview"))
        self.preview.paintRequested.connect(self._paint)
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        bar.addStretch(1)
        self.print_button = QPushButton(self.tr("Print…"))
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.word_button = QPushButton(self.tr("Save as Word…"))
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self.save(".pdf"))
        self.word_button.clicked.connect(lambda: self.save(".docx"))
        for button in (self.print_button, self.pdf_button, self.word_button):
            button.setAccessibleName(button.text())
            bar.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.saved = QLabel()
        self.saved_path: Path | None = None
        self.folder_button = close.addButton(self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setVisible(False)
        self.folder_button.clicked.connect(lambda: open_folder(self.saved_path))
        foot = QHBoxLayout()
        foot.addWidget(self.saved, 1)
        foot.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.preview, 1)
        layout.addLayout(foot)
        screen.fit_to_screen(self, 900, 700, share=0.95)  # a 1366×768 PC at 125 % has 614 pixels
        self.rebuild()

    def selected(self) -> Period:
        return self.period.period()

    def rebuild(self) -> None:
        from app.reports.progress import build_report
        from app.ui.reports.printing import report_document

        self.report = build_report(self.ledger, self.selected())
        self.document = report_document(self.report)
        self.preview.updatePreview()

    def _paint(self, printer: QPrinter) -> None:
        if self.document is not None:
            self.document.print_(printer)

    def print_report(self) -> None:
        if not QPrinterInfo.availablePrinterNames():
            # Windows' print dialog (and Wine's) closes at once when there is none: the click did nothing
            self.no_printer_box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Print"),
                self.tr(
                    "No printer is installed on this computer. Install or connect one, or save the report "
                    "as PDF and print it from a computer that has one."
                ),
                parent=self,
            )
            pdf = self.no_printer_box.addButton(self.tr("Save as PDF…"), QMessageBox.ButtonRole.ActionRole)
            pdf.clicked.connect(lambda: self.save(".pdf"))
            self.no_printer_box.addButton(QMessageBox.StandardButton.Close)
            self.no_printer_box.open()
            return
        dialog = QPrintDialog(self.printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            from app.ui.reports.printing import printed_document

            printed_document(self.report, self.printer).print_(self.printer)  # no table row cut by a page

    def default_path(self, suffix: str) -> Path:
        return Path(start_folder("report")) / f"知识产权工作进展报告_{self.selected().code}{suffix}"

    def save(self, suffix: str, path: Path | None = None) -> Path | None:
        if path is None:
            kind = self.tr("PDF document (*.pdf)") if suffix == ".pdf" else self.tr("Word document (*.docx)")
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), str(self.default_path(suffix)), kind)
            if not name:
                return None
            path = Path(name if name.lower().endswith(suffix) else name + suffix)
        from app.reports.docx import write_docx
        from app.ui.reports.printing import chart_png, write_pdf

        try:
            if suffix == ".pdf":
                write_pdf(self.report, path)
            else:
                write_docx(self.report, path, chart_png(self.report))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), str(exc))
            return None
        self.saved_path = path
        picked("report", [path])
        self.saved.setText(self.tr("Saved %1.").replace("%1", str(path)))
        self.folder_button.setVisible(True)
        return path
