"""The review page's detail panel follows the filter: a report the filter hides is no longer shown
on the right as if it were still selected (it kept showing the previous record)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.review import board as review_board
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, make_ledger
from tests.ui.test_review_pages import open_window, tree_items

Q1 = parse_period("2025Q1")


@pytest.fixture
def bureau(tmp_path: Path):
    """长寿路街道 reported task 1 (推进中) and task 9 (滞后) for 2025Q1; the bureau merged it."""
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="召开推进会")
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=9, status="滞后", progress="场地未落实")
    path = export_submission(unit, Q1, tmp_path / "u.xlsx").path
    apply_plan(bureau, plan_import(bureau, [path]), received=datetime(2025, 4, 8))
    yield bureau
    unit.close()
    bureau.close()


def select_report(page, task: int) -> None:  # noqa: ANN001
    item = next(
        i
        for i in tree_items(page.tree)
        if i.data(0, Qt.ItemDataRole.UserRole) and i.parent().text(0).startswith(f"{task}. ")
    )
    page.tree.setCurrentItem(item)  # (as a click does; the page sits in a tab the test does not raise)


def test_a_report_the_filter_hides_leaves_the_detail_panel(qtbot, bureau, chinese) -> None:  # noqa: ANN001
    w = open_window(qtbot, bureau)
    page = w.review.review_page
    w.nav.setCurrentRow(w.stack.indexOf(page))
    select_report(page, 1)
    assert "召开推进会" in [page.detail.table.item(i, 1).text() for i in range(page.detail.table.rowCount())]

    page.filter.setCurrentIndex(page.filter.findData(review_board.LAGGING_TASKS))
    assert not any(i.text(0).startswith("1. ") for i in tree_items(page.tree))  # task 1 is not lagging
    assert page.detail.table.rowCount() == 0 and not page.detail.comment_button.isEnabled()
    assert "召开推进会" not in page.detail.title.text()

    # A report the filter keeps stays selected and shown.
    select_report(page, 9)
    page.filter.setCurrentIndex(page.filter.findData(review_board.UNREPORTED))
    assert page.tree.currentItem() is not None and page.tree.currentItem().text(2).startswith("场地未落实")
    assert "场地未落实" in [page.detail.table.item(i, 1).text() for i in range(page.detail.table.rowCount())]
    w.close()
