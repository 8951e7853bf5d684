"""The dashboard (工作概览) as the bureau and a unit see it, and how every report page follows the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtWidgets import QLabel, QTableView

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.ui.undo import CreateRecord
from app.ui.window import MainWindow
from app.vocabulary.kinds import INDICATOR_VALUE, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, make_ledger


@pytest.fixture
def bureau(tmp_path: Path):  # noqa: ANN201
    street = make_ledger(tmp_path / "street.db", "长寿路街道")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=9, status="滞后", progress="场地尚未落实")
    add_record(street, INDICATOR_VALUE, indicator_number=2, period="2025Q1", value=20)
    file = export_submission(street, parse_period("2025Q1"), tmp_path / "a.xlsx").path
    street.close()
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    apply_plan(bureau, plan_import(bureau, [file]))
    yield bureau
    bureau.close()


def show_dashboard(qtbot, w: MainWindow) -> None:  # noqa: ANN001
    w.nav.setCurrentRow(w.stack.indexOf(w.dashboard_page))
    qtbot.waitUntil(lambda: not w.dashboard_page.stale)


def tile(w: MainWindow, caption: str) -> str:
    return next(label.text() for label in w.dashboard_page.findChildren(QLabel) if label.accessibleName() == caption)


def test_bureau_dashboard_shows_submissions_lagging_tasks_and_charts(qtbot, bureau, chinese) -> None:
    with bureau.session() as s:
        from app.store import settings

        settings.put(s, settings.CURRENT_PERIOD, "2025Q1")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    assert w.nav.item(w.stack.indexOf(w.dashboard_page)).text() == "工作概览"
    show_dashboard(qtbot, w)
    assert tile(w, "已报 / 应报") == "1 / 24"
    assert tile(w, "滞后任务（项次）") == "1"
    page = w.dashboard_page
    assert len(page.findChildren(QChartView)) == 3  # indicators, task status by section, streets
    tables = {t.accessibleName(): t for t in page.findChildren(QTableView)}
    lagging = tables["滞后任务"]
    assert [lagging.item(0, j).text() for j in range(3)] == ["9", "长寿路街道", "场地尚未落实"]
    indicators = tables["报告值与台账计算值"]
    row = next(
        i
        for i in range(indicators.rowCount())
        if indicators.item(i, 0).text().startswith("2.") and indicators.item(i, 1).text() == "2025"
    )
    assert [indicators.item(row, j).text() for j in (2, 3)] == ["65", "20"]  # target and reported, side by side
    submissions = tables["2025年第一季度报送情况"]
    assert submissions.item(0, 0).text() == "长寿路街道" and submissions.item(0, 1).text() == "待审核"
    assert all(t.accessibleName() for t in page.findChildren(QTableView))
    w.close()


def test_report_pages_follow_edits_undo_and_the_period(qtbot, bureau, chinese) -> None:
    with bureau.session() as s:
        from app.store import settings

        settings.put(s, settings.CURRENT_PERIOD, "2025Q2")
        own = bureau.own_unit(s).id
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    w.show()
    show_dashboard(qtbot, w)

    def reported_2025(number: int) -> float | None:
        return next(i.reported for i in w.dashboard_page.overview.indicators if (i.number, i.year) == (number, 2025))

    def targets_cell(number: int) -> str:
        t = w.targets_page.table
        row = next(i for i in range(t.rowCount()) if t.item(i, 0).text() == str(number))
        return t.item(row, 5).text()

    assert reported_2025(2) == 20 and targets_cell(2) == "20.0"
    values = {f.key: None for f in INDICATOR_VALUE.input_fields} | {
        "indicator_number": 2,
        "period": "2025Q2",
        "value": 30,
    }
    w.undo_stack.push(CreateRecord(bureau, INDICATOR_VALUE, own, values, lambda _rid: None))
    assert targets_cell(2) == "50.0"  # 指标完成情况 follows at once
    qtbot.waitUntil(lambda: reported_2025(2) == 50)  # and so does the dashboard
    w.undo_stack.undo()
    assert targets_cell(2) == "20.0"
    qtbot.waitUntil(lambda: reported_2025(2) == 20)
    w.period_combo.setCurrentIndex(w.period_combo.findData("2025Q1"))
    qtbot.waitUntil(lambda: w.dashboard_page.overview.period.code == "2025Q1")
    assert "2025年第一季度工作概览" in [label.text() for label in w.dashboard_page.findChildren(QLabel)]
    w.close()


def test_unit_dashboard_shows_its_tasks_due_date_and_what_waits(qtbot, tmp_path, chinese) -> None:
    office = make_ledger(tmp_path / "u.db", "长风新村街道")
    add_record(office, TASK_PROGRESS, period="2025Q1", task_number=9, status="推进中", progress="已部署")
    with office.session() as s:
        from app.store import settings

        settings.put(s, settings.CURRENT_PERIOD, "2025Q1")
    w = MainWindow(office)
    qtbot.addWidget(w)
    w.show()
    show_dashboard(qtbot, w)
    assert tile(w, "本单位任务已填报") == "1 / 8"
    assert tile(w, "报送截止日期") == "2025-04-10"
    texts = " ".join(label.text() for label in w.dashboard_page.findChildren(QLabel))
    assert "本期还有 7 项任务未填报进展" in texts
    table = next(t for t in w.dashboard_page.findChildren(QTableView) if t.accessibleName() == "本单位本期任务")
    statuses = {table.item(i, 0).text(): table.item(i, 2).text() for i in range(table.rowCount())}
    assert statuses["9"] == "推进中" and statuses["1"] == "未报送" and len(statuses) == 8
    w.close()
    office.close()


def test_indicator_chart_value_labels_are_readable(qtbot, tmp_path, chinese) -> None:
    """Two years' bars of an indicator lie close together; each value label must stand on its own
    line (no two overlap), inside the chart, and a bar cut at 200% still tells its true value."""
    from app.ui.reports.charts import RATE_CAP

    street = make_ledger(tmp_path / "street.db", "长寿路街道")
    for number, period, value in [(2, "2024Q4", 19), (2, "2025Q1", 20), (5, "2024Q4", 200), (5, "2025Q1", 35)]:
        add_record(street, INDICATOR_VALUE, indicator_number=number, period=period, value=value)
    files = [export_submission(street, parse_period(p), tmp_path / f"{p}.xlsx").path for p in ("2024Q4", "2025Q1")]
    street.close()
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    apply_plan(bureau, plan_import(bureau, files))
    with bureau.session() as s:
        from app.store import settings

        settings.put(s, settings.CURRENT_PERIOD, "2025Q1")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    show_dashboard(qtbot, w)
    qtbot.wait(10)  # the chart views lay out their charts
    chart = next(v.chart() for v in w.dashboard_page.findChildren(QChartView) if hasattr(v.chart(), "rate_labels"))
    labels = chart.rate_labels
    texts = sorted(item.text() for item in labels)
    assert texts == ["0", "0", "30.8", "31.7", "666.7", "87.5"], texts  # no label where nothing is known
    assert RATE_CAP < 666.7 and "200%" in chart.title()  # the cut bar is said so, its label is true
    rects = [item.sceneBoundingRect() for item in labels]
    for i, a in enumerate(rects):
        assert chart.sceneBoundingRect().contains(a), labels[i].text()
        for j in range(i + 1, len(rects)):
            assert not a.intersects(rects[j]), (labels[i].text(), labels[j].text())
    w.close()
    bureau.close()


def test_a_units_indicators_page_does_not_judge_it_against_the_district_target(qtbot, tmp_path, chinese) -> None:
    """A street's 0.1 亿元 of pledge financing is its part of the district's 3 亿元 target: its page
    shows the target as the district's and its own figures, with no 未达标 held against it."""
    office = make_ledger(tmp_path / "u.db", "长风新村街道")
    add_record(office, INDICATOR_VALUE, indicator_number=3, period="2025Q3", value=0.1, measure_unit="亿元")
    w = MainWindow(office)
    qtbot.addWidget(w)
    t = w.targets_page.table
    headers = [t.horizontalHeaderItem(j).text() for j in range(t.columnCount())]
    assert "全区目标值" in headers and "状态" not in headers and "完成率(%)" not in headers
    row = next(i for i in range(t.rowCount()) if t.item(i, 0).text() == "3" and t.item(i, 3).text() == "2025")
    assert t.item(row, headers.index("报告值")).text() == "0.1"
    cells = {t.item(i, j).text() for i in range(t.rowCount()) for j in range(t.columnCount()) if t.item(i, j)}
    assert not cells & {"未达标", "已达标"}
    w.close()
    office.close()


def test_the_indicators_page_counts_the_year_to_the_end_of_the_current_period(qtbot, tmp_path, chinese) -> None:
    """On 2025Q3 the page shows what the third quarter's reports send upward: the fourth quarter's
    value waits, as it does in the consolidated workbook and the progress report."""
    from app.store import settings

    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    for period, value in (("2025Q2", 10), ("2025Q3", 30), ("2025Q4", 90)):
        add_record(bureau, INDICATOR_VALUE, indicator_number=2, period=period, value=value)
    with bureau.session() as s:
        settings.put(s, settings.CURRENT_PERIOD, "2025Q3")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    page = w.targets_page
    assert page.title.text() == "2025年指标完成情况（截至2025年第三季度末）"
    t = page.table
    row = next(i for i in range(t.rowCount()) if t.item(i, 0).text() == "2" and t.item(i, 3).text() == "2025")
    assert t.item(row, 5).text() == "30.0"
    w.period_combo.setCurrentIndex(w.period_combo.findData("2025Q4"))
    assert t.item(row, 5).text() == "90.0"
    w.close()
    bureau.close()


def test_the_indicator_table_shows_every_column_at_125_percent(qtbot, bureau, chinese) -> None:
    """On a 1366×768 screen at 125 % (1093×614) 台账计算值 is whole and 完成率 in view without scrolling
    sideways; the indicator's long name is what yields."""
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    w.resize(1093, 614)
    w.show()
    show_dashboard(qtbot, w)
    tables = {t.accessibleName(): t for t in w.dashboard_page.findChildren(QTableView)}
    table = tables["报告值与台账计算值"]
    header = table.horizontalHeader()
    labels = [table.horizontalHeaderItem(j).text() for j in range(table.columnCount())]
    assert labels[4:] == ["台账计算值", "完成率"]
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width())
    for j in range(1, table.columnCount()):
        assert table.columnWidth(j) >= header.sectionSizeHint(j), labels[j]  # a header and its numbers whole
    assert table.columnWidth(0) >= 100  # the indicator still names itself (the whole name in the tooltip)
    assert table.item(0, 0).toolTip() == table.item(0, 0).text()
    w.close()
