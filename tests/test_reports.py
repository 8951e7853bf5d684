"""The bureau's consolidated workbook: reports against the plan, duplicates counted once, importable."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from app.exchange.layout import Table
from app.merge import NEW, apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.reports.consolidated import consolidate, indicator_table
from app.reports.progress import build_report
from app.review import state as review
from app.review.feedback import return_submission
from app.vocabulary.kinds import INDICATOR_VALUE, PATENT_LISTING, PLEDGE_FINANCING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record

CODE = "91310107MA1G5K3L1X"


def sheet(path: Path, name: str) -> list[list]:
    """A report sheet from its header row on (a title and a note stand above it)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    assert rows[0][0].startswith(name)  # the title says what the sheet is
    return rows[Table.TITLE_ROWS :]


def pledge(ledger, reg_no: str, amount: float, street: str, on: date = date(2025, 2, 10)) -> str:
    return add_record(
        ledger,
        PLEDGE_FINANCING,
        company="上海乙公司",
        credit_code=CODE,
        pledgee="上海农商银行",
        collateral_type="专利",
        amount=amount,
        registration_no=reg_no,
        registered_on=on,
        street=street,
    )


def test_consolidated_workbook(ledgers, tmp_path: Path) -> None:
    a, b, bureau = ledgers("长寿路街道"), ledgers("曹杨新村街道"), ledgers("区知识产权局")
    pledge(a, "Y2025-001", 5000.0, "长寿路街道")
    pledge(b, "Y2025-001", 5000.0, "长寿路街道")  # the same registration, reported twice
    pledge(b, "Y2025-002", 10000.0, "曹杨新村街道")
    add_record(a, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    add_record(b, TASK_PROGRESS, period="2025Q2", task_number=1, status="已完成", progress="已完成")
    add_record(a, INDICATOR_VALUE, indicator_number=2, period="2025Q1", value=20)
    add_record(b, INDICATOR_VALUE, indicator_number=2, period="2025Q2", value=25)
    add_record(
        a,
        PATENT_LISTING,
        patent_no="202310123456.6",
        title="一种装置",
        holder="甲",
        deal_mode="转让",
        listed_on=date(2025, 1, 5),
        listing_status="在架",
        price=10,
    )
    files = [
        export_submission(a, parse_period("2025Q1"), tmp_path / "a.xlsx").path,
        export_submission(b, parse_period("2025Q1"), tmp_path / "b1.xlsx").path,
        export_submission(b, parse_period("2025Q2"), tmp_path / "b2.xlsx").path,
    ]
    apply_plan(bureau, plan_import(bureau, files[:2]), received=datetime(2025, 4, 8))
    apply_plan(bureau, plan_import(bureau, files[2:]), received=datetime(2025, 7, 25))  # after 10 July
    return_submission(bureau, "曹杨新村街道", parse_period("2025Q1"), "请补充", tmp_path / "反馈.xlsx")
    review.accept(bureau, "曹杨新村街道", parse_period("2025Q2"))

    path, counts = consolidate(bureau, parse_period("2025"), tmp_path / "汇总.xlsx")
    assert counts["质押融资"] == 3 and counts["任务进展"] == 2

    indicators = {(r[0], r[3]): r for r in sheet(path, "指标完成情况")[1:]}
    pct = indicators[(2.0, 2025.0)]
    assert (pct[4], pct[5], pct[8]) == (65.0, 45.0, "未达标")  # 20 + 25 reported against 65
    pledged = indicators[(3.0, 2025.0)]
    assert pledged[6] == 1.5  # 5,000 + 10,000 万元 = 1.5 亿元: the duplicate counted once

    matrix = sheet(path, "任务推进矩阵")
    header, task1 = matrix[0], matrix[1]
    assert task1[header.index("长寿路街道")] == "推进中" and task1[header.index("曹杨新村街道")] == "已完成"
    assert task1[header.index("长风新村街道")] == "未报送"
    assert matrix[2][header.index("长寿路街道")] == "—"  # task 2 is not a street's

    status = {r[0]: r for r in sheet(path, "报送情况")}
    assert status["填报单位"][2:] == ["2025年第一季度", "2025年第二季度", "2025年第三季度", "2025年第四季度"]
    # each unit × period as the 报送期限 page shows it: on time or late, and the review state
    assert status["长寿路街道"][2].startswith("按时·待审核 ") and status["长寿路街道"][3] == "未报送"
    assert status["曹杨新村街道"][2].startswith("已退回 ")  # returned: not simply 已报送
    assert status["曹杨新村街道"][3].startswith("已接收（逾期） ")
    # 未达标, 逾期 and 未报送 in red and bold, as the progress report (PDF, print, Word) shows them
    book = openpyxl.load_workbook(path)
    for name in ("指标完成情况", "报送情况"):
        for row in book[name].iter_rows(min_row=Table.TITLE_ROWS + 2):
            for c in row:
                flagged = isinstance(c.value, str) and ("未达标" in c.value or "逾期" in c.value or c.value == "未报送")
                red = c.font.b and c.font.color is not None and c.font.color.rgb == "FFC00000"
                assert bool(red) == flagged, (name, c.coordinate, c.value)

    # the task text, cut with “…” where it is cut
    task_texts = [r[header.index("任务内容")] for r in matrix[1:]]
    assert any(t.endswith("…") for t in task_texts)
    assert all(len(t) <= 42 for t in task_texts)

    stats = {r[0]: r for r in sheet(path, "统计")}
    assert stats["长寿路街道"][6:8] == [1.0, 5000.0] and stats["合计"][6:8] == [2.0, 15000.0]

    dups = sheet(path, "疑似重复")
    assert len(dups) == 2 and dups[1][2] == "长寿路街道、曹杨新村街道"

    # A city-level ledger merges the consolidated workbook like any submission.
    city = ledgers("区知识产权局", name="city.db")
    refused = plan_import(city, [path])  # only by deliberate choice, naming whose records it touches
    assert "曹杨新村街道、长寿路街道" in str(refused.errors[0]) and "--consolidated" in str(refused.errors[0])
    plan = plan_import(city, [path], consolidated=True)
    assert plan.errors == []
    assert {r.action for f in plan.files for r in f.rows} == {NEW} and plan.counts()["new"] == sum(counts.values())
    assert plan.counts()["duplicates"] == 1


def test_a_quarters_indicator_figures_stop_at_its_end_in_every_report(ledgers, tmp_path: Path) -> None:
    """What a third-quarter report sends upward is the year to the end of September: the fourth
    quarter's value and a pledge registered in November wait for the year's report. The consolidated
    workbook, the progress report and indicator_table (which the window's page shows, see
    tests/ui/test_dashboard.py) give the same figures."""
    a, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    for period, value in (("2025Q2", 10), ("2025Q3", 30), ("2025Q4", 90)):
        add_record(a, INDICATOR_VALUE, indicator_number=2, period=period, value=value)
    pledge(a, "Y2025-001", 5000.0, "长寿路街道", date(2025, 8, 1))
    pledge(a, "Y2025-002", 10000.0, "长寿路街道", date(2025, 11, 3))
    apply_plan(bureau, plan_import(bureau, [export_submission(a, parse_period("2025"), tmp_path / "a.xlsx").path]))

    def figures(rows) -> tuple:  # noqa: ANN001 - (reported indicator 2, computed indicator 3) for 2025
        by = {(int(r[0]), int(r[3])): r for r in rows}
        return by[(2, 2025)][5], by[(3, 2025)][6]

    q3 = parse_period("2025Q3")
    book, _counts = consolidate(bureau, q3, tmp_path / "q3.xlsx")
    assert figures(sheet(book, "指标完成情况")[1:]) == (30.0, 0.5)
    report = build_report(bureau, q3, today=date(2025, 10, 20))
    assert figures([[i.number, "", "", i.year, i.target, i.reported, i.computed] for i in report.indicators]) == (
        30.0,
        0.5,
    )
    with bureau.session() as s:
        assert figures(indicator_table(s, q3).rows) == (30.0, 0.5)
        assert figures(indicator_table(s, parse_period("2025")).rows) == (90.0, 1.5)  # the whole year


def test_a_year_report_shows_each_units_quarters(ledgers, tmp_path: Path) -> None:
    """A report over the year counts the quarters' submissions (issue 23 item 1): it said 应报 24 家，
    已报送 0 家 and listed every unit as 未报送 against the year's own (never used) due date."""
    a, b, bureau = ledgers("长寿路街道"), ledgers("曹杨新村街道"), ledgers("区知识产权局")
    add_record(a, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    add_record(b, TASK_PROGRESS, period="2025Q4", task_number=1, status="推进中", progress="已推进")
    sent = [
        (a, "2025Q1", datetime(2025, 4, 8)),
        (a, "2025Q2", datetime(2025, 7, 20)),  # after 10 July: late
        (b, "2025Q4", datetime(2026, 1, 6)),
    ]
    for i, (ledger, period, when) in enumerate(sent):
        path = export_submission(ledger, parse_period(period), tmp_path / f"{i}.xlsx").path
        apply_plan(bureau, plan_import(bureau, [path]), received=when)

    report = build_report(bureau, parse_period("2025"), today=date(2026, 1, 20))
    line = {s.unit: s for s in report.submissions}
    assert [p.period.code for p in line["长寿路街道"].periods] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert [p.standing for p in line["长寿路街道"].periods] == ["按时·待审核", "逾期·待审核", "未报送", "未报送"]
    assert line["长寿路街道"].periods[0].submitted_at.date() == date(2025, 4, 8)
    assert [p.standing for p in line["曹杨新村街道"].periods][3] == "按时·待审核"
    assert line["曹杨新村街道"].periods[3].due == date(2026, 1, 10)
    assert (report.submitted, report.late) == (3, 1)
    summary = report.summary()[0]
    units = len(report.submissions)
    assert f"本报告期共 4 个季度，应报送 {units * 4} 期次（{units} 家单位），已报送 3 期次，其中逾期 1 期次" in summary
    headers, rows = report.submission_rows()
    assert headers == ["单位", "第一季度", "第二季度", "第三季度", "第四季度"]
    assert next(r for r in rows if r[0] == "长寿路街道")[1:3] == ["按时·待审核\n04-08", "逾期·待审核\n07-20"]


def test_a_station_two_units_report_is_flagged_and_counted_once(ledgers, tmp_path: Path) -> None:
    """The same trademark station (same name, host and address) reported by two units was previewed
    as plain 新增 and counted twice (issue 23 item 2): each kind's Kind says what makes two units'
    records the same item, and every total counts it once."""
    from app.reports.overview import bureau_overview
    from app.vocabulary.kinds import BRAND_STATION, STATION_SERVICE

    a, b, bureau = ledgers("长寿路街道"), ledgers("曹杨新村街道"), ledgers("区知识产权局")
    station = dict(
        host_org="上海甲商务服务有限公司",
        street="长寿路街道",
        address="普陀区长寿路 100 号",
        status="已揭牌",
        opened_on=date(2025, 3, 1),
    )
    add_record(a, BRAND_STATION, name="长寿路商标品牌指导站", **station)
    add_record(b, BRAND_STATION, name="长寿路 商标品牌指导站", **station)  # as the other clerk typed it
    add_record(b, BRAND_STATION, name="曹杨商标品牌指导站", **{**station, "street": "曹杨新村街道"})
    for ledger in (a, b):
        add_record(ledger, STATION_SERVICE, station_name="长寿路商标品牌指导站", period="2025Q1", consultations=3)
    files = [export_submission(x, parse_period("2025Q1"), tmp_path / f"{i}.xlsx").path for i, x in enumerate((a, b))]
    apply_plan(bureau, plan_import(bureau, files[:1]))
    preview = plan_import(bureau, files[1:])
    flagged = {(r.kind.sheet, r.duplicate_of) for f in preview.files for r in f.rows if r.duplicate_of}
    assert flagged == {("商标品牌指导站", "长寿路街道"), ("指导站服务", "长寿路街道")}
    apply_plan(bureau, preview)

    path, _counts = consolidate(bureau, parse_period("2025Q1"), tmp_path / "汇总.xlsx")
    stats = {r[0]: r for r in sheet(path, "统计")}
    assert stats["长寿路街道"][1] == 1 and stats["合计"][1] == 2  # three records, two stations
    dups = sheet(path, "疑似重复")[1:]
    assert sorted(r[0] for r in dups) == ["商标品牌指导站", "指导站服务"]
    assert all(r[2] == "长寿路街道、曹杨新村街道" for r in dups)
    dashboard = {r[0]: r for r in bureau_overview(bureau, parse_period("2025Q1"), today=date(2025, 4, 20)).streets}
    assert dashboard["长寿路街道"][1] == 1 and dashboard["合计"][1] == 2


def test_a_ratio_is_the_latest_periods_value_and_says_whose(ledgers, tmp_path: Path) -> None:
    """Indicator 1 (per 10,000 people) took the bureau's own stale 2025Q1 value and ignored 区统计局's
    2025Q4 one (issue 23 item 5): a ratio is the latest period's value, and every page, workbook and
    report that shows it says whose value of which period it is."""
    stats, bureau = ledgers("区统计局"), ledgers("区知识产权局")
    add_record(bureau, INDICATOR_VALUE, indicator_number=1, period="2025Q1", value=20.0)
    add_record(stats, INDICATOR_VALUE, indicator_number=1, period="2025Q4", value=23.5)
    apply_plan(
        bureau, plan_import(bureau, [export_submission(stats, parse_period("2025Q4"), tmp_path / "s.xlsx").path])
    )
    year = parse_period("2025")

    report = build_report(bureau, year, today=date(2026, 1, 20))
    line = next(i for i in report.indicators if (i.number, i.year) == (1, 2025))
    assert (line.reported, line.source) == (23.5, "区统计局 2025年第四季度")
    assert "指标1（2025年）为区统计局 2025年第四季度报送的数值" in report.indicator_note()
    with bureau.session() as s:
        table = indicator_table(s, year)
    row = next(r for r in table.rows if (r[0], r[3]) == (1, 2025))
    assert row[5] == 23.5 and row[table.headers.index("报告值来源")] == "区统计局 2025年第四季度"
    path, _counts = consolidate(bureau, year, tmp_path / "汇总.xlsx")
    rows = sheet(path, "指标完成情况")
    book = next(r for r in rows[1:] if (r[0], r[3]) == (1.0, 2025.0))
    assert book[rows[0].index("报告值来源")] == "区统计局 2025年第四季度"


def test_street_totals_count_the_years_listings_and_the_summary_names_lagging_once(ledgers, tmp_path: Path) -> None:
    """各街道镇合计（2025年） counted all of a unit's listings (60, not the 27 listed in 2025), and the
    report said 滞后 … 项次 twice in one sentence (issue 23 item 18)."""
    from app.reports.overview import bureau_overview

    a, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    numbers = ("202310123450.9", "202310123451.3", "202310123452.8")
    for number, listed in zip(numbers, (date(2024, 6, 1), date(2025, 3, 1), date(2025, 11, 1)), strict=True):
        add_record(
            a,
            PATENT_LISTING,
            patent_no=number,
            title="一种装置",
            holder="甲",
            deal_mode="转让",
            listed_on=listed,
            listing_status="在架",
            price=10,
        )
    add_record(a, TASK_PROGRESS, period="2025Q4", task_number=1, status="滞后", progress="尚未启动招标")
    apply_plan(bureau, plan_import(bureau, [export_submission(a, parse_period("2025Q4"), tmp_path / "a.xlsx").path]))

    streets = {r[0]: r for r in bureau_overview(bureau, parse_period("2025Q4"), today=date(2026, 1, 5)).streets}
    assert streets["长寿路街道"][2:4] == [2, 20.0]  # two listed in 2025, not three
    path, _counts = consolidate(bureau, parse_period("2025"), tmp_path / "汇总.xlsx")
    assert {r[0]: r for r in sheet(path, "统计")}["长寿路街道"][2:4] == [2.0, 20.0]
    sentence = build_report(bureau, parse_period("2025Q4"), today=date(2026, 1, 5)).summary()[1]
    assert sentence.count("滞后") == 1, sentence


def test_a_units_report_for_the_whole_year_is_its_latest_word(ledgers, tmp_path: Path) -> None:
    """A clerk closing the year reports a task and an indicator for 2025年度 after the third quarter's
    rows: the year's task matrix showed the third quarter's 滞后 and the year's indicator summed the
    third quarter's 2.2 instead of the year's 8 — a period was taken as later by its start, and the
    year starts in January. Every report of the year takes the year's row, as of 31 December."""
    a, bureau = ledgers("长征镇"), ledgers("区知识产权局")
    add_record(a, TASK_PROGRESS, period="2025Q3", task_number=31, status="滞后", progress="未落实场地")
    add_record(a, TASK_PROGRESS, period="2025", task_number=31, status="已完成", progress="全年完成托管服务")
    add_record(a, INDICATOR_VALUE, indicator_number=7, period="2025Q3", value=2.2)
    add_record(a, INDICATOR_VALUE, indicator_number=7, period="2025", value=8)
    apply_plan(bureau, plan_import(bureau, [export_submission(a, parse_period("2025"), tmp_path / "a.xlsx").path]))
    year = parse_period("2025")

    path, _counts = consolidate(bureau, year, tmp_path / "汇总.xlsx")
    matrix = sheet(path, "任务推进矩阵")
    task31 = next(r for r in matrix[1:] if r[0] == 31.0)
    assert task31[matrix[0].index("长征镇")] == "已完成"
    indicators = {(r[0], r[3]): r for r in sheet(path, "指标完成情况")[1:]}
    assert indicators[(7.0, 2025.0)][5] == 8.0
    report = build_report(bureau, year, today=date(2026, 1, 20))
    unit = next(u for t in report.tasks if t.number == 31 for u in t.units if u.unit == "长征镇")
    assert (unit.status, unit.progress) == ("已完成", "全年完成托管服务")
    assert next(i for i in report.indicators if (i.number, i.year) == (7, 2025)).reported == 8.0


def test_a_units_row_for_the_year_beside_its_fourth_quarters_is_the_years_figure(ledgers, tmp_path: Path) -> None:
    """A unit that closes the year with its 2025Q4 rows and a 2025年度 row (the blank template's
    way): the year's matrix, 指标完成情况 and progress report take the year row; they took Q4's
    (both end on 31 December and the shorter period won; found by review)."""
    a, bureau = ledgers("长征镇"), ledgers("区知识产权局")
    add_record(a, TASK_PROGRESS, period="2025Q4", task_number=31, status="推进中", progress="四季度在建")
    add_record(a, TASK_PROGRESS, period="2025", task_number=31, status="已完成", progress="全年完成托管服务")
    add_record(a, INDICATOR_VALUE, indicator_number=7, period="2025Q4", value=1.5)  # the quarter's own
    add_record(a, INDICATOR_VALUE, indicator_number=7, period="2025", value=8)  # the year's total
    apply_plan(bureau, plan_import(bureau, [export_submission(a, parse_period("2025"), tmp_path / "a.xlsx").path]))
    year = parse_period("2025")
    path, _counts = consolidate(bureau, year, tmp_path / "汇总.xlsx")
    matrix = sheet(path, "任务推进矩阵")
    task31 = next(r for r in matrix[1:] if r[0] == 31.0)
    indicators = {(r[0], r[3]): r for r in sheet(path, "指标完成情况")[1:]}
    report = build_report(bureau, year, today=date(2026, 1, 20))
    unit = next(u for t in report.tasks if t.number == 31 for u in t.units if u.unit == "长征镇")
    assert (task31[matrix[0].index("长征镇")], indicators[(7.0, 2025.0)][5], unit.status) == ("已完成", 8.0, "已完成")
