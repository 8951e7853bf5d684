"""The dashboard (工作概览): for the bureau, indicators against targets, who has submitted, task
status by section with the lagging tasks, totals by street and town; for a unit, its tasks this
period, its due date and what waits for it. The figures come from app.reports.overview; this page only
draws them, with Qt Charts (see app.ui.reports.charts for why that library).

The page is built and refreshed only while it is shown: the window marks it stale on every change
under it (an edit, an undo, an import, a period switch) and it reloads when next seen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.progress import NOT_REPORTED
from app.store.ledger import Ledger
from app.vocabulary.periods import Period

log = logging.getLogger(__name__)
GOOD, WARN, BAD = "#E8F5E9", "#FFF3E0", "#FDECEA"
CHART_HEIGHT = 300


def _table(
    headers: list[str], rows: list[list[object]], colours: dict[tuple[int, int], str] | None = None, name: str = ""
) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            item = QTableWidgetItem("—" if value is None or value == "" else _text(value))
            if isinstance(value, (int, float)):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            colour = (colours or {}).get((i, j))
            if colour:
                item.setBackground(QColor(colour))
            table.setItem(i, j, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setMinimumHeight(CHART_HEIGHT)
    return table


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _tile(title: str, value: str, note: str = "", colour: str = "#1F4E79") -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet("QFrame { background: #FFFFFF; border: 1px solid #D9D9D9; border-radius: 4px; }")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 8)
    caption = QLabel(title)
    caption.setStyleSheet("border: none; color: #595959;")
    number = QLabel(value)
    number.setStyleSheet(f"border: none; color: {colour}; font-size: 20pt; font-weight: bold;")
    number.setAccessibleName(title)
    layout.addWidget(caption)
    layout.addWidget(number)
    if note:
        detail = QLabel(note)
        detail.setWordWrap(True)
        detail.setStyleSheet("border: none; color: #595959;")
        layout.addWidget(detail)
    frame.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return frame


def _chart_view(chart) -> QWidget:  # noqa: ANN001 - a QChart
    from PySide6.QtCharts import QChartView

    view = QChartView(chart)
    view.chart_ref = chart  # the Python wrapper lives as long as the view that draws it
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)
    return view


def _box(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for w in widgets:
        if not w.accessibleName():
            w.setAccessibleName(title)
        layout.addWidget(w)
    return box


class DashboardPage(QScrollArea):
    def __init__(self, ledger: Ledger, period: Period, bureau: bool, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.period, self.bureau = ledger, period, bureau
        self.stale = True
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Dashboard"))
        self.overview = None

    # --- staying current -------------------------------------------------------------------------

    def set_period(self, period: Period) -> None:
        self.period = period
        self.mark_stale()

    def mark_stale(self) -> None:
        """The data under the page changed: reload now if it is in view, else when next shown."""
        self.stale = True
        if self.isVisible():
            QTimer.singleShot(0, self.refresh_if_stale)

    def refresh(self) -> None:  # the window's refresh_all
        self.mark_stale()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        if self.stale and self.isVisible():
            try:
                self.reload()
            except Exception as exc:  # noqa: BLE001 - raised inside showEvent it would abort the program
                log.exception("dashboard not drawn")
                self.stale = False
                message = QLabel(self.tr("The dashboard could not be drawn: %1").replace("%1", str(exc)))
                message.setWordWrap(True)
                old = self.takeWidget()
                if old is not None:
                    old.deleteLater()
                self.setWidget(message)

    def reload(self) -> None:
        from app.reports.overview import bureau_overview, unit_overview

        period = self.period
        self.overview = bureau_overview(self.ledger, period) if self.bureau else unit_overview(self.ledger, period)
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(self._bureau_view(self.overview) if self.bureau else self._unit_view(self.overview))
        self.stale = False

    # --- the bureau's view -------------------------------------------------------------------------

    def _bureau_view(self, o) -> QWidget:  # noqa: ANN001 - a BureauOverview
        from app.ui.reports.charts import STATUS_COLOURS, bar_chart, rate_chart, rate_chart_height, stacked_chart

        page = QWidget()
        grid = QGridLayout(page)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        title = QLabel(self.tr("Overview of %1").replace("%1", o.period.label))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        grid.addWidget(title, 0, 0, 1, 2)

        year = o.period.year
        met, total = o.indicators_met(year)
        lagging = len(o.lagging)
        tiles = QHBoxLayout()
        tiles.addWidget(
            _tile(
                self.tr("Submitted / expected"),
                f"{o.submitted} / {o.expected}",
                self.tr("Missing after the due date: %1").replace("%1", str(len(o.missing))),
            )
        )
        tiles.addWidget(
            _tile(self.tr("Late"), str(len(o.late)), "、".join(o.late[:4]), "#C00000" if o.late else "#1F4E79")
        )
        tiles.addWidget(
            _tile(
                self.tr("Returned"),
                str(len(o.returned)),
                "、".join(o.returned[:4]),
                "#ED7D31" if o.returned else "#1F4E79",
            )
        )
        tiles.addWidget(_tile(self.tr("Lagging task reports"), str(lagging), "", "#C00000" if lagging else "#1F4E79"))
        tiles.addWidget(_tile(self.tr("Indicators met in %1").replace("%1", str(year)), f"{met} / {total}"))
        grid.addLayout(tiles, 1, 0, 1, 2)

        # indicators against targets: the chart, and reported and computed values side by side
        years = sorted({i.year for i in o.indicators})
        names = list(dict.fromkeys(i.name for i in o.indicators))
        by = {(i.name, i.year): i for i in o.indicators}
        rates = {y: [by[(n, y)].rate if (n, y) in by else None for n in names] for y in years}
        chart = rate_chart(
            self.tr("Completion (%)"), names, rates, self.tr("(above %1%: drawn at %1%, the label gives the value)")
        )
        rates_view = _chart_view(chart)
        # tall enough that each year's value label has a line of its own beside its bar
        rates_view.setMinimumHeight(rate_chart_height(chart, CHART_HEIGHT) + 2 * rates_view.frameWidth())
        grid.addWidget(_box(self.tr("Indicators against targets"), rates_view), 2, 0)
        headers = [
            self.tr("Indicator"),
            self.tr("Year"),
            self.tr("Target"),
            self.tr("Reported"),
            self.tr("Computed"),
            self.tr("Completion"),
        ]
        rows, colours = [], {}
        lines = sorted(o.indicators, key=lambda x: (x.number, x.year))
        for i, line in enumerate(lines):
            rate = f"{line.rate:g}%" if line.rate is not None else None
            rows.append([f"{line.number}. {line.name}", line.year, line.target, line.reported, line.computed, rate])
            if line.state != "无数据":
                colours[(i, 5)] = GOOD if line.state == "已达标" else WARN
        values = _table(headers, rows, colours)
        # the numbers stay whole and 完成率 in view at 125 %; the indicator's long name yields (tooltip)
        header = values.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        values.setWordWrap(False)
        for i in range(values.rowCount()):
            values.item(i, 0).setToolTip(values.item(i, 0).text())
        for i, line in enumerate(lines):
            if line.source:  # a ratio: the latest period's value of one unit, not a sum
                values.item(i, 3).setToolTip(self.tr("Reported by %1").replace("%1", line.source))
        grid.addWidget(_box(self.tr("Reported and computed values"), values), 2, 1)

        # tasks: status by section, and the lagging ones
        sections = [title if len(title) <= 12 else title[:11] + "…" for title, _c in o.by_section]
        # what the units reported; the many 未报送 pairs would dwarf it, so they are counted in the title
        parts = {
            status: [counts.get(status, 0) for _t, counts in o.by_section]
            for status in STATUS_COLOURS
            if status != NOT_REPORTED
        }
        unreported = sum(counts.get(NOT_REPORTED, 0) for _t, counts in o.by_section)
        grid.addWidget(
            _box(
                self.tr("Task status by section (unit reports; %1 not yet reported)").replace("%1", str(unreported)),
                _chart_view(stacked_chart("", sections, parts, STATUS_COLOURS)),
            ),
            3,
            0,
        )
        lag_rows = [[f"{t.number}", u.unit, u.progress or u.problems] for t, u in o.lagging]
        lag_table = _table([self.tr("Task"), self.tr("Unit"), self.tr("Progress")], lag_rows)
        grid.addWidget(_box(self.tr("Lagging tasks"), lag_table), 3, 1)

        # who submitted when, and the totals by street and town
        sub_rows, sub_colours = [], {}
        for i, st in enumerate(o.submissions):
            sub_rows.append(
                [
                    st.unit,
                    st.state_label,
                    f"{st.submitted_at:%Y-%m-%d %H:%M}" if st.submitted_at else "",
                    st.due.isoformat(),
                    st.standing,
                ]
            )
            colour = {"late": BAD, "missing": BAD, "on_time": GOOD}.get(st.timeliness)
            if st.state == "returned":
                colour = WARN
            if colour:
                sub_colours[(i, 4)] = colour
        sub_table = _table(
            [self.tr("Unit"), self.tr("State"), self.tr("Submitted"), self.tr("Due"), self.tr("Standing")],
            sub_rows,
            sub_colours,
        )
        grid.addWidget(_box(self.tr("Submissions for %1").replace("%1", o.period.label), sub_table), 4, 0)
        streets = [r for r in o.streets if r[0] != "合计"]
        amounts = {
            self.tr("Pledge financing (10k yuan)"): [float(r[7]) for r in streets],
            self.tr("Patent deals (10k yuan)"): [float(r[5]) for r in streets],
        }
        street_chart = bar_chart("", [str(r[0]) for r in streets], amounts)
        view = _chart_view(street_chart)
        view.setMinimumHeight(CHART_HEIGHT + 120)
        grid.addWidget(_box(self.tr("Totals by street and town, %1").replace("%1", o.year.label), view), 4, 1)
        street_table = _table(
            o.street_headers,
            [list(r) for r in o.streets],
            name=self.tr("Totals by street and town, %1").replace("%1", o.year.label),
        )
        street_table.horizontalHeader().setStretchLastSection(False)
        street_table.resizeRowsToContents()
        rows_height = sum(street_table.rowHeight(i) for i in range(street_table.rowCount()))
        street_table.setMinimumHeight(rows_height + street_table.horizontalHeader().height() + 4)
        grid.addWidget(street_table, 5, 0, 1, 2)
        return page

    # --- a unit's view -----------------------------------------------------------------------------

    def _unit_view(self, o) -> QWidget:  # noqa: ANN001 - a UnitOverview
        from app.reports.overview import RESENT

        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("%1 — %2").replace("%1", o.unit).replace("%2", o.period.label))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        tiles = QHBoxLayout()
        copied = self.tr("and %1 copied from last period, to check").replace("%1", str(o.copied)) if o.copied else ""
        tiles.addWidget(_tile(self.tr("My tasks reported"), f"{o.reported} / {len(o.tasks)}", copied))
        # an office ledger does not know whether the bureau has received its file: it shows the days
        # left, and the review state only when the bureau's feedback said something
        left = (
            self.tr("%1 days left").replace("%1", str(o.days_left))
            if o.days_left >= 0
            else self.tr("%1 days past").replace("%1", str(-o.days_left))
        )
        tiles.addWidget(
            _tile(self.tr("Due date"), f"{o.due:%Y-%m-%d}", left, "#C00000" if 0 <= o.days_left <= 3 else "#1F4E79")
        )
        if o.state == "已退回":
            tiles.addWidget(_tile(self.tr("Submission"), o.state, "", "#ED7D31"))
        elif o.state == RESENT:  # the answers and fixes went out: waiting for the bureau, not for the unit
            tiles.addWidget(_tile(self.tr("Submission"), o.state, "", "#1F4E79"))
        tiles.addWidget(
            _tile(self.tr("Comments to answer"), str(o.open_comments), "", "#C00000" if o.open_comments else "#1F4E79")
        )
        layout.addLayout(tiles)
        waiting = o.waiting
        note = QLabel(
            ("<b>" + self.tr("Waiting for you:") + "</b><br>" + "<br>".join(f"• {w}" for w in waiting))
            if waiting
            else self.tr("Nothing is waiting for you this period.")
        )
        note.setWordWrap(True)
        note.setStyleSheet("padding: 6px;")
        layout.addWidget(note)
        colours = {
            (i, 2): (WARN if status == "未报送" or n in o.copied_tasks else BAD if status == "滞后" else GOOD)
            for i, (n, _t, status) in enumerate(o.tasks)
        }
        copied = self.tr("%1 (copied, check it)")
        table = _table(
            [self.tr("Task"), self.tr("Task content"), self.tr("Status this period")],
            [[n, text, copied.replace("%1", status) if n in o.copied_tasks else status] for n, text, status in o.tasks],
            colours,
        )
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(_box(self.tr("My tasks this period"), table), 1)
        return page
