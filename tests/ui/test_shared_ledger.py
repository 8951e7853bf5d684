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
        assert review.is_locked(s, street_unit(s), parse_period("2025Q1"))


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


def _close(window) -> None:  # noqa: ANN001
    """Close while the ledger is still there (the typing below is sent to the editor, as an input
    method does, without taking the focus: a focused field left later reports itself, a query)."""
    from PySide6.QtWidgets import QApplication

    window.close()
    QApplication.processEvents()


def _tasks_page(qtbot, office, number: int = 1):  # noqa: ANN001, ANN202
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.tasks_page
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.set_period(parse_period("2025Q1"))
    page.select_task(number)
    return window, page


def test_a_task_report_another_officer_changed_is_not_written_over(qtbot, office, chinese) -> None:
    from app.vocabulary.kinds import TASK_PROGRESS

    rid = add_record(office, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    window, page = _tasks_page(qtbot, office)
    assert page.form.inputs["progress"].editor.toPlainText() == "已部署"
    with Ledger(office.location) as other:  # the other officer's program, on the same ledger
        edit_record(other, TASK_PROGRESS, rid, progress="已部署，召开推进会2次")
    editor = page.form.inputs["progress"].editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(qtbot, editor, "并完成验收")
    editor.editingFinished.emit()
    qtbot.waitUntil(lambda: "已被他人修改" in page.status.text(), timeout=5000)
    assert "刷新" in page.status.text() or "已显示最新内容" in page.status.text()
    with office.session() as s:
        assert s.get(TASK_PROGRESS.model, rid).progress == "已部署，召开推进会2次"  # theirs stands
    assert editor.toPlainText() == "已部署，召开推进会2次"  # the form shows it
    # typing again saves on top of what is there now
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(qtbot, editor, "；已验收")
    editor.editingFinished.emit()

    def saved() -> bool:
        with office.session() as s:
            return s.get(TASK_PROGRESS.model, rid).progress == "已部署，召开推进会2次；已验收"

    qtbot.waitUntil(saved, timeout=5000)
    _close(window)


def test_a_task_another_officer_reported_meanwhile_is_not_reported_twice(qtbot, office, chinese) -> None:
    from sqlalchemy import func

    from app.vocabulary.kinds import TASK_PROGRESS

    window, page = _tasks_page(qtbot, office, 2)
    assert page.form.inputs["progress"].editor.toPlainText() == ""
    with Ledger(office.location) as other:
        add_record(other, TASK_PROGRESS, period="2025Q1", task_number=2, status="推进中", progress="同事填的")
    page.form.inputs["status"].editor.setCurrentIndex(page.form.inputs["status"].editor.findText("推进中"))
    editor = page.form.inputs["progress"].editor
    type_text(qtbot, editor, "我填的")
    editor.editingFinished.emit()
    qtbot.waitUntil(lambda: "已被他人修改" in page.status.text(), timeout=5000)
    with office.session() as s:
        m = TASK_PROGRESS.model
        assert s.scalar(select(func.count()).select_from(m).where(m.task_number == 2)) == 1
        assert s.scalar(select(m.progress).where(m.task_number == 2)) == "同事填的"
    assert editor.toPlainText() == "同事填的"
    _close(window)


def test_the_bureau_edit_of_a_record_another_officer_changed_is_refused(
    qtbot, ledgers, tmp_path, monkeypatch, chinese
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission
    from app.ui.records.detail import RecordDetail

    street = ledgers("长寿路街道")
    record = add_record(street, PATENT_LISTING, **LISTING)
    bureau = ledgers("区知识产权局")
    apply_plan(
        bureau, plan_import(bureau, [export_submission(street, parse_period("2025Q1"), tmp_path / "a.xlsx").path])
    )
    detail = RecordDetail(bureau)
    qtbot.addWidget(detail)
    detail.show_record(PATENT_LISTING, record)  # the officer reads it
    with Ledger(bureau.location) as other:  # another officer corrects it meanwhile
        edit_record(other, PATENT_LISTING, record, holder="复旦大学")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: told.append(text))
    dialog = detail.open_edit()
    assert dialog.form.inputs["holder"].editor.text() == "华东师范大学"  # what the officer read
    dialog.form.inputs["title"].editor.setText("一种检测装置（改）")
    dialog._save()  # noqa: SLF001 - the dialog's 保存
    assert told and "已被他人修改" in told[0]
    with bureau.session() as s:
        saved = s.get(PATENT_LISTING.model, record)
        assert (saved.holder, saved.title) == ("复旦大学", "一种检测装置")
    shown = {detail.table.item(i, 0).text(): detail.table.item(i, 1).text() for i in range(detail.table.rowCount())}
    assert shown["专利权人"] == "复旦大学"  # the detail now shows their change
    # an edit of what is shown now goes through
    told.clear()
    dialog = detail.open_edit()
    dialog.form.inputs["title"].editor.setText("一种检测装置（改）")
    dialog._save()  # noqa: SLF001
    assert told == []
    with bureau.session() as s:
        assert s.get(PATENT_LISTING.model, record).title == "一种检测装置（改）"


def test_an_answer_to_a_comment_another_officer_answered_is_refused(qtbot, office, monkeypatch, chinese) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.review import comments

    record = add_record(office, PATENT_LISTING, **LISTING)
    with office.session() as s:
        comment_id = comments.add_comment(s, "请核对权利人", record_id=record, field="专利权人").id
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.review.comments_page
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.table.selectRow(0)
    dialog = page.open_answer()  # the officer starts answering…
    with Ledger(office.location) as other, other.session() as s:  # …another answers it meanwhile
        comments.answer(s, comment_id, comments.FIXED, "已改为正确的权利人")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: told.append(text))
    dialog.how.setCurrentIndex(dialog.how.findData(comments.EXPLAINED))
    type_text(qtbot, dialog.text, "权利人无误")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert told and "已被他人修改" in told[0] and "已答复" in told[0]
    with office.session() as s:
        c = s.get(comments.Comment, comment_id)
        assert (c.answer_kind, c.answer) == (comments.FIXED, "已改为正确的权利人")  # theirs stands
    _close(window)


def test_answering_a_comment_checks_what_was_shown(ledgers) -> None:
    from app.review import comments

    office = ledgers("长寿路街道")
    record = add_record(office, PATENT_LISTING, **LISTING)
    with office.session() as s:
        c = comments.add_comment(s, "请核对权利人", record_id=record, field="专利权人")
        comment_id, shown = c.id, comments.shown_state(c)
    with Ledger(office.location) as other, other.session() as s:
        comments.answer(s, comment_id, comments.EXPLAINED, "无误", seen=shown)
    with pytest.raises(ReviewError, match="已被他人修改"), office.session() as s:
        comments.answer(s, comment_id, comments.FIXED, "", seen=shown)
    with office.session() as s:
        assert s.get(comments.Comment, comment_id).answer == "无误"
