"""The bureau's pages: who has submitted (报送情况) and the import history with undo."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
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

from app.exchange.layout import Table
from app.merge import ImportRefused, undo_import
from app.merge.imports import IN_EFFECT, SUPERSEDED, UNDONE, ImportEntry, import_history
from app.merge.plan import PENDING_KEY, PENDING_KEY_LABEL, signature_text
from app.reports.consolidated import indicator_table, own_indicator_table, submission_table
from app.store import keys
from app.store.ledger import Ledger
from app.vocabulary.clock import local
from app.vocabulary.periods import Period, parse_period

DONE, MISSING = "#E8F5E9", "#FFF3E0"
FILE_COLUMN = 2  # of the import history
CHANGES_COLUMN = 6


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


class YearReportPage(QWidget):
    """A report over the year of the current period: a title, a read-only table, a note."""

    def __init__(self, ledger: Ledger, period: Period, note: str = "", parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger = ledger
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.table = QTableWidget()
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.set_period(period)

    def set_period(self, period: Period) -> None:
        self.period = period
        self.year = Period(self.period.start.replace(month=1), 12)
        self.refresh()

    def refresh(self) -> None:
        self.title.setText(self.heading(self.year))
        with self.ledger.session() as s:
            table = self.report(s, self.year)
        rows = [list(r) for r in table.rows]
        fill_table(self.table, list(table.headers), rows)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                colour = self.colour(j, value)
                if colour:
                    self.table.item(i, j).setBackground(QColor(colour))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

    def heading(self, year: Period) -> str:
        raise NotImplementedError

    def report(self, s, year: Period) -> Table:  # noqa: ANN001
        raise NotImplementedError

    def colour(self, column: int, value: object) -> str | None:
        return None


class SubmissionsPage(YearReportPage):
    """Units × the quarters of the year: submitted when, superseded, or missing."""

    def __init__(self, ledger: Ledger, period: Period, parent=None) -> None:  # noqa: ANN001
        # The 报送期限 page shows the same units × quarters by due date and review state; this one
        # tells which file counts (its own export date, not the first arrival the deadline goes by).
        note = (
            self.tr(
                "Submitted: the export date of the file that counts for the quarter (superseded: earlier "
                "files it replaced). On time or late, and the review: see the “%1” and “%2” pages."
            )
            .replace("%1", QCoreApplication.translate("MainWindow", "Deadlines"))
            .replace("%2", QCoreApplication.translate("MainWindow", "Review"))
        )
        super().__init__(ledger, period, note, parent)
        self.table.setAccessibleName(self.tr("Submissions"))

    def heading(self, year: Period) -> str:
        return self.tr("Submissions in %1").replace("%1", year.label)

    def report(self, s, year: Period) -> Table:  # noqa: ANN001
        return submission_table(s, year)

    def colour(self, column: int, value: object) -> str | None:
        if column < 2 or value == "本台账":
            return None
        return DONE if str(value).startswith("已报送") else MISSING


class TargetsPage(YearReportPage):
    """The plan's indicators against their targets for the year of the current period: the
    values reported and, where the records allow, the value computed from them."""

    def __init__(self, ledger: Ledger, period: Period, parent=None) -> None:  # noqa: ANN001
        district = self.tr(
            "Reported: the sum of the units' latest values in the year (rates: the latest period's value, "
            "whose and of which period in the last column). "
            "Computed: from the pledge financing records, each registration counted once."
        )
        own = self.tr(
            "Targets are the whole district's for the year. Reported: the values this unit sent; computed: from "
            "this unit's pledge financing records. Whether a target is met, the bureau judges over the district."
        )
        super().__init__(ledger, period, district if ledger.role == "bureau" else own, parent)
        self.table.setAccessibleName(self.tr("Indicators against targets"))

    def heading(self, year: Period) -> str:
        if self.period.end == year.end:  # the whole year, or its last period: nothing left out
            return self.tr("Indicators against targets, %1").replace("%1", year.label)
        return (
            self.tr("Indicators against targets, %1, to the end of %2")
            .replace("%1", year.label)
            .replace("%2", self.period.label)
        )

    def report(self, s, year: Period) -> Table:  # noqa: ANN001
        # the year to the end of the current period: the figures the period's reports send upward
        if self.ledger.role != "bureau":  # a unit's figures are a part of the district's target
            return own_indicator_table(s, self.period)
        return indicator_table(s, self.period)

    def colour(self, column: int, value: object) -> str | None:
        if value in ("已达标", "未达标", "无数据"):
            return DONE if value == "已达标" else MISSING
        return None


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
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
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
        with self.ledger.session() as s:
            entries = import_history(s)
            # files held until their signing key is confirmed (待确认签名) stand first: not imported yet
            waiting = [
                ["—", f"{local(h.held_at):%Y-%m-%d %H:%M}", h.file_name, keys.unit_name(s, h.unit_id) or "—",
                 parse_period(h.period).label if h.period else "—", PENDING_KEY_LABEL,
                 self.tr("Nothing merged until the key is confirmed (Settings → Signing keys)"),
                 signature_text(PENDING_KEY, h.key_fingerprint)]
                for h in keys.held_for_key(s)
            ]  # fmt: skip
        states = {UNDONE: self.tr("Undone"), SUPERSEDED: self.tr("Superseded"), IN_EFFECT: self.tr("In effect")}
        rows = waiting + [
            [
                e.id,
                f"{e.imported_at:%Y-%m-%d %H:%M}",
                e.file_name,
                e.unit or "—",
                e.period.label if e.period else "—",
                states[e.state],
                self.in_two_lines(e.changes),
                self.signature(e),
            ]
            for e in entries
        ]
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
                self.tr("Signature"),
            ],
            rows,
        )
        # Every column shows its text whole (the 签名 column, last, used to get what was left: at 125 %
        # the fingerprint read 签名有效（07A8-…); the file name gives way, elided in the middle, whole
        # in its tooltip: unit and period stand beside it. A long 变更 (新增 3，更新 2，表外修改（已采用）
        # 1，未变 6595) is shown on two lines, else it took the file name's room and pushed 签名
        # off the screen.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FILE_COLUMN, QHeaderView.ResizeMode.Stretch)
        for row in range(self.table.rowCount()):
            for column in (FILE_COLUMN, CHANGES_COLUMN):
                item = self.table.item(row, column)
                item.setToolTip(item.text().replace("\n", ""))
        self.table.resizeRowsToContents()
        self.undo_button.setEnabled(bool(entries))

    def in_two_lines(self, changes: str) -> str:
        """变更 as it is, or broken after a ，once it is wider than 新增 0000，更新 0000，未变 00000."""
        metrics = self.table.fontMetrics()
        widest = metrics.horizontalAdvance("新增 0000，更新 0000，未变 00000")
        if metrics.horizontalAdvance(changes) <= widest or "，" not in changes:
            return changes
        parts = changes.split("，")
        n = len(parts) - 1
        while n > 1 and metrics.horizontalAdvance("，".join(parts[:n]) + "，") > widest:
            n -= 1
        return "，".join(parts[:n]) + "，\n" + "，".join(parts[n:])

    def signature(self, e: ImportEntry) -> str:
        """签名有效（…）, 未签名, and on a second line the rows edited after signing, if any."""
        if not e.uncovered_rows:
            return e.signature or "—"
        return e.signature + "\n" + self.tr("%1 row(s) edited after signing").replace("%1", str(e.uncovered_rows))

    def undo_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or not self.table.item(row, 0).text().isdigit():  # a file held for its key: nothing to undo
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
