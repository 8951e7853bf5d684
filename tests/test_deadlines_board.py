"""The year view and the 催报 list (SPEC §9), and the board of what units wrote with its filters."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.review import board as review_board
from app.review import deadlines
from app.review import state as review
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record

Q1 = parse_period("2025Q1")


def _round(ledgers, tmp_path: Path):  # noqa: ANN001, ANN202
    unit = ledgers("长寿路街道")
    bureau = ledgers("区知识产权局")
    add_record(unit, TASK_PROGRESS, period="2024Q4", task_number=1, status="推进中", progress="筹备")
    add_record(unit, TASK_PROGRESS, period="2024Q4", task_number=2, status="推进中", progress="调研")
    q4 = export_submission(unit, parse_period("2024Q4"), tmp_path / "q4.xlsx").path
    apply_plan(bureau, plan_import(bureau, [q4]))
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="滞后", progress="场地未落实")
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=2, status="推进中", progress="调研")
    path = export_submission(unit, Q1, tmp_path / "u.xlsx").path
    apply_plan(bureau, plan_import(bureau, [path]), received=datetime(2025, 4, 9))
    # 长风新村街道 reported before (its 填报人 and phone are known) but not this quarter
    other = ledgers("长风新村街道")
    add_record(
        other,
        TASK_PROGRESS,
        period="2024Q4",
        task_number=1,
        status="推进中",
        progress="已启动",
        reporter="李娜",
        phone="021-52000000",
    )
    apply_plan(
        bureau, plan_import(bureau, [export_submission(other, parse_period("2024Q4"), tmp_path / "o.xlsx").path])
    )
    return bureau


def test_year_view_and_reminders(ledgers, tmp_path: Path) -> None:
    bureau = _round(ledgers, tmp_path)
    with bureau.session() as s:
        periods, rows = deadlines.year_view(s, 2025, today=date(2025, 7, 1))
        assert [p.code for p in periods] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
        by_unit = {r[0].unit: [st.standing for st in r] for r in rows}
        assert by_unit["长寿路街道"] == ["按时·待审核", "未到截止日", "未到截止日", "未到截止日"]
        assert by_unit["长风新村街道"][0] == "未报送"
        assert "区知识产权局" not in by_unit

        review.set_unit_email(s, review.find_unit(s, "长风新村街道").id, "ipo@cf.example.cn")
        found = {r.unit: r for r in deadlines.reminders(s, Q1, today=date(2025, 4, 15))}
    assert "长寿路街道" not in found
    r = found["长风新村街道"]
    assert (r.reporter, r.phone, r.overdue) == ("李娜", "021-52000000", True)
    assert "长风新村街道李娜同志" in r.text and "截止日期（2025年4月10日）已过" in r.text
    # the plan by its real title, its inner 书名号 nested as 〈〉
    plan = "《普陀区落实〈上海市知识产权强市建设纲要和“十四五”规划实施推进计划（2024-2025）〉行动方案》"
    assert f"您好！{plan}2025年第一季度" in r.text
    assert r.mailto.startswith("mailto:ipo@cf.example.cn?subject=")
    assert "2025年第一季度" in unquote(r.mailto)
    assert found["宜川路街道"].mailto == ""


def test_board_filters_lagging_unreported_and_changed(ledgers, tmp_path: Path) -> None:
    bureau = _round(ledgers, tmp_path)
    with bureau.session() as s:
        rows = review_board.board(s, Q1)
    assert len(rows) == 53
    # a task under a sub-section: 三、… then （一）…, the sub-section's own numbering
    assert rows[0].section == "三、推进知识产权高质量创造和高效益运用 （一）完善鼓励创新创造的政策导向"
    lagging = review_board.filter_rows(rows, review_board.LAGGING_TASKS)
    assert [t.number for t in lagging] == [1]
    report = next(r for r in lagging[0].reports if r.unit == "长寿路街道")
    assert (report.status, report.previous_status, report.changed) == ("滞后", "推进中", True)
    changed = review_board.filter_rows(rows, review_board.CHANGED)
    assert 1 in [t.number for t in changed] and 2 not in [t.number for t in changed]  # task 2 as before
    assert len(review_board.filter_rows(rows, review_board.UNREPORTED)) == 53  # no task has every unit
    assert review_board.summary(rows)["lagging"] == 1


def test_a_unit_whose_file_was_refused_is_told_why(ledgers, tmp_path: Path) -> None:
    """催报 told a unit whose file arrived and was refused "尚未收到贵单位的报送文件" (issue 23 item 9):
    it now says the file came, why it could not be taken, and the error list goes back with it."""
    from tests.workbooks import cell_ref, replace_cell

    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    sent = export_submission(street, Q1, tmp_path / "长寿路街道_2025Q1.xlsx").path
    ref = cell_ref(sent, "任务进展", "任务编号")
    bad_cell = f'<c r="{ref}" t="b"><v>2</v></c>'
    bad = replace_cell(sent, tmp_path / "长寿路街道_2025Q1_改.xlsx", "任务进展", ref, bad_cell)
    plan = plan_import(bureau, [bad])
    assert plan.errors  # refused: nothing is imported
    before = bureau.path.read_bytes()
    with bureau.session() as s:
        found = {r.unit: r for r in deadlines.reminders(s, Q1, date(2025, 4, 15), bureau.path)}
    assert bureau.path.read_bytes() == before
    r = found["长寿路街道"]
    assert "尚未收到" not in r.text
    assert "收到贵单位" in r.text and "长寿路街道_2025Q1_改.xlsx" in r.text and "未能导入" in r.text
    assert "逻辑值单元格只能是 TRUE 或 FALSE" in r.text and "错误清单" in r.text
    assert r.refused is not None and r.refused.error_list is not None and r.refused.error_list.exists()
    assert "尚未收到贵单位的报送文件" in found["曹杨新村街道"].text  # a unit that sent nothing


def test_a_unit_whose_file_waits_for_its_key_is_told_it_came(ledgers, tmp_path: Path) -> None:
    """催报 told a unit whose file is held until the bureau confirms its signing key (待确认签名) that
    nothing was received; it now says the file came and waits for the key, and the year view shows it."""
    from tests.conftest import make_ledger

    bureau = ledgers("区知识产权局")
    street = make_ledger(tmp_path / "甘泉.db", "甘泉路街道", trusted=False)  # a key the bureau has not confirmed
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    sent = export_submission(street, Q1, tmp_path / "甘泉路街道_2025Q1.xlsx").path
    street.close()
    plan = plan_import(bureau, [sent])
    assert [f.key_pending for f in plan.held] == [True]
    apply_plan(bureau, plan)
    with bureau.session() as s:
        found = {r.unit: r for r in deadlines.reminders(s, Q1, date(2025, 4, 15))}
        _periods, rows = deadlines.year_view(s, 2025, today=date(2025, 4, 15))
    r = found["甘泉路街道"]
    assert "尚未收到" not in r.text
    assert "收到贵单位" in r.text and "甘泉路街道_2025Q1.xlsx" in r.text and "签名密钥" in r.text
    assert plan.held[0].key_fingerprint in r.text and "无需重新报送" in r.text
    assert r.overdue  # judged by when the file was sent: today, long after 2025-04-10
    by_unit = {row[0].unit: row[0].standing for row in rows}
    assert by_unit["甘泉路街道"] == "已收到·待确认签名（逾期）"
    assert by_unit["石泉路街道"] == "未报送"
    assert "尚未收到贵单位的报送文件" in found["石泉路街道"].text
