"""Loading a new action plan (SPEC §12): from the plan workbook a bureau fills in, or from the text of
the notice; a bad plan is refused with located messages and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.cli.main import main
from app.plans.load import check_draft, read_plan_file
from app.plans.workbook import write_plan_workbook
from app.store import catalogue
from app.vocabulary.periods import parse_period
from tests.conftest import make_ledger

DATA = Path(__file__).parent / "data"
NOTICE_2026 = DATA / "plan_2026_notice.txt"


@pytest.fixture
def bureau_db(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.db"
    make_ledger(path, "区知识产权局").close()
    return path


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def fill_plan_workbook(path: Path, tasks: list[list[object]], indicators: list[list[object]]) -> None:
    """What a clerk does in Excel: the head values, then task and indicator rows below the headers."""
    wb = openpyxl.load_workbook(path)
    head = wb["方案"]
    for row, value in enumerate(
        ["普陀区知识产权强区建设行动方案（2026-2027）", "普府办〔2026〕5号", "2026-01-20", 2026, 2027], 1
    ):
        head.cell(row, 2, value)
    for sheet, rows in (("任务", tasks), ("指标", indicators)):
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                wb[sheet].cell(r, c, value)
    wb.save(path)


GOOD_TASKS = [
    [
        "三、提升知识产权创造和运用效益",
        "（一）培育高价值知识产权",
        1,
        "建设高价值专利培育中心。",
        "区知识产权局、区科委",
    ],
    ["", "", 2, "推进数据知识产权登记试点。", "区数据局"],
    ["", "（二）促进知识产权运营", 3, "深化连锁“专利超市”建设。", "区知识产权联席会议各成员单位"],
    ["四、强化知识产权保护", "", 4, "开展行政执法专项行动。", "区公安分局、区检察院"],
]
GOOD_INDICATORS = [[1, "数据知识产权登记量", "件", 2026, 10], [1, "数据知识产权登记量", "件", 2027, 20]]


def test_a_plan_written_in_the_plan_workbook_is_loaded(bureau_db: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    book = tmp_path / "方案.xlsx"
    assert run(bureau_db, "plan-template", "-o", str(book)) == 0
    wb = openpyxl.load_workbook(book)
    assert [ws.title for ws in wb.worksheets][:1] == ["方案"] and {"任务", "指标"} <= set(wb.sheetnames)
    assert [c.value for c in wb["任务"][1]] == ["章节", "小节", "任务编号", "任务内容", "牵头单位"]
    assert [c.value for c in wb["指标"][1]] == ["指标编号", "指标名称", "计量单位", "年份", "目标值"]
    assert [wb["方案"].cell(r, 1).value for r in range(1, 6)] == [
        "方案名称",
        "文号",
        "印发日期",
        "起始年份",
        "结束年份",
    ]
    validations = {str(dv.sqref).split(":")[0]: dv for dv in wb["任务"].data_validations.dataValidation}
    assert validations["E2"].type == "list" and "单位列表" in validations["E2"].formula1
    assert "长寿路街道" in [c.value for c in wb["单位列表"]["A"]]
    fill_plan_workbook(book, GOOD_TASKS, GOOD_INDICATORS)
    capsys.readouterr()

    assert run(bureau_db, "load-plan", str(book), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "任务 4 项，指标 1 项" in out and "试运行" in out
    assert "任务 3. 深化连锁“专利超市”建设。（区知识产权联席会议各成员单位）" in out
    assert run(bureau_db, "plans", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)["plans"]) == 1

    assert run(bureau_db, "load-plan", str(book)) == 0
    assert "已载入行动方案：普陀区知识产权强区建设行动方案（2026-2027）（2026–2027年）" in capsys.readouterr().out
    assert run(bureau_db, "plans", "--json") == 0
    plans = json.loads(capsys.readouterr().out)["plans"]
    assert [(p["start_year"], p["end_year"], p["tasks"], p["indicators"]) for p in plans] == [
        (2024, 2025, 53, 7),
        (2026, 2027, 4, 1),
    ]
    with make_ledger(bureau_db, "区知识产权局") as ledger, ledger.session() as s:
        t3 = catalogue.task(s, 3, "2026Q1")
        assert t3.all_members and t3.section.title == "促进知识产权运营" and t3.section.number == "二"
        assert [u.name for u in catalogue.task(s, 4, "2026Q1").lead_units] == ["区检察院", "区公安分局"]
        assert catalogue.targets(s, "2027") == {1: {2026: 10.0, 2027: 20.0}}

    assert run(bureau_db, "load-plan", str(book)) == 1  # the same plan twice
    assert "台账中已有这一方案" in capsys.readouterr().err


def test_a_bad_plan_is_refused_with_located_messages(bureau_db: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    book = tmp_path / "错误方案.xlsx"
    assert run(bureau_db, "plan-template", "-o", str(book)) == 0
    tasks = [*GOOD_TASKS, ["", "", 2, "重复编号的任务。", "区科技委"]]
    pct = [2, "新增PCT国际专利申请量", "件"]
    indicators = [*GOOD_INDICATORS, [*pct, 2026, "七十"], [*pct, "²", 1]]
    fill_plan_workbook(book, tasks, indicators)
    before = bureau_db.read_bytes()
    capsys.readouterr()

    assert run(bureau_db, "load-plan", str(book)) == 1
    err = capsys.readouterr().err
    assert (
        "错误方案.xlsx，工作表“任务”第 6 行，“任务编号”列：任务编号 2 重复（工作表“任务”第 3 行已有第 2 项任务）" in err
    )
    assert "工作表“任务”第 6 行，“牵头单位”列：没有名为“区科技委”的单位。您是不是要找：区科委" in err
    assert "工作表“指标”第 4 行，“目标值”列：目标值应为数字，现为“七十”" in err
    assert "工作表“指标”第 5 行，“年份”列：年份“²”不在本方案的2026–2027年之内" in err  # (² was a crash)
    assert "未写入任何数据" in err
    assert run(bureau_db, "plans", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)["plans"]) == 1
    assert bureau_db.read_bytes() == before


def test_a_plan_is_read_from_the_text_of_its_notice(bureau_db: Path, capsys) -> None:  # noqa: ANN001
    assert run(bureau_db, "load-plan", str(NOTICE_2026)) == 0
    out = capsys.readouterr().out
    assert "方案名称：普陀区知识产权强区建设行动方案（2026-2027）" in out
    assert "文号：普府办〔2026〕5号　印发日期：2026-01-20" in out
    assert "章节 3 个，任务 10 项，指标 6 项" in out
    with make_ledger(bureau_db, "区知识产权局") as ledger, ledger.session() as s:
        plan = catalogue.plan_of_period(s, parse_period("2026Q3"))
        assert (plan.doc_number, plan.start_year, plan.end_year) == ("普府办〔2026〕5号", 2026, 2027)
        tasks = catalogue.tasks(s, plan)
        assert [t.number for t in tasks] == list(range(1, 11))
        # a task broken over a page keeps its text and all its lead units
        assert tasks[5].text.endswith("健全行政执法与刑事司法衔接机制。")
        assert [u.name for u in tasks[5].lead_units] == ["区知识产权局", "区检察院", "区公安分局"]
        assert tasks[4].section.number == "二" and tasks[5].section.number == "四"
        assert len(catalogue.lead_units_of(tasks[3], catalogue.units(s))) == 11
        indicators = {i.number: i for i in catalogue.indicators(s, plan)}
        assert indicators[2].name == "新增PCT国际专利申请量" and indicators[3].measure_unit == "亿元"
        assert indicators[6].group == "中华武数四平台" and indicators[6].name == "新增商标申请注册量"
        assert catalogue.targets(s, plan)[3] == {2026: 3.5, 2027: 4.0}


def test_a_superscript_indicator_number_is_refused_at_its_line(bureau_db: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """² counts as a digit to Python but int() does not read it: the notice's line is named (it was a
    ValueError: 程序遇到意外问题)."""
    notice = tmp_path / "通知.txt"
    notice.write_text(NOTICE_2026.read_text(encoding="utf-8").replace("\n2\t新增 PCT", "\n²\t新增 PCT"), "utf-8")
    before = bureau_db.read_bytes()
    assert run(bureau_db, "load-plan", str(notice)) == 1
    err = capsys.readouterr().err
    assert "通知.txt，第 35 行，“指标编号”列：指标编号应为正整数，现为“²”" in err
    assert "意外" not in err and "未写入任何数据" in err
    assert bureau_db.read_bytes() == before


def test_an_office_does_not_load_plans(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "office.db"
    make_ledger(db, "长寿路街道").close()
    assert run(db, "load-plan", str(NOTICE_2026)) == 1
    assert "只有区知识产权局" in capsys.readouterr().err


def test_a_recognised_notice_can_be_corrected_in_the_plan_workbook(bureau_db: Path, tmp_path: Path) -> None:
    """The review step: what the notice gave, written into the plan workbook, reads back the same."""
    draft = read_plan_file(NOTICE_2026)
    book = write_plan_workbook(tmp_path / "识别结果.xlsx", ["区知识产权局"], draft.clean())
    again = read_plan_file(book)
    assert not again.issues
    assert again.clean() == draft.clean()
    with make_ledger(bureau_db, "区知识产权局") as ledger, ledger.session() as s:
        assert not check_draft(s, again).errors
