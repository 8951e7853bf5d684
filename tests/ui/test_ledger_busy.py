"""Another program writes to the ledger (an import holds an SQLite ledger's write lock for the
seconds its planning takes): 任务进展 and the bureau's record detail wait a moment only, say what is
not saved, undone or redone yet, and lose nothing — as the records form does (tests/ui/test_entry.py)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QUndoStack

from app.ui.window import MainWindow
from app.vocabulary.kinds import PATENT_LISTING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, make_ledger
from tests.ui.helpers import another_program_writing, type_text

LISTING = dict(
    patent_no="202310123456.6",
    title="一种检测装置",
    holder="华东师范大学",
    deal_mode="转让",
    listed_on=date(2025, 2, 1),
    listing_status="在架",
)


@pytest.fixture
def office(tmp_path):
    ledger = make_ledger(tmp_path / "office.db", "长寿路街道")
    yield ledger
    ledger.close()


def progress(ledger, record_id: str) -> str:  # noqa: ANN001
    with ledger.session() as s:
        return s.get(TASK_PROGRESS.model, record_id).progress


def test_a_task_report_typed_while_another_program_writes_is_kept_and_so_is_its_undo(qtbot, office, chinese) -> None:
    """任务进展 saved what was typed waiting up to 60 s for an import, then dropped the edit and said
    已保存; Ctrl+Z waited 60 s and dropped its step. Now the page says 尚未保存 at once, stays on the
    task, saves once the other program is done; Ctrl+Z says 未能撤销 and keeps the step."""
    rid = add_record(office, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.tasks_page
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.set_period(parse_period("2025Q1"))
    page.select_task(1)
    editor = page.form.inputs["progress"].editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(qtbot, editor, "一")
    page.form.flush()
    assert progress(office, rid) == "已部署一"
    stack = window.undo_stack
    with another_program_writing(office.path):
        type_text(qtbot, editor, "二")
        page.form.flush()
        qtbot.waitUntil(lambda: "尚未保存" in page.status.text(), timeout=10_000)
        assert "另一个程序正在写入台账" in page.status.text()
        page.select_task(2)  # another task: the page stays on what is not saved yet
        qtbot.waitUntil(lambda: page.tree.currentItem() is page.items[1], timeout=5_000)
        assert page.task == 1 and editor.toPlainText() == "已部署一二"
        stack.undo()  # Ctrl+Z while the import runs
        assert "未能撤销" in page.status.text()
        qtbot.waitUntil(stack.canUndo, timeout=5_000)
        assert editor.toPlainText() == "已部署一二"
        assert progress(office, rid) == "已部署一"
    qtbot.waitUntil(lambda: progress(office, rid) == "已部署一二", timeout=10_000)
    qtbot.waitUntil(lambda: page.status.text() == "已保存。", timeout=5_000)
    while stack.canUndo():
        stack.undo()
    assert progress(office, rid) == "已部署"
    assert editor.toPlainText() == "已部署"
    window.close()


def test_a_new_task_report_typed_while_another_program_writes_is_saved_once_it_is_done(qtbot, office, chinese) -> None:
    """The first words of a task's report, typed while an import held the ledger, failed inside the
    undo step after 60 s (意外错误). Now they are saved once the other program is done."""
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.tasks_page
    page.set_period(parse_period("2025Q1"))
    page.select_task(2)
    status = page.form.inputs["status"].editor
    with another_program_writing(office.path):
        status.setCurrentIndex(status.findText("推进中"))
        editor = page.form.inputs["progress"].editor
        type_text(qtbot, editor, "已部署")
        page.form.flush()
        qtbot.waitUntil(lambda: "尚未保存" in page.status.text(), timeout=10_000)

    def saved() -> str | None:
        rid = page._record_id(parse_period("2025Q1"), 2)  # noqa: SLF001
        return progress(office, rid) if rid else None

    qtbot.waitUntil(lambda: saved() == "已部署", timeout=10_000)
    window.undo_stack.undo()
    assert page._record_id(parse_period("2025Q1"), 2) is None  # noqa: SLF001 - one step takes it back
    window.close()


def test_the_bureau_edit_while_another_program_writes_is_saved_and_its_undo_kept(
    qtbot, ledgers, tmp_path, chinese
) -> None:
    """The bureau's 编辑 of a unit's record waited up to 60 s for an import and then was dropped
    without a word; Ctrl+Z of it waited 60 s and dropped the step. Now the dialog stays open saying
    尚未保存 and saves once the other program is done; Ctrl+Z says 未能撤销 and keeps the step."""
    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission
    from app.ui.records.detail import RecordDetail

    street = ledgers("长寿路街道")
    record = add_record(street, PATENT_LISTING, **LISTING)
    bureau = ledgers("区知识产权局")
    apply_plan(
        bureau, plan_import(bureau, [export_submission(street, parse_period("2025Q1"), tmp_path / "a.xlsx").path])
    )
    stack = QUndoStack()
    detail = RecordDetail(bureau, stack)
    qtbot.addWidget(detail)
    detail.show()
    detail.show_record(PATENT_LISTING, record)

    def title() -> str:
        with bureau.session() as s:
            return s.get(PATENT_LISTING.model, record).title

    dialog = detail.open_edit()
    dialog.form.inputs["title"].editor.setText("一种检测装置（改）")
    with another_program_writing(bureau.path):
        dialog._save()  # noqa: SLF001 - the dialog's 保存
        assert "尚未保存" in dialog.status.text()
        assert dialog.isVisible()  # what the officer typed stays in view
        assert title() == "一种检测装置"
    qtbot.waitUntil(lambda: title() == "一种检测装置（改）", timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    with another_program_writing(bureau.path):
        stack.undo()  # Ctrl+Z while the import runs
        assert "未能撤销" in detail.status.text()
        qtbot.waitUntil(stack.canUndo, timeout=5_000)
        assert title() == "一种检测装置（改）"
    stack.undo()
    assert title() == "一种检测装置"
    stack.redo()
    assert title() == "一种检测装置（改）"
