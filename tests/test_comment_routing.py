"""Where a bureau comment on a record goes (SPEC §9): with the next feedback workbook returned to the
unit, whatever period the record's date falls in, and never closed or lost before the unit saw it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.review import comments
from app.review import state as review
from app.review.feedback import return_submission
from app.vocabulary.kinds import PLEDGE_FINANCING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record

Q3, Q4 = parse_period("2025Q3"), parse_period("2025Q4")
ME = "长寿路街道"


def _import(bureau, path: Path) -> None:  # noqa: ANN001
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    apply_plan(bureau, plan)


def _feedback_ids(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = wb["反馈意见"].iter_rows(values_only=True)
        at = next(rows).index("意见编号")  # by its header: the machine ids stand last, off the paper
        return [str(r[at]) for r in rows if r[at]]
    finally:
        wb.close()


def _q4_with_a_september_pledge(ledgers, tmp_path: Path):  # noqa: ANN001, ANN202
    unit, bureau = ledgers(ME), ledgers("区知识产权局")
    task = add_record(unit, TASK_PROGRESS, period=Q4.code, task_number=1, status="推进中", progress="走访企业")
    pledge = add_record(
        unit,
        PLEDGE_FINANCING,
        company="上海长寿科技有限公司",
        credit_code="91310107MA1K88888N",
        pledgee="上海农商银行普陀支行",
        collateral_type="专利",
        amount=1000.0,
        registration_no="Y2025310000123",
        registered_on=date(2025, 9, 28),  # the third quarter, entered while on the fourth
    )
    _import(bureau, export_submission(unit, Q4, tmp_path / "q4.xlsx").path)
    return unit, bureau, task, pledge


def test_a_comment_on_a_record_dated_in_an_earlier_quarter_goes_with_the_returned_submission(
    ledgers, tmp_path: Path
) -> None:
    unit, bureau, task, pledge = _q4_with_a_september_pledge(ledgers, tmp_path)
    with bureau.session() as s:
        on_task = comments.add_comment(s, "请补充走访企业名单", record_id=task).id
        on_pledge = comments.add_comment(s, "请核对统一社会信用代码", record_id=pledge, field="统一社会信用代码")
        # filed under the submission it came in, not under the quarter of its 登记日期
        assert on_pledge.period == Q4.code
        on_pledge = on_pledge.id
    path, n = return_submission(bureau, ME, Q4, path=tmp_path / "反馈.xlsx")
    assert n == 2
    assert set(_feedback_ids(path)) == {on_task, on_pledge}
    apply_plan(unit, plan_import(unit, [path]))  # a feedback workbook is imported like any file
    with unit.session() as s:
        assert {c.id for c in comments.comments(s, statuses=(comments.OPEN,))} == {on_task, on_pledge}
    with bureau.session() as s:
        assert comments.where_sent(s.get(comments.Comment, on_pledge)).startswith("已随2025年第四季度反馈发出")


def test_an_unsent_comment_filed_under_another_period_goes_with_the_next_return(ledgers, tmp_path: Path) -> None:
    unit, bureau, task, pledge = _q4_with_a_september_pledge(ledgers, tmp_path)
    with bureau.session() as s:
        # filed under Q3 (as an older ledger or an explicit --period did), never sent
        stray = comments.add_comment(s, "质押登记号请核对", record_id=pledge, period=Q3).id
        on_task = comments.add_comment(s, "请补充走访企业名单", record_id=task).id
        assert comments.where_sent(s.get(comments.Comment, stray)).startswith("尚未发出")
    path, n = return_submission(bureau, ME, Q4, path=tmp_path / "反馈.xlsx")
    assert n == 2 and set(_feedback_ids(path)) == {stray, on_task}
    with bureau.session() as s:
        c = s.get(comments.Comment, stray)
        assert (c.period, c.sent_at is not None) == (Q4.code, True)
    # once sent it is not sent again with another period's return
    with bureau.session() as s:
        comments.add_comment(s, "第三季度任务请补报", unit_id=review.find_unit(s, ME).id, period=Q3)
        assert stray not in {c.id for c in comments.to_send(s, review.find_unit(s, ME).id, Q3)}


def test_accepting_a_period_keeps_an_unsent_comment_open_for_the_next_return(ledgers, tmp_path: Path) -> None:
    unit, bureau, task, pledge = _q4_with_a_september_pledge(ledgers, tmp_path)
    with bureau.session() as s:
        stray = comments.add_comment(s, "融资金额请核对", record_id=pledge).id
    review.accept(bureau, ME, Q4)
    with bureau.session() as s:
        assert s.get(comments.Comment, stray).status == comments.OPEN
        assert [c.id for c in comments.unsent(s, review.find_unit(s, ME).id)] == [stray]
