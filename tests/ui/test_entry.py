"""Entering data as a clerk does: typed dates, saving while typing, drafts, confirmed warnings,
a process killed in the middle of a sentence, and another program (an import) writing to the ledger
meanwhile: the records form, 任务进展 and the bureau's record detail wait a moment only, say what is
not saved, undone or redone yet, and lose nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QUndoStack
from sqlalchemy import select

from app.entry import drafts
from app.store.ledger import Ledger
from app.ui.window import MainWindow
from app.vocabulary.kinds import BRAND_STATION, INDICATOR_VALUE, PATENT_LISTING, PLEDGE_FINANCING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, make_ledger
from tests.ui.helpers import another_program_writing, fill, type_into, type_text, typed_not_saved

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.fixture
def window(qtbot, office, chinese):
    w = MainWindow(office)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def open_page(window, kind):
    page = window.record_page(kind)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    return page


@pytest.mark.parametrize("typed", ["2025-09-28", "2025/9/28", "2025.9.28", "20250928", "2025年9月28日"])
def test_a_blank_date_takes_what_is_typed(qtbot, window, typed) -> None:
    page = open_page(window, BRAND_STATION)
    field_input = page.form.inputs["opened_on"]
    editor = field_input.editor
    assert editor.text() == ""
    editor.setFocus()
    type_text(qtbot, editor, typed)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.text() == "2025-09-28"
    assert field_input.parse() == date(2025, 9, 28)
    assert not field_input.message.isVisible()


def test_a_date_clears_with_delete_and_a_bad_one_is_named(qtbot, window, office) -> None:
    add_record(office, PATENT_LISTING, **LISTING)
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(0)
    editor = page.form.inputs["listed_on"].editor
    assert editor.text() == "2025-02-01"
    editor.setFocus()
    editor.end(False)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.text() == ""
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert "必填" in page.form.inputs["listed_on"].message.text()  # a required date left blank
    editor.setFocus()
    qtbot.keyClicks(editor, "2025-02-30")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert "不存在" in page.form.inputs["listed_on"].message.text()
    with office.session() as s:  # nothing invalid reached the ledger
        assert s.scalars(select(PATENT_LISTING.model.listed_on)).one() == date(2025, 2, 1)


# A popup asks the platform to raise it and grab the keyboard; the offscreen platform cannot.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_the_calendar_opens_on_today_or_on_the_fields_date(qtbot, window) -> None:
    page = open_page(window, BRAND_STATION)
    editor = page.form.inputs["opened_on"].editor
    popup = editor.open_calendar()
    assert popup.isVisible() and popup.selectedDate() == QDate.currentDate()
    popup.close()
    editor.setFocus()
    qtbot.keyClicks(editor, "2024/3/5")
    popup = editor.open_calendar()
    assert popup.selectedDate() == QDate(2024, 3, 5)
    assert (popup.yearShown(), popup.monthShown()) == (2024, 3)
    popup.setSelectedDate(QDate(2024, 3, 18))
    popup.activated.emit(QDate(2024, 3, 18))  # Enter on a day
    assert editor.text() == "2024-03-18" and not popup.isVisible()


def test_text_is_saved_while_typing_without_leaving_the_field(qtbot, window, office) -> None:
    record = add_record(office, PATENT_LISTING, **LISTING)
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(0)
    title = page.form.inputs["title"].editor
    title.setFocus()
    title.end(False)
    type_text(qtbot, title, "（改进型")

    def saved() -> bool:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title == "一种检测装置（改进型"

    qtbot.waitUntil(saved, timeout=5000)
    assert title.hasFocus() and title.text() == "一种检测装置（改进型"
    assert title.cursorPosition() == len(title.text())  # saving did not move the cursor
    type_text(qtbot, title, "）")
    qtbot.waitUntil(lambda: not page.form.typing, timeout=5000)
    window.undo_stack.undo()  # one Ctrl+Z takes back the whole edit of the field
    with office.session() as s:
        assert s.get(PATENT_LISTING.model, record).title == "一种检测装置"


def test_a_new_record_is_kept_as_a_draft_and_offered_back(qtbot, tmp_path, chinese) -> None:
    path = tmp_path / "draft.db"
    ledger = make_ledger(path, "长寿路街道")
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    page = open_page(w, PLEDGE_FINANCING)
    company = page.form.inputs["company"].editor
    company.setFocus()
    type_text(qtbot, company, "上海半路公司")
    qtbot.waitUntil(lambda: not page.form.typing, timeout=5000)
    with ledger.session() as s:
        assert drafts.draft_names(s) == [PLEDGE_FINANCING.key]
    w.deleteLater()  # not closed: as if the process had died
    ledger.close()

    ledger = Ledger(path)
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    assert PLEDGE_FINANCING.sheet in w.statusBar().currentMessage()
    assert any("草稿" in w.nav.item(i).text() for i in range(w.nav.count()))
    page = w.record_page(PLEDGE_FINANCING)
    assert page.form.inputs["company"].editor.text() == "上海半路公司"
    assert page.editing_id is None and "上次" in page.form_status.text()
    ledger.close()


def test_a_confirmed_warning_is_remembered_for_later_edits(qtbot, window, office) -> None:
    page = open_page(window, PLEDGE_FINANCING)
    fill(
        qtbot,
        page.form,
        {
            "company": "上海乙公司",
            "credit_code": "914403001922038217",  # check character should be 6
            "pledgee": "上海农商银行",
            "collateral_type": "专利",
            "amount": "500",
            "registered_on": date(2025, 2, 10),
        },
    )
    confirm = page.form.inputs["credit_code"].confirm
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton, pos=QPoint(8, confirm.height() // 2))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    record_id = page.editing_id
    assert record_id is not None
    page.new_record()
    page.table.selectRow(0)
    assert page.editing_id == record_id
    assert confirm.isChecked()  # remembered with the record
    type_into(qtbot, page.form, "amount", "650")
    with office.session() as s:
        assert s.get(PLEDGE_FINANCING.model, record_id).amount == 650.0
    assert "尚未保存" not in page.form_status.text()
    type_into(qtbot, page.form, "credit_code", "914403001922038218")  # another bad code warns again
    assert not confirm.isChecked() and confirm.isVisible()
    assert "已核对" in page.form_status.text()  # the status says what to do, not "correct the red fields"


def test_saving_a_new_record_with_only_a_warning_says_to_tick_it(qtbot, window, office) -> None:
    """An orange warning is not a red error: the clerk is told to confirm it (or correct the value),
    and once it is ticked the record saves."""
    page = open_page(window, PLEDGE_FINANCING)
    fill(
        qtbot,
        page.form,
        {
            "company": "上海长寿科技有限公司",
            "credit_code": "91310107MA1G12345X",  # check character should be K
            "pledgee": "上海农商银行",
            "collateral_type": "专利",
            "amount": "1000",
            "registered_on": date(2025, 9, 28),
        },
    )
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.editing_id is None  # not saved
    status = page.form_status.text()
    assert "已核对，保留此值" in status and "标红" not in status
    confirm = page.form.inputs["credit_code"].confirm
    assert confirm.isVisible() and not confirm.isChecked()
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton, pos=QPoint(8, confirm.height() // 2))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.editing_id is not None
    with office.session() as s:
        assert s.get(PLEDGE_FINANCING.model, page.editing_id).credit_code == "91310107MA1G12345X"
    assert confirm.isChecked()  # the saved record shows the tick it was saved with
    type_into(qtbot, page.form, "company", "")  # a required field emptied: now it is the red fields
    assert "标红" in page.form_status.text()


def test_a_missing_field_is_shown_at_once_beside_a_warning(qtbot, window, office) -> None:
    """Saving with a warning not yet ticked and a required field left empty shows both at once,
    so the clerk does not tick the warning only to be told of the empty field afterwards."""
    page = open_page(window, PLEDGE_FINANCING)
    fill(qtbot, page.form, {"credit_code": "91310107MA1G12345X", "amount": "1000"})  # no 出质企业, …
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.editing_id is None
    company, code = page.form.inputs["company"], page.form.inputs["credit_code"]
    assert company.message.isVisible() and code.message.isVisible() and code.confirm.isVisible()
    assert "校验位" in code.message.text() and company.message.text() != ""
    assert "标红" in page.form_status.text()


def _poll(path: Path, sql: str, deadline: float) -> object:
    while time.monotonic() < deadline:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            row = db.execute(sql).fetchone()
        finally:
            db.close()
        if row and row[0]:
            return row[0]
        time.sleep(0.1)
    return None


def test_a_process_killed_mid_typing_keeps_the_text(qtbot, tmp_path, chinese) -> None:
    path = tmp_path / "killed.db"
    ledger = make_ledger(path, "长寿路街道")
    record = add_record(ledger, PATENT_LISTING, **LISTING)
    ledger.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "typed"
        # Wait (not a timing assertion: up to a minute on a busy machine) for the text to reach
        # the ledger while the cursor is still in the field, then pull the plug.
        deadline = time.monotonic() + 60
        title = _poll(path, f"select title from patent_listings where id = '{record}' and title like '%v2'", deadline)
        draft = _poll(path, "select value from settings where key = 'draft:pledge_financing'", deadline)
        assert child.poll() is None, "the window must still be running when it is killed"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert title == "一种检测装置（第二版 v2"
    assert draft is not None

    ledger = Ledger(path)
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    page = w.record_page(PLEDGE_FINANCING)
    assert page.form.inputs["company"].editor.text() == "上海写了一半的公司 Ltd"
    with ledger.session() as s:
        assert s.get(PATENT_LISTING.model, record).title == "一种检测装置（第二版 v2"
    ledger.close()


@pytest.mark.parametrize("typed", ["ZL202310123456.6", "ZL 2023 1012 3456.6", "２０２３１０１２３４５６６", "zl20231"])
def test_a_patent_number_is_found_as_printed_on_the_certificate(qtbot, window, office, typed) -> None:
    add_record(office, PATENT_LISTING, **LISTING)
    add_record(office, PATENT_LISTING, **(LISTING | {"patent_no": "202320123456.1", "title": "另一项"}))
    page = open_page(window, PATENT_LISTING)
    assert page.model.rowCount() == 2
    type_text(qtbot, page.search, typed)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    title = [f.key for f in PATENT_LISTING.input_fields].index("title")
    assert page.model.index(0, title).data() == "一种检测装置"


def test_a_credit_code_is_found_however_it_is_typed(qtbot, window, office) -> None:
    from app.store import browse

    pledge = dict(
        company="上海华信科技有限公司",
        credit_code="91310107MA1G8XQ57T",
        pledgee="上海银行普陀支行",
        collateral_type="专利",
        amount=300.0,
        registered_on=date(2025, 2, 10),
    )
    add_record(office, PLEDGE_FINANCING, **pledge)
    with office.session() as s:
        for typed in ("91310107MA1G8XQ57T", " 91310107 ma1g8xq ", "９１３１０１０７"):
            assert browse.totals(s, browse.Query(PLEDGE_FINANCING, text=typed))[0] == 1, typed
        assert browse.totals(s, browse.Query(PLEDGE_FINANCING, text="91310107MA1G8XQ570"))[0] == 0


def test_a_new_record_shows_every_problem_at_once_and_takes_back_what_was_corrected(qtbot, window) -> None:
    page = open_page(window, PATENT_LISTING)
    page.new_record()
    form = page.form
    fill(qtbot, form, {"patent_no": "202310123456.5", "title": "一种检测装置", "holder": "华东师范大学"})
    fill(qtbot, form, {"listed_on": date(2025, 2, 1), "listing_status": "在架"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    number, mode = form.inputs["patent_no"].message, form.inputs["deal_mode"].message
    # the wrong check digit and the empty required 交易方式 on the same click
    assert number.isVisible() and "校验位" in number.text()
    assert mode.isVisible() and "必填" in mode.text()
    editor = form.inputs["patent_no"].editor
    editor.selectAll()
    type_text(qtbot, editor, "202310123456.6")
    qtbot.waitUntil(lambda: not number.isVisible(), timeout=3000)  # no second save needed
    assert mode.isVisible()
    type_into(qtbot, form, "deal_mode", "转让")
    qtbot.waitUntil(lambda: not mode.isVisible(), timeout=3000)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)


def test_a_wrong_value_in_a_new_record_is_named_before_saving(qtbot, window) -> None:
    page = open_page(window, PATENT_LISTING)
    page.new_record()
    editor = page.form.inputs["patent_no"].editor
    type_text(qtbot, editor, "202310123456.5")
    editor.clearFocus()
    message = page.form.inputs["patent_no"].message
    qtbot.waitUntil(lambda: message.isVisible(), timeout=3000)
    assert "校验位" in message.text()
    assert not page.form.inputs["deal_mode"].message.isVisible()  # an untouched field is not scolded yet


def test_typing_without_a_pause_is_saved_as_it_goes(qtbot, tmp_path, chinese) -> None:
    """A clerk types a 250-character 进展情况 without ever pausing and the power goes 0.5 s after the
    last key: at most the last 2 s of typing are lost (the form saves at the latest 1.5 s after a
    change however fast the typing goes on), and the restarted window shows no draft waiting."""
    from tests.ui.typing_child import PARAGRAPH

    path = tmp_path / "typing.db"
    make_ledger(path, "长寿路街道").close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", str(path), "continuous"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        word, times = child.stdout.readline().split(" ", 1)
        assert word == "typed"
        times = json.loads(times)
        time.sleep(max(0.0, times[-1] + 0.5 - time.monotonic()))  # CLOCK_MONOTONIC: one clock for both
        assert child.poll() is None, "the window must still be running when it is killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    assert len(times) == len(PARAGRAPH) == 250
    typed_before = sum(t <= times[-1] - 2.0 for t in times)  # keystrokes older than 2 s at the last key

    ledger = Ledger(path)
    with ledger.session() as s:
        saved = s.scalars(select(TASK_PROGRESS.model.progress)).all()
    assert len(saved) == 1 and PARAGRAPH.startswith(saved[0])
    assert len(saved[0]) >= typed_before, (len(saved[0]), typed_before)
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    nav = [w.nav.item(row).text() for row in range(w.nav.count())]
    assert not any("草稿" in text for text in nav), nav
    assert w.tasks_page.form.inputs["progress"].editor.toPlainText() == saved[0]
    ledger.close()


def test_a_draft_that_repeats_the_saved_record_is_no_draft(qtbot, office, chinese) -> None:
    """A draft kept for an indicator whose typed "18" is the 18.0 saved is not offered as unsaved
    input (指标（有草稿）) on every start; one that differs is, and the nav shows the whole label."""
    record = add_record(office, INDICATOR_VALUE, indicator_number=2, period="2025Q1", value=18.0, measure_unit="件")
    w = MainWindow(office)
    qtbot.addWidget(w)
    page = open_page(w, INDICATOR_VALUE)
    page.load(record)
    raw = page.form.raw_values()
    assert raw["value"] == "18"
    with office.session() as s:
        drafts.save_draft(s, INDICATOR_VALUE.key, record, raw)
    w.close()

    again = MainWindow(office)
    qtbot.addWidget(again)
    row = next(r for r, k in again.kind_at.items() if k is INDICATOR_VALUE)
    assert again.nav.item(row).text() == INDICATOR_VALUE.sheet
    with office.session() as s:
        assert drafts.draft_names(s) == []

    with office.session() as s:
        drafts.save_draft(s, INDICATOR_VALUE.key, record, {**raw, "value": "19"})
    third = MainWindow(office)
    qtbot.addWidget(third)
    third.show()
    qtbot.waitExposed(third)
    item = third.nav.item(row)
    assert item.text() == f"{INDICATOR_VALUE.sheet}（有草稿）"
    assert third.nav.visualItemRect(item).width() >= third.nav.fontMetrics().horizontalAdvance(item.text())
    assert third.record_page(INDICATOR_VALUE).form.inputs["value"].editor.text() == "19"


def test_messages_that_grow_to_several_lines_are_shown_whole_on_a_small_screen(qtbot, window) -> None:
    """At 125 % (1093×614) the messages under a record's fields (errors, warnings, the bureau's comments,
    all shown by FieldInput.show_message) that grow from one line to four get the height of four
    lines, not of the three the form's rows were laid out for."""
    window.resize(1093, 614)
    page = open_page(window, PLEDGE_FINANCING)
    page.new_record()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # one line each: 必填
    keys = ["company", "credit_code", "pledgee", "collateral_type", "amount", "registered_on"]
    long = "待处理：请写明出质企业的全称和统一社会信用代码，并补充质押登记证明的名称和份数，另附合同和会议纪要。"
    for key in keys:
        page.form.inputs[key].show_message(long, True)
    messages = [page.form.inputs[key].message for key in keys]
    line = messages[0].fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: messages[0].heightForWidth(messages[0].width()) >= 3 * line, timeout=3000)
    qtbot.wait(500)
    print("DBG", [(m.width(), m.height(), m.heightForWidth(m.width())) for m in messages])
    for m in messages:
        qtbot.waitUntil(lambda m=m: m.height() >= m.heightForWidth(m.width()), timeout=3000)


def test_a_second_value_of_one_indicator_for_one_period_is_not_saved(qtbot, window, office) -> None:
    """A clerk correcting last quarter's PCT count copies the record (复制为新记录) and types the
    new value instead of editing the old one: the year's report would take one of the two,
    whichever it read first. The form says the value is already there and saves nothing; for
    another period the copy saves."""
    add_record(office, INDICATOR_VALUE, indicator_number=2, period="2025Q1", value=18.0, measure_unit="件")
    page = open_page(window, INDICATOR_VALUE)
    page.table.selectRow(0)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    editor = page.form.inputs["value"].editor
    editor.selectAll()
    type_text(qtbot, editor, "25")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "本单位已有“指标 2（2025Q1）”的记录，同一报告期只填一条" in page.form_status.text()
    with office.session() as s:
        assert list(s.scalars(select(INDICATOR_VALUE.model.value))) == [18.0]

    type_into(qtbot, page.form, "period", "2025年第二季度")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)

    # moving the new period's record onto the old one's period is refused the same way
    with office.session() as s:
        moved = s.scalar(select(INDICATOR_VALUE.model.id).where(INDICATOR_VALUE.model.period == "2025Q2"))
    page.table.selectRow(next(r for r in range(2) if page.model.record_id(r) == moved))
    assert page.editing_id == moved
    type_into(qtbot, page.form, "period", "2025年第一季度")
    qtbot.waitUntil(lambda: "同一报告期只填一条" in page.form_status.text(), timeout=3000)
    with office.session() as s:
        assert s.get(INDICATOR_VALUE.model, moved).period == "2025Q2"


def test_a_period_column_shows_its_whole_label(qtbot, window, office) -> None:
    """The 指标 table's 报告期 column read “2024年第四…” at 1366×768: the period shows as its label,
    wider than the code (2024Q4) the workbook's column width is made for."""
    add_record(office, INDICATOR_VALUE, indicator_number=2, period="2024Q4", value=18.0, measure_unit="件")
    page = open_page(window, INDICATOR_VALUE)
    column = [f.key for f in page.model.fields].index("period")
    label = page.model.index(0, column).data()
    assert label == "2024年第四季度"
    assert page.table.columnWidth(column) >= page.table.fontMetrics().horizontalAdvance(label) + 8


def test_typing_while_another_program_writes_is_saved_once_it_is_done(qtbot, window, office) -> None:
    """The window's save while an import held the ledger (its planning writes, ~6 s for a district's
    year) froze the window for the import's length and, after 60 s, showed 意外错误 with the typed
    value neither saved nor kept as a draft. Now the form says it is not saved yet, stays usable,
    and saves what was typed once the other program is done."""
    record = add_record(office, PATENT_LISTING, **LISTING)
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(0)
    with another_program_writing(office.path):
        title = page.form.inputs["title"].editor
        title.setFocus()
        title.end(False)
        type_text(qtbot, title, "（改进型")
        page.form.flush()
        qtbot.waitUntil(lambda: "尚未保存" in page.form_status.text(), timeout=30_000)
        assert "另一个程序正在写入台账" in page.form_status.text()
        type_text(qtbot, title, "）")  # the window goes on taking keys
        page.form.flush()
        assert title.text() == "一种检测装置（改进型）"
        with office.session() as s:
            assert s.get(PATENT_LISTING.model, record).title == "一种检测装置"

    def saved() -> bool:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title == "一种检测装置（改进型）"

    qtbot.waitUntil(saved, timeout=30_000)
    qtbot.waitUntil(lambda: "尚未保存" not in page.form_status.text(), timeout=5_000)
    window.undo_stack.undo()  # the edit is one step, as any other
    with office.session() as s:
        assert s.get(PATENT_LISTING.model, record).title == "一种检测装置"


def typed_into_a_listings_title(qtbot, window, office):  # noqa: ANN001, ANN201
    """A listing on its page, "（一" typed at the end of its title and saved: (its id, the page, the title field)."""
    record = add_record(office, PATENT_LISTING, **LISTING)
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(0)
    title = page.form.inputs["title"].editor
    title.setFocus()
    title.end(False)
    type_text(qtbot, title, "（一")
    page.form.flush()
    return record, page, title


def test_ctrl_z_while_another_program_writes_keeps_every_edit(qtbot, window, office) -> None:
    """A save refused while an import held the ledger was merged into the previous undo step (its
    unsaved value became that step's 'after'), and Ctrl+Z pressed meanwhile failed and dropped that
    step silently: once the import was done, Ctrl+Z no longer went back to the original value.
    Now Ctrl+Z says it was not undone and keeps the step; once the other program is done every edit
    is saved and Ctrl+Z takes them back to the original value (Ctrl+Y brings them again)."""
    record, page, title = typed_into_a_listings_title(qtbot, window, office)
    with office.session() as s:
        assert s.get(PATENT_LISTING.model, record).title == "一种检测装置（一"
    stack = window.undo_stack
    with another_program_writing(office.path):
        type_text(qtbot, title, "二")
        page.form.flush()
        qtbot.waitUntil(lambda: "另一个程序正在写入台账" in page.form_status.text(), timeout=30_000)
        stack.undo()  # Ctrl+Z while the import runs
        assert "未能撤销" in page.form_status.text()
        qtbot.waitUntil(stack.canUndo, timeout=5_000)  # the step is still there
        assert title.text() == "一种检测装置（一二"
        with office.session() as s:
            assert s.get(PATENT_LISTING.model, record).title == "一种检测装置（一"

    def ledger_title() -> str:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title

    qtbot.waitUntil(lambda: ledger_title() == "一种检测装置（一二", timeout=30_000)
    qtbot.waitUntil(lambda: page.form_status.text() == "已保存。", timeout=5_000)
    undone = []
    while stack.canUndo():
        stack.undo()
        undone.append((ledger_title(), title.text()))
    assert undone == [("一种检测装置", "一种检测装置")]  # typing into one field is one step, as always
    while stack.canRedo():
        stack.redo()
    assert ledger_title() == "一种检测装置（一二"


def test_ctrl_y_while_another_program_writes_keeps_the_step(qtbot, window, office) -> None:
    """Ctrl+Y while an import holds the ledger says it was not redone and keeps the step to redo:
    once the other program is done Ctrl+Y brings the edit back."""
    record, page, title = typed_into_a_listings_title(qtbot, window, office)
    stack = window.undo_stack
    stack.undo()
    with another_program_writing(office.path):
        stack.redo()  # Ctrl+Y while the import runs
        assert "未能重做" in page.form_status.text()
        qtbot.waitUntil(stack.canRedo, timeout=5_000)  # the step is still there to redo
        assert title.text() == "一种检测装置"
    stack.redo()
    assert title.text() == "一种检测装置（一"
    with office.session() as s:
        assert s.get(PATENT_LISTING.model, record).title == "一种检测装置（一"
    stack.undo()
    with office.session() as s:
        assert s.get(PATENT_LISTING.model, record).title == "一种检测装置"


def test_leaving_a_record_while_another_program_writes_keeps_the_edit(qtbot, window, office) -> None:
    """Choosing another record while an import held the ledger made the save wait 60 s, then showed
    意外错误 and the edit was lost. Now the form stays on the record not saved yet and says so; once
    the other program is done the edit is saved and the other record opens when chosen."""
    record = add_record(office, PATENT_LISTING, **LISTING)
    other = add_record(office, PATENT_LISTING, **{**LISTING, "patent_no": "202310654321.X", "title": "另一装置"})
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(page.model.row_of(record))
    title = page.form.inputs["title"].editor
    with another_program_writing(office.path):
        typed_not_saved(qtbot, page, "title", "（改）")
        page.table.selectRow(page.model.row_of(other))  # the clerk clicks another record
        assert "仍停留在这里" in page.form_status.text()
        qtbot.waitUntil(lambda: page.table.currentIndex().row() == page.model.row_of(record), timeout=5_000)
        assert page.editing_id == record and title.text() == "一种检测装置（改）"
        page.new_record()  # 新建 too
        assert page.editing_id == record and title.text() == "一种检测装置（改）"

    def saved() -> bool:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title == "一种检测装置（改）"

    qtbot.waitUntil(saved, timeout=10_000)
    page.table.selectRow(page.model.row_of(other))
    assert page.editing_id == other and title.text() == "另一装置"


def test_another_page_or_closing_while_another_program_writes_keeps_the_edit(
    qtbot, window, office, monkeypatch
) -> None:
    """Turning to another page keeps the edit and saves it once the other program is done; closing
    the window (which waited 60 s, then failed with 意外错误) asks first, and staying keeps it too."""
    from PySide6.QtWidgets import QMessageBox

    record = add_record(office, PATENT_LISTING, **LISTING)
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(0)
    title = page.form.inputs["title"].editor

    def ledger_title() -> str:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title

    with another_program_writing(office.path):
        title.setFocus()
        title.end(False)
        type_text(qtbot, title, "（一")
        window.nav.setCurrentRow(window.stack.indexOf(window.tasks_page))  # another page
        assert "尚未保存" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: ledger_title() == "一种检测装置（一", timeout=10_000)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):  # noqa: ANN001, ANN202 - QMessageBox.question
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    with another_program_writing(office.path):
        title.setFocus()
        title.end(False)
        type_text(qtbot, title, "二")
        assert not window.close()  # the clerk closes the window: asked, and stays
        assert asked and "尚未保存" in asked[0]
        assert window.isVisible() and title.text() == "一种检测装置（一二"
    qtbot.waitUntil(lambda: ledger_title() == "一种检测装置（一二", timeout=10_000)
    asked.clear()
    assert window.close()  # all saved: closes without a question
    assert asked == []


def progress(ledger, record_id: str) -> str:  # noqa: ANN001
    with ledger.session() as s:
        return s.get(TASK_PROGRESS.model, record_id).progress


def test_a_task_report_typed_while_another_program_writes_is_kept_and_so_is_its_undo(qtbot, window, office) -> None:
    """任务进展 saved what was typed waiting up to 60 s for an import, then dropped the edit and said
    已保存; Ctrl+Z waited 60 s and dropped its step. Now the page says 尚未保存 at once, stays on the
    task, saves once the other program is done; Ctrl+Z says 未能撤销 and keeps the step."""
    rid = add_record(office, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
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


def test_a_new_task_report_typed_while_another_program_writes_is_saved_once_it_is_done(qtbot, window, office) -> None:
    """The first words of a task's report, typed while an import held the ledger, failed inside the
    undo step after 60 s (意外错误). Now they are saved once the other program is done."""
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


def test_an_attached_file_undone_and_added_while_another_program_writes(qtbot, window, office, tmp_path: Path) -> None:
    """Evidence steps are on the same undo stack as the typing: Ctrl+Z of an attached file while an
    import holds the ledger froze the window for the ledger's 60 s wait, then said 意外错误 (database
    is locked) and the step was gone; adding a file did the same (found by review). Now each waits
    BUSY_WAIT_MS: 未能撤销, the step kept; 未能完成, nothing added — each done once the import is."""
    add_record(office, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已签约")
    page = window.tasks_page
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.set_period(parse_period("2025Q1"))
    page.select_task(1)
    pdf = tmp_path / "走访记录.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert page.evidence.add_files([pdf]) == []
    assert page.evidence.table.rowCount() == 1
    stack = window.undo_stack
    with another_program_writing(office.path):
        started = time.monotonic()
        stack.undo()  # Ctrl+Z while the import runs
        assert time.monotonic() - started < 5
        assert "未能撤销" in window.statusBar().currentMessage()
        qtbot.waitUntil(stack.canUndo, timeout=5_000)  # the step is kept, to be undone later
        second = tmp_path / "照片说明.pdf"
        second.write_bytes(b"%PDF-1.4\n2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        started = time.monotonic()
        assert page.evidence.add_files([second]) == []
        assert time.monotonic() - started < 5
        assert "未能完成" in window.statusBar().currentMessage()
        assert page.evidence.table.rowCount() == 1
    stack.undo()
    assert page.evidence.table.rowCount() == 0
