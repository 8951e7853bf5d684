"""Reports copied from last period and never checked (复制上期): counted apart from what was reported
this period, and named when the period is exported — the export still goes out."""

from __future__ import annotations

from datetime import date

from app.entry import task_reports
from app.outgoing.submission import export_submission
from app.reports.overview import unit_overview
from app.store import catalogue
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, edit_record

Q3, Q4 = parse_period("2025Q3"), parse_period("2025Q4")


def test_copied_reports_are_counted_apart_and_named_at_export(ledgers, tmp_path) -> None:  # noqa: ANN001
    unit = ledgers("长寿路街道")
    with unit.session() as s:
        own = [t.number for t in catalogue.tasks_of_unit(s, unit.own_unit(s), Q4)]
    first, second = own[:2]
    for number in (first, second):
        add_record(unit, TASK_PROGRESS, period=Q3.code, task_number=number, status="推进中", progress=f"第{number}项")
    with unit.session() as s:
        made = task_reports.copy_previous(s, unit.own_unit(s).id, Q4)
    # the clerk checks and rewrites one of the two; the other is still last quarter's text
    edit_record(unit, TASK_PROGRESS, made[0], progress="10-12月开展宣传活动3场")

    overview = unit_overview(unit, Q4, today=date(2025, 12, 20))
    assert (overview.reported, overview.copied) == (1, 1)
    assert any("上期复制" in w and "1 项" in w for w in overview.waiting)

    result = export_submission(unit, Q4, tmp_path / "q4.xlsx")
    assert result.path.exists()  # not blocked
    assert result.copied == [second]
    assert f"任务编号 {second}" in result.copied_text() and "上期复制" in result.copied_text()
    assert first not in result.unreported and second not in result.unreported
