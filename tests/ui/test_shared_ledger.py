"""Two officers on one ledger (SPEC §13): an edit or a review step on something the other changed
since it was shown is refused with 已被他人修改 and the window shows their change; never written over.
Runs on an SQLite file and on a PostgreSQL server."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.review import state as review
from app.review.rules import ReviewError
from app.store.ledger import Ledger
from app.ui.window import MainWindow
from app.vocabulary.kinds import PATENT_LISTING
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, db_arg, edit_record, make_ledger
from tests.ui.helpers import type_text

pytestmark = pytest.mark.both_backends

LISTING = dict(
    patent_no="202310123456.6",
    title="一种检测装置",
    holder="华东师范大学",
    deal_mode="转让",
    listed_on=date(2025, 2, 1),
    listing_status="在架",
)


@pytest.fixture
def office(ledger_path):
    ledger = make_ledger(ledger_path, "长寿路街道")
    yield ledger
    ledger.close()


def test_an_edit_on_a_record_another_officer_changed_is_refused(qtbot, office, chinese) -> None:
    record = add_record(office, PATENT_LISTING, **LISTING)
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.record_page(PATENT_LISTING)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.table.selectRow(0)
    # The other officer (another program on the same ledger) changes the holder meanwhile.
    with Ledger(office.location) as other:
        edit_record(other, PATENT_LISTING, record, holder="复旦大学")
    title = page.form.inputs["title"].editor
    title.setFocus()
    title.end(False)
    type_text(qtbot, title, "（改进型）")
    qtbot.waitUntil(lambda: "已被他人修改" in page.form_status.text(), timeout=5000)
    with office.session() as s:
        saved = s.get(PATENT_LISTING.model, record)
        assert (saved.holder, saved.title) == ("复旦大学", "一种检测装置")  # theirs stands, ours not forced
    assert page.form.inputs["holder"].editor.text() == "复旦大学"  # the form shows what is there now
    # Typing again now saves: the form shows the other officer's version.
    title.setFocus()
    title.end(False)
    type_text(qtbot, title, "（二）")

    def saved_now() -> bool:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title == "一种检测装置（二）"

    qtbot.waitUntil(saved_now, timeout=5000)
    with office.session() as s:
        assert s.scalar(select(PATENT_LISTING.model.holder)) == "复旦大学"


def test_a_review_step_on_a_state_another_officer_changed_is_refused(ledgers, tmp_path) -> None:
    from app.cli.main import main
    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission

    period = parse_period("2025Q1")
    street = ledgers("长寿路街道")
    add_record(street, PATENT_LISTING, **LISTING)
    bureau = ledgers("区知识产权局")
    apply_plan(bureau, plan_import(bureau, [export_submission(street, period, tmp_path / "q1.xlsx").path]))
    with bureau.session() as s:
        shown = {st.unit: st.state for st in review.statuses(s, period)}["长寿路街道"]  # 待审核, on screen
    # The other officer accepts it meanwhile (a command on the same ledger)…
    assert main(["--db", db_arg(bureau), "accept", "--unit", "长寿路街道", "--period", "2025Q1"]) == 0
    # …so re-opening what this officer saw as waiting would silently undo their acceptance: refused.
    with pytest.raises(ReviewError, match="已被他人修改"):
        review.reopen(bureau, "长寿路街道", period, seen=shown)
    from app.review import feedback

    with pytest.raises(ReviewError, match="已被他人修改"):  # …and so is returning it
        feedback.return_submission(bureau, "长寿路街道", period, "请补充", tmp_path / "退回.xlsx", seen=shown)
    assert not (tmp_path / "退回.xlsx").exists()
    with bureau.session() as s:
        assert review.is_locked(s, street_unit(s), "2025Q1")


def street_unit(s) -> int:  # noqa: ANN001
    from app.store import catalogue

    return catalogue.find_unit(s, "长寿路街道").id


def test_the_window_notices_what_another_officer_changed(qtbot, office, chinese) -> None:
    record = add_record(office, PATENT_LISTING, **LISTING)
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.record_page(PATENT_LISTING)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.table.selectRow(0)
    assert not window.notice_changes()  # nothing new: no refresh, no query storm either
    with Ledger(office.location) as other:
        edit_record(other, PATENT_LISTING, record, holder="复旦大学")
    assert window.notice_changes()  # as the poll or coming back to the front does
    assert page.form.inputs["holder"].editor.text() == "复旦大学"
    assert "其他同事" in window.statusBar().currentMessage()
    assert not window.notice_changes()


def test_every_page_of_the_bureau_window_opens(qtbot, ledgers, tmp_path, chinese) -> None:
    """Every page works on the server ledger as on the file: each is built and shown, with data."""
    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission

    street = ledgers("长寿路街道")
    add_record(street, PATENT_LISTING, **LISTING)
    bureau = ledgers("区知识产权局")
    apply_plan(
        bureau, plan_import(bureau, [export_submission(street, parse_period("2025Q1"), tmp_path / "a.xlsx").path])
    )
    window = MainWindow(bureau)
    qtbot.addWidget(window)
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.wait(1)
        assert window.stack.currentWidget() is window.page_at(row)
    page = window.record_page(PATENT_LISTING)
    assert page.model.rowCount() == 1
    for column in range(page.model.columnCount()):  # every column sorts (pinyin order on a server too)
        page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    window.close()
