"""Plausibility checks at import (SPEC §9): flagged with the values compared, never refusing a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.review import comments
from app.vocabulary.kinds import INDICATOR_VALUE, PLEDGE_FINANCING, STATION_SERVICE, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record

CODE = "91310107MA1G5K3L1X"


@pytest.fixture
def quarter(ledgers, tmp_path: Path):
    """A unit's 2024Q4 merged at the bureau, and its 2025Q1 file with four unusual values."""
    unit = ledgers("长寿路街道")
    bureau = ledgers("区知识产权局")
    add_record(unit, TASK_PROGRESS, period="2024Q4", task_number=1, status="已完成", progress="已建成")
    add_record(unit, TASK_PROGRESS, period="2024Q4", task_number=2, status="推进中", progress="推进中")
    add_record(unit, INDICATOR_VALUE, indicator_number=2, period="2024Q4", value=10)
    add_record(unit, STATION_SERVICE, station_name="长寿站", period="2024Q4", consultations=40, trainings=2)
    q4 = export_submission(unit, parse_period("2024Q4"), tmp_path / "q4.xlsx").path
    apply_plan(bureau, plan_import(bureau, [q4]))

    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="复核整改")
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=2, status="已完成", progress="已完成")
    add_record(
        unit,
        INDICATOR_VALUE,
        indicator_number=3,
        period="2025Q1",
        value=2.5,
        explanation="含一笔跨区登记",
    )
    add_record(unit, INDICATOR_VALUE, indicator_number=2, period="2025Q1", value=60)
    add_record(unit, STATION_SERVICE, station_name="长寿站", period="2025Q1", consultations=42, trainings=3)
    add_record(
        unit,
        PLEDGE_FINANCING,
        company="上海甲科技有限公司",
        credit_code=CODE,
        street="长寿街道",
        pledgee="上海银行",
        collateral_type="专利",
        amount=5000,
        registered_on=date(2025, 2, 3),
    )
    q1 = export_submission(unit, parse_period("2025Q1"), tmp_path / "q1.xlsx").path
    return bureau, q1


def test_unusual_values_are_flagged_with_what_was_compared(quarter) -> None:
    bureau, q1 = quarter
    plan = plan_import(bureau, [q1])
    assert plan.errors == []
    places = sorted((f.sheet, f.column) for f in plan.files[0].flags)
    assert places == [("任务进展", "推进状态"), ("指标", "数值"), ("指标", "数值"), ("质押融资", "所属街道镇")]
    messages = [str(f) for f in plan.files[0].flags]
    assert any("上期（2024年第四季度）为“已完成”，本期为“推进中”" in m for m in messages)
    assert any("报送 2.5 亿元" in m and "本期 0.5 亿元（1 笔）" in m and "含一笔跨区登记" in m for m in messages)
    assert any("本期 60，上期（2024年第四季度）10" in m and "未附情况说明" in m for m in messages)
    assert any("“长寿街道”不是单位列表中的街道镇，您是不是要找：长寿路街道" in m for m in messages)
    assert not any("咨询次数" in m for m in messages)  # 40 → 42 is ordinary

    # never refused: the file imports, and the officer may follow the flags up as comments
    apply_plan(bureau, plan)
    from app.merge.plausibility import mark_follow_up

    with bureau.session() as s:
        assert mark_follow_up(s, plan.files[0].flags) == 4
        sent = comments.comments(s)
        assert {(c.kind, c.field) for c in sent} == {
            ("task_progress", "status"),
            ("indicator_value", "value"),
            ("pledge_financing", "street"),
        }
        assert all(c.follow_up and c.period == "2025Q1" for c in sent)


def test_import_lists_flags_and_marks_follow_ups_on_the_command_line(
    quarter, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main

    bureau, q1 = quarter
    assert main(["--db", str(bureau.path), "import", str(q1), "--follow-up"]) == 0
    out = capsys.readouterr().out
    assert out.count("核对：") == 4
    assert "已将 4 条核对提示记为待跟进的意见" in out


def test_a_row_whose_explanation_asks_for_deletion_is_flagged(ledgers, tmp_path: Path) -> None:
    # read from the plan's packed rows (street and 情况说明 only): a known street is no flag
    unit = ledgers("长寿路街道")
    bureau = ledgers("区知识产权局")
    add_record(
        unit,
        PLEDGE_FINANCING,
        company="上海乙科技有限公司",
        credit_code=CODE,
        street="长寿路街道",
        pledgee="上海银行",
        collateral_type="专利",
        amount=100,
        registered_on=date(2025, 2, 3),
        explanation="重复录入，申请删除",
    )
    q1 = export_submission(unit, parse_period("2025Q1"), tmp_path / "q1.xlsx").path
    flags = plan_import(bureau, [q1]).files[0].flags
    assert [(f.sheet, f.column) for f in flags] == [("质押融资", "情况说明")]
    assert "填报单位要求删除这条记录" in str(flags[0])


@pytest.mark.parametrize("during", ["import", "marking"])
def test_ctrl_c_while_marking_follow_ups_says_whether_they_were(quarter, capsys, during: str) -> None:
    """Ctrl+C once `import --follow-up` has committed the import: it said only that the import was
    done, not whether the flags became follow-ups. Pressed as the import commits, none is: each is
    named (exit code 1, as for an interrupt); pressed while they are marked (one short
    transaction), the marking ends first and it says all are."""
    import signal

    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app.cli.main import main
    from db.models import Comment, ImportLog

    bureau, q1 = quarter
    # the import's own transaction just committed; the marking's about to commit
    target, when = (ImportLog, "after_commit") if during == "import" else (Comment, "before_commit")
    caught: list[Session] = []

    def flushed(session: Session, _context, _instances) -> None:  # noqa: ANN001
        if any(isinstance(o, target) for o in session.new):
            caught.append(session)

    def interrupt(session: Session) -> None:  # Ctrl+C as that transaction commits
        if session in caught:
            signal.raise_signal(signal.SIGINT)

    event.listen(Session, "before_flush", flushed)
    event.listen(Session, when, interrupt)
    try:
        code = main(["--db", str(bureau.path), "import", str(q1), "--follow-up"])
    finally:
        event.remove(Session, when, interrupt)
        event.remove(Session, "before_flush", flushed)
    out, err = capsys.readouterr()
    assert "已中断；导入已完成，数据已写入台账（导入编号 2" in err, (code, out, err)
    with bureau.session() as s:
        marked = len(comments.comments(s))
    if during == "import":
        assert code == 1 and marked == 0
        assert "核对提示未记为待跟进的意见（4 条都没有记" in err
        assert "q1.xlsx，任务进展，第 2 行，推进状态：上期" in err
        assert len([line for line in err.splitlines() if line.startswith("  q1.xlsx，")]) == 4
    else:
        assert code == 0 and marked == 4, (code, marked, err)
        assert "已将 4 条核对提示记为待跟进的意见" in err


def test_pledges_summed_from_the_plans_columns_as_from_its_rows(quarter, tmp_path: Path) -> None:
    # The plan's rows are read column by column for the pledge sum; a list of RowPlans one by one:
    # the same flags, whether a pledge's id is as the app writes it or upper-cased by a spreadsheet
    # (kept as text).
    import openpyxl

    from app.merge.plausibility import check_rows

    bureau, q1 = quarter
    wb = openpyxl.load_workbook(q1)
    ws = wb[PLEDGE_FINANCING.sheet]
    col = [c.value for c in ws[1]].index("记录ID") + 1
    upper = tmp_path / "upper.xlsx"
    ws.cell(2, col).value = str(ws.cell(2, col).value).upper()
    wb.save(upper)
    for path in (q1, upper):
        plan = plan_import(bureau, [path])
        fp = plan.files[0]
        with bureau.session() as s:
            by_columns = [str(f) for f in check_rows(s, fp.name, fp.rows)]
            by_rows = [str(f) for f in check_rows(s, fp.name, list(fp.rows))]
        assert by_columns == by_rows
        assert any("本期 0.5 亿元（1 笔）" in m for m in by_columns), by_columns
