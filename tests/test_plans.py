"""Several action plans in one ledger: each period belongs to the plan in force, and records keep
the plan they were reported under."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.store import catalogue, records
from app.vocabulary.kinds import INDICATOR_VALUE, TASK_PROGRESS
from app.vocabulary.periods import Granularity, parse_period
from db.models import IndicatorValue, TaskProgress

SECOND_PLAN = {
    "title": "普陀区知识产权强区建设行动方案（2026-2027年）",
    "doc_number": "普府办〔2026〕3号",
    "issued_on": "2026-01-20",
    "start_year": 2026,
    "end_year": 2027,
    "sections": [
        {"number": "三", "title": "提升知识产权创造质量", "subsections": [{"number": "一", "title": "培育高价值专利"}]},
        {"number": "四", "title": "强化知识产权保护", "subsections": []},
    ],
    "tasks": [
        {
            "number": 1,
            "section": "三",
            "subsection": "一",
            "text": "建设高价值专利培育中心。",
            "all_members": False,
            "lead_units": ["区科委", "长寿路街道"],
        },
        {
            "number": 2,
            "section": "四",
            "subsection": None,
            "text": "开展知识产权保护专项行动。",
            "all_members": True,
            "lead_units": [],
        },
    ],
    "indicators": [
        {"number": 1, "name": "数据知识产权登记量", "measure_unit": "件", "targets": {"2026": 10, "2027": 15}},
    ],
}


def add_second_plan(ledger):  # noqa: ANN001, ANN201
    with ledger.session() as s:
        return catalogue.add_plan(s, SECOND_PLAN).id


def test_a_ledger_starts_with_the_built_in_plan(ledger) -> None:
    with ledger.session() as s:
        (plan,) = catalogue.plans(s)
        assert plan.builtin and plan.uid == catalogue.BUILTIN_UID
        assert (plan.start_year, plan.end_year, plan.doc_number) == (2024, 2025, "普府办〔2024〕26号")
        assert plan.issued_on == date(2024, 11, 7)
        assert len(catalogue.tasks(s, plan)) == 53 and len(catalogue.indicators(s, plan)) == 7


def test_each_period_belongs_to_the_plan_in_force(ledger) -> None:
    second = add_second_plan(ledger)
    with ledger.session() as s:
        assert catalogue.plan_of_period(s, parse_period("2025Q4")).builtin
        assert catalogue.plan_of_period(s, parse_period("2026Q1")).id == second
        assert catalogue.plan_of_period(s, parse_period("2028")).id == second  # after every plan: the last one
        assert catalogue.plan_of_period(s, parse_period("2023-05")).builtin  # before every plan: the first one
        assert [t.text for t in catalogue.tasks(s, "2026Q2")] == [
            "建设高价值专利培育中心。",
            "开展知识产权保护专项行动。",
        ]
        assert len(catalogue.tasks(s, "2025Q2")) == len(catalogue.tasks(s)) == 53
        assert catalogue.task(s, 1, second).section.title == "培育高价值专利"
        assert [u.name for u in catalogue.task(s, 1, second).lead_units] == ["长寿路街道", "区科委"]
        assert catalogue.targets(s, "2026") == {1: {2026: 10.0, 2027: 15.0}}
        assert catalogue.targets(s)[1] == {2024: 20.0, 2025: 23.0}
        street = catalogue.find_unit(s, "长寿路街道")
        court = catalogue.find_unit(s, "区法院")
        assert [t.number for t in catalogue.tasks_of_unit(s, street, "2026Q1")] == [1, 2]
        assert [t.number for t in catalogue.tasks_of_unit(s, court, "2026Q1")] == [2]
        assert [t.number for t in catalogue.tasks_of_unit(s, street)] == [1, 9, 18, 31, 48, 51, 52, 53]


def test_the_period_choices_are_those_of_the_plans_current_first(ledger) -> None:
    with ledger.session() as s:
        quarters = [p.code for p in catalogue.plan_periods(s, Granularity.QUARTER, date(2026, 11, 25))]
        assert quarters[0] == "2025Q4" and quarters[-1] == "2024Q1" and len(quarters) == 8
    add_second_plan(ledger)
    with ledger.session() as s:
        quarters = [p.code for p in catalogue.plan_periods(s, Granularity.QUARTER, date(2026, 11, 25))]
        assert quarters[:2] == ["2026Q4", "2026Q3"] and "2027Q1" not in quarters and quarters[-1] == "2024Q1"
        years = [p.code for p in catalogue.plan_periods(s, Granularity.YEAR, date(2026, 11, 25))]
        assert years == ["2026", "2025", "2024"]


def test_records_point_to_the_plan_they_were_reported_under(ledger) -> None:
    with ledger.session() as s:
        unit = ledger.own_unit(s)
        early = records.create(s, TASK_PROGRESS, unit.id, {"period": "2026Q1", "task_number": 2, "status": "未启动"})
        early_id = early.id
    second = add_second_plan(ledger)  # loaded after a 2026 report was made under the old plan
    with ledger.session() as s:
        unit = ledger.own_unit(s)
        later = records.create(s, TASK_PROGRESS, unit.id, {"period": "2026Q2", "task_number": 2, "status": "未启动"})
        records.bulk_create(
            s,
            INDICATOR_VALUE,
            [({"indicator_number": 1, "period": p, "value": 3.0}, {"unit_id": unit.id}) for p in ("2025Q4", "2026Q1")],
        )
        assert s.get(TaskProgress, early_id).plan_id == catalogue.builtin_plan(s).id
        assert later.plan_id == second
        by_period = dict(s.execute(select(IndicatorValue.period, IndicatorValue.plan_id)).all())
        assert by_period == {"2025Q4": catalogue.builtin_plan(s).id, "2026Q1": second}


@pytest.mark.parametrize(
    ("value", "written", "expected", "says"),
    [
        (500, "", "亿元", None),  # blank: the indicator's own unit
        (5, "亿元", "亿元", None),
        (5, " 亿 元 ", "亿元", None),  # spaces typed in a cell
        (500, "万元", "亿元", "500 万元 = 0.05 亿元"),
        (2, "亿元", "万元", "2 亿元 = 20,000 万元"),
        (12, "%", "件", "请按“件”填写数值"),
        (85, "％", "%", None),  # the full-width sign a Chinese input method types
        (5, "件／万人", "件／万人", None),
        (30_000_000, "元", "亿元", "30,000,000 元 = 0.3 亿元"),
        (1, "元", "亿元", "1 元 = 0.00000001 亿元"),
    ],
)
def test_an_indicator_value_in_another_unit_of_measure_is_explained(value, written, expected, says) -> None:
    problem = catalogue.measure_problem(3, value, written, expected)
    if says is None:
        assert problem is None
    else:
        assert problem is not None and says in problem and f"以“{expected}”计" in problem


def test_an_indicator_value_in_wan_yuan_is_refused_at_import_naming_the_conversion(ledgers, tmp_path) -> None:
    """500 with 万元 beside it would have counted as 500 亿元 in every total: the row is an error
    naming its sheet, row and column, and the same value in 亿元 (or with the unit left blank) imports."""
    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission
    from app.vocabulary.periods import parse_period
    from tests.conftest import add_record, edit_record

    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    rid = add_record(street, INDICATOR_VALUE, indicator_number=3, period="2025Q3", value=500.0, measure_unit="万元")
    wrong = export_submission(street, parse_period("2025Q3"), tmp_path / "wrong.xlsx").path
    plan = plan_import(bureau, [wrong])
    [issue] = plan.errors
    assert (issue.sheet, issue.row, issue.column) == ("指标", 2, "计量单位")
    assert "500 万元 = 0.05 亿元" in issue.message
    edit_record(street, INDICATOR_VALUE, rid, value=0.05, measure_unit="")  # as the message asks
    right = export_submission(street, parse_period("2025Q3"), tmp_path / "right.xlsx").path
    plan = plan_import(bureau, [right])
    assert not plan.errors
    apply_plan(bureau, plan)


def test_a_percentage_typed_into_a_percent_formatted_cell_is_refused_not_read_as_one_hundredth(
    ledgers, tmp_path
) -> None:
    """A clerk types 97% for 服判息诉率 into a cell WPS formats as a percentage: the file keeps 0.97,
    which the year's report read as 0.97% (completion 1%, 未达标). The import names the cell and
    the number to write; 97 imports; the window's form says the same before saving."""
    import openpyxl

    from app.merge import plan_import
    from app.outgoing.submission import write_template
    from tests.test_libreoffice import resave_with_libreoffice

    bureau = ledgers("区知识产权局")
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[INDICATOR_VALUE.sheet]
    headers = [c.value for c in ws[1]]
    ws.append([{"指标编号": 4, "报告期": "2025Q4", "数值": 0.97}.get(h) for h in headers])
    ws.cell(2, headers.index("数值") + 1).number_format = "0%"
    wb.save(tmp_path / "填好的.xlsx")
    resaved = resave_with_libreoffice(tmp_path / "填好的.xlsx", tmp_path / "lo")
    plan = plan_import(bureau, [resaved], template_unit="长寿路街道")
    [issue] = plan.errors
    assert (issue.sheet, issue.row, issue.column) == ("指标", 2, "数值")
    assert "请填写 97" in issue.message and "百分比格式" in issue.message
    with bureau.session() as s:
        typed = {"indicator_number": 4, "period": "2025Q4", "value": 0.97}
        assert "请填写 97" in catalogue.number_problem(s, INDICATOR_VALUE.key, typed)
        assert catalogue.number_problem(s, INDICATOR_VALUE.key, {**typed, "value": 97.0}) is None
        assert catalogue.number_problem(s, INDICATOR_VALUE.key, {**typed, "indicator_number": 2}) is None


def test_an_indicator_value_typed_with_its_money_unit_is_converted_to_the_indicators(ledgers, tmp_path) -> None:
    """“5000万元” typed in the 数值 cell of indicator 3 (counted in 亿元) was read as 5000 亿元 — the
    plausibility check flagged it, yet it was taken. It is 0.5 亿元, as “0.5亿元” typed in an
    amount column (万元) is 5000; a money unit typed for a count (indicator 2, 件) is refused."""
    import openpyxl

    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import write_template
    from app.vocabulary.validators import parse_number

    bureau = ledgers("区知识产权局")
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[INDICATOR_VALUE.sheet]
    headers = [c.value for c in ws[1]]
    for number, period, value in ((3, "2025Q3", "5000万元"), (3, "2025Q4", "8,000万"), (2, "2025Q3", "12")):
        ws.append([{"指标编号": number, "报告期": period, "数值": value}.get(h) for h in headers])
    wb.save(tmp_path / "填好的.xlsx")
    plan = plan_import(bureau, [tmp_path / "填好的.xlsx"], template_unit="长寿路街道")
    assert not plan.errors, [str(e) for e in plan.errors]
    flagged = [f.message for f in plan.files[0].flags]  # (against the unit's pledges: it has none)
    assert any("报送 0.5 亿元" in m for m in flagged) and not any("5000" in m for m in flagged), flagged
    apply_plan(bureau, plan)
    with bureau.session() as s:
        m = INDICATOR_VALUE.model
        stored = {(n, p): v for n, p, v in s.execute(select(m.indicator_number, m.period, m.value))}
    assert stored == {(3, "2025Q3"): 0.5, (3, "2025Q4"): 0.8, (2, "2025Q3"): 12.0}

    ws.append([{"指标编号": 2, "报告期": "2025Q4", "数值": "5万元"}.get(h) for h in headers])
    wb.save(tmp_path / "件.xlsx")
    plan = plan_import(bureau, [tmp_path / "件.xlsx"], template_unit="长寿路街道")
    [issue] = plan.errors
    assert (issue.sheet, issue.row) == ("指标", 5) and "以“件”计" in issue.message, str(issue)
    # The window's form converts the same way before saving.
    with bureau.session() as s:
        typed = {"indicator_number": 3, "period": "2025Q3", "value": parse_number("5000万元", unit="as written")}
        catalogue.convert_indicator_value(s, typed)
    assert typed["value"] == 0.5 and type(typed["value"]) is float


def test_an_indicator_value_converted_from_its_money_unit_says_the_indicators_unit(ledgers, tmp_path) -> None:
    """长征镇's clerk wrote indicator 3 as “5000万元” with 万元 in the 计量单位 column too: the value was
    kept as 0.5 (亿元), but its 计量单位 stayed 万元, so the record read “0.5 万元” on the 指标 page and
    in the consolidated workbook's 指标 sheet — 0.5 亿元 written as five thousand yuan. The unit goes
    with the value: 亿元, in an import and in the window's form."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import write_template
    from app.reports.consolidated import consolidate
    from app.vocabulary.periods import parse_period
    from app.vocabulary.validators import parse_number

    bureau = ledgers("区知识产权局")
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[INDICATOR_VALUE.sheet]
    headers = [c.value for c in ws[1]]
    ws.append([{"指标编号": 3, "报告期": "2025Q4", "数值": "5000万元", "计量单位": "万元"}.get(h) for h in headers])
    wb.save(tmp_path / "填好的.xlsx")
    apply_plan(bureau, plan_import(bureau, [tmp_path / "填好的.xlsx"], template_unit="长征镇"))
    book, _counts = consolidate(bureau, parse_period("2025"), tmp_path / "汇总.xlsx")
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name(INDICATOR_VALUE.sheet).to_python()
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["数值"], row["计量单位"]) == (0.5, "亿元")
    with bureau.session() as s:
        typed = {"indicator_number": 3, "period": "2025Q3", "value": parse_number("5000万元", unit="as written")}
        form = {**typed, "measure_unit": "万元"}
        catalogue.convert_indicator_value(s, form)
    assert (form["value"], form["measure_unit"]) == (0.5, "亿元")
