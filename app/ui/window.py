"""The main window. For now an overview of the ledger; the pages per record kind come next."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QMainWindow, QVBoxLayout, QWidget

from app.ledger import Ledger, health


class MainWindow(QMainWindow):
    def __init__(self, ledger: Ledger) -> None:
        super().__init__()
        self.ledger = ledger
        report = health(ledger)
        unit = report.unit_name or self.tr("(no unit set)")
        self.setWindowTitle(self.tr("IP Ledger — %1").replace("%1", unit))
        self.resize(1100, 700)

        central = QWidget()
        layout = QVBoxLayout(central)
        ledger_box = QGroupBox(self.tr("This ledger"))
        form = QFormLayout(ledger_box)
        role = self.tr("District IP bureau") if report.role == "bureau" else self.tr("Reporting unit")
        form.addRow(self.tr("Unit:"), QLabel(unit))
        form.addRow(self.tr("Role:"), QLabel(role))
        form.addRow(self.tr("File:"), QLabel(str(report.path)))
        form.addRow(
            self.tr("Plan catalogue:"),
            QLabel(
                self.tr("%1 tasks, %2 indicators")
                .replace("%1", str(report.tasks))
                .replace("%2", str(report.indicators))
            ),
        )
        layout.addWidget(ledger_box)

        records_box = QGroupBox(self.tr("Records"))
        counts = QFormLayout(records_box)
        for sheet, (live, _deleted) in report.counts.items():
            counts.addRow(f"{sheet}：", QLabel(str(live)))
        layout.addWidget(records_box)
        layout.addStretch(1)
        self.setCentralWidget(central)
