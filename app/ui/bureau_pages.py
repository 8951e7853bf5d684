"""The bureau's pages: who has submitted (报送情况) and the import history with undo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
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
from sqlalchemy import select

from app.ledger import Ledger
from app.merge import ACTION_LABELS, ImportRefused, undo_import
from app.periods import Period, parse_period
from app.reports import duplicate_groups, indicator_table, load_records, submission_table
from db.models import ImportLog, Unit

DONE, MISSING = "#E8F5E9", "#FFF3E0"


def fill_table(table: QTableWidget, headers: list[str], rows: list[list[object]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(headers)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(i, j, item)


class SubmissionsPage(QWidget):
    """Units × the quarters of the year: submitted when, superseded, or missing."""

    def __init__(self, ledger: Ledger, period: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger = ledger
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.table = QTableWidget()
        self.table.setAccessibleName(self.tr("Submissions"))
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.set_period(period)

    def set_period(self, period: str) -> None:
        year = Period(parse_period(period).start.replace(month=1), 12)
        self.title.setText(self.tr("Submissions in %1").replace("%1", year.label))
        self.refresh(year)

    def refresh(self, year: Period | None = None) -> None:
        self.year = year or self.year
        with self.ledger.session() as s:
            table = submission_table(s, self.year)
        rows = [list(r) for r in table.rows]
        fill_table(self.table, list(table.headers), rows)
        for i, row in enumerate(rows):
            for j in range(2, len(row)):
                if row[j] != "本台账":
                    self.table.item(i, j).setBackground(QColor(DONE if str(row[j]).startswith("已报送") else MISSING))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)


class TargetsPage(QWidget):
    """The plan's indicators against their targets for the year of the current period: the
    values reported and, where the records allow, the value computed from them."""

    def __init__(self, ledger: Ledger, period: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger = ledger
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.table = QTableWidget()
        self.table.setAccessibleName(self.tr("Indicators against targets"))
        self.table.verticalHeader().hide()
        note = QLabel(
            self.tr(
                "Reported: the sum of the units' latest values in the year (rates: the bureau's). "
                "Computed: from the pledge financing records, each registration counted once."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(note)
        self.set_period(period)

    def set_period(self, period: str) -> None:
        year = Period(parse_period(period).start.replace(month=1), 12)
        self.title.setText(self.tr("Indicators against targets, %1").replace("%1", year.label))
        with self.ledger.session() as s:
            records = load_records(s, year)
            units = dict(s.execute(select(Unit.id, Unit.name)).all())
            table = indicator_table(s, records, year, duplicate_groups(records, units))
        fill_table(self.table, list(table.headers), [list(r) for r in table.rows])
        for i, row in enumerate(table.rows):
            state = self.table.item(i, len(row) - 2)
            state.setBackground(QColor(DONE if row[-2] == "已达标" else MISSING))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

    def refresh(self) -> None:
        pass


class ImportHistoryPage(QWidget):
    """Every import, newest first, with undo."""

    undone = Signal()

    def __init__(self, ledger: Ledger, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger = ledger
        self.table = QTableWidget()
        self.table.setAccessibleName(self.tr("Import history"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.undo_button = QPushButton(self.tr("Undo selected import"))
        self.undo_button.setAccessibleName(self.undo_button.text())
        self.undo_button.clicked.connect(self.undo_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("A backup of the ledger is taken before every import.")), 1)
        bar.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        rows = []
        with self.ledger.session() as s:
            q = select(ImportLog, Unit.name).outerjoin(Unit, ImportLog.unit_id == Unit.id).order_by(ImportLog.id.desc())
            for log, unit in s.execute(q):
                state = (
                    self.tr("Undone")
                    if log.undone_at
                    else self.tr("Superseded")
                    if log.superseded_by
                    else self.tr("In effect")
                )
                counts = "，".join(f"{ACTION_LABELS[a]} {n}" for a, n in log.counts.items() if n)
                period = parse_period(log.period).label if log.period else "—"
                rows.append(
                    [log.id, f"{log.imported_at:%Y-%m-%d %H:%M}", log.file_name, unit or "—", period, state, counts]
                )
        fill_table(
            self.table,
            [
                self.tr("No."),
                self.tr("Imported"),
                self.tr("File"),
                self.tr("Unit"),
                self.tr("Period"),
                self.tr("State"),
                self.tr("Changes"),
            ],
            rows,
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.undo_button.setEnabled(bool(rows))

    def undo_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        import_id = int(self.table.item(row, 0).text())
        answer = QMessageBox.question(
            self,
            self.tr("Undo import"),
            self.tr(
                "Undo import %1 (%2)? Records it added are removed and records it "
                "changed get their earlier values back."
            )
            .replace("%1", str(import_id))
            .replace("%2", self.table.item(row, 2).text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            undo_import(self.ledger, import_id)
        except ImportRefused as exc:
            QMessageBox.warning(self, self.tr("Cannot undo"), str(exc))
            return
        self.refresh()
        self.undone.emit()
