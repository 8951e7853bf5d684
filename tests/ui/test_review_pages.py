"""The review cycle in the window, driven through its widgets: the bureau reads what the units wrote,
comments on a field, returns and accepts; the unit finds the comment on its field in its 待处理 list
and answers; the deadlines page sets a due date and writes the reminders."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QTableWidget, QTreeWidgetItem

from app.exchange.reader import read_workbook
from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.review import comments
from app.review import state as review
from app.ui.review.page import ReturnDialog
from app.ui.window import MainWindow
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, make_ledger
from tests.ui.helpers import type_text

Q1 = parse_period("2025Q1")


def click_row(qtbot, table: QTableWidget, row: int, column: int = 0) -> None:  # noqa: ANN001
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def row_of(table: QTableWidget, text: str, column: int = 0) -> int:
    return next(i for i in range(table.rowCount()) if table.item(i, column).text() == text)


def tree_items(tree) -> list[QTreeWidgetItem]:  # noqa: ANN001
    found, stack = [], [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        found.append(item)
        stack[:0] = [item.child(i) for i in range(item.childCount())]
    return found


@pytest.fixture
def quarter(tmp_path: Path):
    """Two units' 2025Q1 submissions merged at the bureau: 长寿路街道 on time, 曹杨新村街道 late and lagging."""
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    other = make_ledger(tmp_path / "other.db", "曹杨新村街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    rid = add_record(
        unit,
        TASK_PROGRESS,
        period="2025Q1",
        task_number=1,
        status="推进中",
        progress="召开推进会",
        reporter="王敏",
        phone="021-62000000",
    )
    add_record(other, TASK_PROGRESS, period="2025Q1", task_number=1, status="滞后", progress="场地未落实")
    for ledger, name, received in ((unit, "u.xlsx", datetime(2025, 4, 8)), (other, "o.xlsx", datetime(2025, 4, 20))):
        path = export_submission(ledger, Q1, tmp_path / name).path
        apply_plan(bureau, plan_import(bureau, [path]), received=received)
    yield unit, bureau, rid
    for ledger in (unit, other, bureau):
        ledger.close()


def open_window(qtbot, ledger) -> MainWindow:  # noqa: ANN001
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.period_combo.setCurrentIndex(w.periods.index("2025Q1"))
    return w


def test_bureau_reads_comments_on_a_field_returns_and_the_unit_answers(  # noqa: ANN001
    qtbot, quarter, tmp_path: Path, chinese, monkeypatch
) -> None:
    unit, bureau, rid = quarter
    w = open_window(qtbot, bureau)
    page = w.review.review_page
    w.nav.setCurrentRow(w.stack.indexOf(page))
    assert w.nav.currentItem().text() == "审核"

    # each responsible unit's status side by side; 滞后 stands out, bold on red
    task1 = next(i for i in tree_items(page.tree) if i.text(0).startswith("1. "))
    reports = {task1.child(i).text(0): task1.child(i) for i in range(task1.childCount())}
    assert reports["长寿路街道"].text(1) == "推进中" and reports["长寿路街道"].text(2) == "召开推进会 ●"
    assert "● 较上期有变化" in reports["长寿路街道"].toolTip(2)  # what the mark means
    assert "应填 288 处，未填 286 处" in page.summary.text() and "较上期变化（●）" in page.summary.text()
    # the units table: a line a row, and the mostly empty 待重新审核 column no wider than its title
    assert page.units.rowHeight(0) < 2 * page.units.fontMetrics().height()
    assert page.units.columnWidth(5) <= page.units.horizontalHeader().sectionSizeHint(5) + 4
    lagging = reports["曹杨新村街道"]
    assert lagging.text(1) == "▲ 滞后" and lagging.font(1).bold()
    assert lagging.background(1).color().name() == "#c62828"
    assert any(name.endswith("个单位") for name in reports)  # the others, on one line

    title = task1.text(0)
    page.filter.setCurrentIndex(page.filter.findText("有滞后的任务"))
    shown = [i.text(0) for i in tree_items(page.tree) if i.parent() and not i.parent().parent()]
    assert shown == [title]

    # the on-time unit's report, read-only with its owner; a comment on one field
    page.filter.setCurrentIndex(0)
    task1 = next(i for i in tree_items(page.tree) if i.text(0).startswith("1. "))
    item = next(task1.child(i) for i in range(task1.childCount()) if task1.child(i).text(0) == "长寿路街道")
    page.tree.setCurrentItem(item)
    assert "长寿路街道" in page.detail.owner.text() and "只读" in page.detail.owner.text()
    assert page.detail.table.item(row_of(page.detail.table, "报告期"), 1).text() == "2025年第一季度"
    click_row(qtbot, page.detail.table, row_of(page.detail.table, "进展情况"))
    dialog = page.detail.open_comment()
    type_text(qtbot, dialog.text, "请写明推进会的日期")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    progress_row = row_of(page.detail.table, "进展情况")
    assert "请写明推进会的日期" in page.detail.table.item(progress_row, 2).text()

    # return with the feedback workbook; the state and the comment count follow
    click_row(qtbot, page.units, row_of(page.units, "长寿路街道"))
    assert page.return_button.isEnabled() and not page.reopen_button.isEnabled()
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    ret = next(d for d in page.findChildren(ReturnDialog) if d.isVisible())
    feedback_file = tmp_path / "反馈.xlsx"
    ret.path.setText(str(feedback_file))
    # a new due date for the corrected file (issue 23 item 10): the feedback workbook carries it
    assert not ret.due.isEnabled()
    ret.new_due.setChecked(True)
    ret.due.setDate(QDate(2025, 4, 30))
    qtbot.mouseClick(ret.return_button, Qt.MouseButton.LeftButton)
    assert feedback_file.exists()
    assert read_workbook(feedback_file).meta.due == "2025-04-30"
    row = row_of(page.units, "长寿路街道")
    assert page.units.item(row, 1).text() == "已退回"
    assert "待处理 1 条" in page.units.item(row, 4).text()

    # the late unit is accepted; a later file would be held
    click_row(qtbot, page.units, row_of(page.units, "曹杨新村街道"))
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    row = row_of(page.units, "曹杨新村街道")
    assert page.units.item(row, 1).text() == "已接收"
    assert "逾期" in page.units.item(row, 3).text()
    assert page.reopen_button.isEnabled() and not page.accept_button.isEnabled()
    # the bureau's list says where each comment went
    bpage = w.review.comments_page
    w.nav.setCurrentRow(w.stack.indexOf(bpage))
    assert bpage.table.horizontalHeaderItem(8).text() == "发给单位" and not bpage.table.isColumnHidden(8)
    assert bpage.table.item(0, 8).text().startswith("已随2025年第一季度反馈发出")
    w.close()

    # the unit imports the feedback in its import dialog and finds the comment in its 待处理 list
    u = open_window(qtbot, unit)
    dialog = u.open_import()
    dialog.files.add_paths([feedback_file])
    assert "已退回" in dialog.tree.topLevelItem(0).text(2)  # previewed like any file: nothing taken yet
    assert u.nav.item(u.review.comments_row).text() == "反馈意见"
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    # the page is built when first shown; its title in the list counts the waiting comments before that
    assert u.nav.item(u.review.comments_row).text() == "反馈意见（1）"
    cpage = u.review.comments_page
    u.nav.setCurrentRow(u.stack.indexOf(cpage))
    assert u.nav.currentItem().text() == "反馈意见（1）"
    assert "2025年4月30日" in cpage.deadline.text() and "区局审核：已退回" in cpage.deadline.text()
    assert "2025-04-30" in u.due_label.text()  # the new due date the return set, in the status bar
    assert cpage.table.rowCount() == 1
    assert cpage.table.item(0, 0).text() == "待处理"
    assert cpage.table.item(0, 5).text() == "进展情况（召开推进会）"

    # from the comment to the record: the comment stands under its field
    click_row(qtbot, cpage.table, 0)
    qtbot.mouseClick(cpage.go_button, Qt.MouseButton.LeftButton)
    assert u.stack.currentWidget() is u.tasks_page
    message = u.tasks_page.form.inputs["progress"].message
    assert message.isVisibleTo(u.tasks_page) and "请写明推进会的日期" in message.text()

    # answered with a 情况说明: off the 待处理 list, and into the next export
    u.nav.setCurrentRow(u.stack.indexOf(cpage))
    click_row(qtbot, cpage.table, 0)
    answer = cpage.open_answer()
    answer.how.setCurrentIndex(answer.how.findData(comments.EXPLAINED))
    type_text(qtbot, answer.text, "推进会于3月12日召开")
    qtbot.mouseClick(answer.ok_button, Qt.MouseButton.LeftButton)
    assert cpage.table.rowCount() == 0
    # it left the list at once: the clerk is told it is kept and when it goes (it just vanished)
    said = u.statusBar().currentMessage()
    assert "已答复" in said and "下次导出报送文件" in said and "只看待处理的意见" in said, said
    assert u.nav.currentItem().text() == "反馈意见"
    qtbot.mouseClick(cpage.only_open, Qt.MouseButton.LeftButton, pos=cpage.only_open.rect().center())
    assert cpage.table.item(0, 0).text() == "已答复"
    assert cpage.table.item(0, 7).text() == "情况说明：推进会于3月12日召开"
    u.close()


def test_deadlines_page_sets_the_due_date_and_writes_reminders(qtbot, quarter, chinese) -> None:  # noqa: ANN001
    _unit, bureau, _rid = quarter
    w = open_window(qtbot, bureau)
    page = w.review.deadlines_page
    w.nav.setCurrentRow(w.stack.indexOf(page))
    year = page.year
    row = next(i for i in range(year.rowCount()) if year.item(i, 0).text() == "长寿路街道")
    assert year.item(row, 1).text().startswith("按时·待审核")
    assert year.item(row, 1).toolTip().startswith("首次报送：2025-")  # the date the cell shows, said in full
    row = next(i for i in range(year.rowCount()) if year.item(i, 0).text() == "曹杨新村街道")
    assert year.item(row, 1).text().startswith("逾期")

    # a later due date makes the late unit on time
    page.due_period.setCurrentIndex(page.due_period.findData("2025Q1"))
    page.due_date.setDate(QDate(2025, 4, 25))
    qtbot.mouseClick(page.set_due_button, Qt.MouseButton.LeftButton)
    with bureau.session() as s:
        assert review.due_date(s, Q1) == date(2025, 4, 25)
    row = next(i for i in range(year.rowCount()) if year.item(i, 0).text() == "曹杨新村街道")
    assert year.item(row, 1).text().startswith("按时")
    assert year.horizontalHeaderItem(1).text() == "2025年第一季度\n截止 04-25"

    # the 催报 list: units not submitted, a reminder to copy, a mail draft once the address is known
    missing = [page.missing.item(i, 0).text() for i in range(page.missing.rowCount())]
    assert "长风新村街道" in missing and "长寿路街道" not in missing
    click_row(qtbot, page.missing, missing.index("长风新村街道"))
    assert "长风新村街道" in page.text.toPlainText() and "2025年4月25日" in page.text.toPlainText()
    assert not page.mail_button.isEnabled()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == page.text.toPlainText()
    page.missing.item(missing.index("长风新村街道"), 3).setText("ipo@cfxc.example.cn")
    assert page.mail_button.isEnabled()
    assert page.selected_reminder().mailto.startswith("mailto:ipo@cfxc.example.cn?subject=")
    w.close()


def test_submission_dialog_lists_tasks_in_number_order_and_asks_for_a_record(qtbot, tmp_path: Path, chinese) -> None:  # noqa: ANN001
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    for number in (18, 31, 1, 17):  # entered in this order
        add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=number, status="推进中", progress="推进")
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, Q1, tmp_path / "u.xlsx").path]))
    w = open_window(qtbot, bureau)
    page = w.review.review_page
    w.nav.setCurrentRow(w.stack.indexOf(page))
    click_row(qtbot, page.units, row_of(page.units, "长寿路街道"))
    dialog = page.open_submission()
    qtbot.addWidget(dialog)
    group = dialog.records.topLevelItem(0)
    assert [group.child(i).text(0) for i in range(group.childCount())] == [
        f"任务 {n}（2025Q1）" for n in (1, 17, 18, 31)
    ]
    # the unit is chosen already: the empty panel asks for one of its records
    assert dialog.detail.title.text() == "选择一条记录，在此查看。"
    dialog.close()
    w.close()
    unit.close()
    bureau.close()


def test_importing_only_held_files_says_they_were_held(qtbot, tmp_path: Path, chinese, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    from app.ui.exchange.dialogs import ImportDialog

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="召开推进会")
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, Q1, tmp_path / "u1.xlsx").path]))
    review.accept(bureau, "长寿路街道", Q1)
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=18, status="推进中", progress="补报")
    again = export_submission(unit, Q1, tmp_path / "u2.xlsx").path
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text: shown.append((title, text)))
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([again])
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    title, text = shown[0]
    assert title == "文件已暂存"
    assert text.startswith("1 个文件已暂存为“待重新审核”") and "未并入台账" in text
    assert "导入编号" not in text and "撤销" not in text  # nothing was imported, so nothing to undo
    unit.close()
    bureau.close()


@pytest.mark.parametrize("bureau_side", [True, False])
def test_a_comment_on_a_long_text_leaves_the_comment_and_the_answer_in_view(
    qtbot, quarter, tmp_path: Path, chinese, bureau_side: bool
) -> None:  # noqa: ANN001
    """At 1366 px the field's value (a 250-character 进展情况) shares the width: 意见 and 答复 stay on screen."""
    from app.review import feedback

    unit, bureau, rid = quarter
    long_text = "召开知识产权工作推进会，走访重点企业，收集企业需求并逐项回应。" * 8
    with bureau.session() as s:
        record = s.get(TASK_PROGRESS.model, rid)
        record.progress = long_text
        comments.add_comment(s, "请写明推进会的日期和参会企业数", record_id=rid, field="进展情况")
    ledger = bureau
    if not bureau_side:
        from app.cli.main import main as cli

        path, _ = feedback.return_submission(bureau, "长寿路街道", Q1, path=tmp_path / "反馈.xlsx")
        assert cli(["--db", str(tmp_path / "unit.db"), "import", str(path)]) == 0
        with unit.session() as s:  # what the unit wrote (the bureau holds the same)
            s.get(TASK_PROGRESS.model, rid).progress = long_text
        ledger = unit
    w = open_window(qtbot, ledger)
    w.resize(1366, 768)
    page = w.review.comments_page
    w.nav.setCurrentRow(w.stack.indexOf(page))
    qtbot.waitUntil(lambda: page.table.rowCount() >= 1)
    table = page.table
    row = next(i for i in range(table.rowCount()) if table.item(i, 6).text().startswith("请写明推进会"))
    visible = table.viewport().width()
    for column in (6, 7):  # 意见, 答复
        left = table.columnViewportPosition(column)
        assert left >= 0 and left + 120 <= visible, (column, left, visible)
        assert table.columnWidth(column) >= 120
    assert table.item(row, 5).text().endswith("…）")
    assert long_text in table.item(row, 5).toolTip()
    w.close()


def test_a_long_progress_text_is_readable_on_the_review_page_of_a_small_screen(qtbot, quarter, chinese) -> None:  # noqa: ANN001
    """At 125 % on a 1366×768 screen (1093×614) a unit's progress text wraps to lines the officer
    can read beside the others, rather than one line of about ten characters."""
    unit, bureau, rid = quarter
    long_text = "召开知识产权工作推进会，走访重点企业十二家，收集企业需求并逐项回应，形成问题清单。" * 3
    with bureau.session() as s:
        s.get(TASK_PROGRESS.model, rid).progress = long_text
    w = open_window(qtbot, bureau)
    w.resize(1093, 614)
    page = w.review.review_page
    w.nav.setCurrentRow(w.stack.indexOf(page))
    task1 = next(i for i in tree_items(page.tree) if i.text(0).startswith("1. "))
    item = next(task1.child(i) for i in range(task1.childCount()) if task1.child(i).text(0) == "长寿路街道")
    line = page.tree.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: page.tree.visualItemRect(item).height() >= 3 * line, timeout=3000)
    w.close()


def test_the_year_grid_says_a_units_file_was_refused_not_that_it_sent_nothing(qtbot, tmp_path, chinese) -> None:
    """报送期限 showed 未报送 for a unit whose file came and was refused; it says 文件被拒, with the
    file, when it came and why in the cell's tip, and the unit that sent nothing still reads 未报送."""
    import openpyxl

    from app.ui.review.deadlines import DeadlinesPage

    street = make_ledger(tmp_path / "street.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    sent = export_submission(street, Q1, tmp_path / "长寿路街道_2025Q1.xlsx").path
    wb = openpyxl.load_workbook(sent)
    ws = wb["任务进展"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("推进状态") + 1).value = "差不多了"
    bad = tmp_path / "长寿路街道_2025Q1_改.xlsx"
    wb.save(bad)
    assert plan_import(bureau, [bad]).errors  # refused as a whole: nothing taken, the refusal noted
    page = DeadlinesPage(bureau, Q1)
    qtbot.addWidget(page)
    page.refresh(today=date(2025, 4, 15))
    year = page.year
    cell = year.item(row_of(year, "长寿路街道"), 1)
    assert cell.text().startswith("文件被拒（逾期）")
    assert "长寿路街道_2025Q1_改.xlsx" in cell.toolTip() and "被拒收" in cell.toolTip()
    assert year.item(row_of(year, "曹杨新村街道"), 1).text() == "未报送"
    # the unit sends a good file: its cell says so, the refusal is past
    apply_plan(bureau, plan_import(bureau, [sent]), received=datetime(2025, 4, 16))
    page.refresh(today=date(2025, 4, 20))
    assert year.item(row_of(year, "长寿路街道"), 1).text().startswith("逾期·待审核")
    street.close()
    bureau.close()


def import_history_at_125_percent(qtbot, bureau):  # noqa: ANN001, ANN201
    """The bureau's window on a 1366×768 screen at 125 % (1093×614 logical pixels), on 导入记录."""
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    w.resize(1093, 614)
    w.show()
    qtbot.waitExposed(w)
    w.nav.setCurrentRow(w.stack.indexOf(w.history_page))
    return w, w.history_page.table


def every_cell_on_screen_and_whole(table) -> list[str]:  # noqa: ANN001
    """No cell needs sideways scrolling, and each line of every cell but the file name's (elided in
    the middle) fits its column. The headers, for the caller."""
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    viewport, metrics = table.viewport().rect(), table.fontMetrics()
    for row in range(table.rowCount()):
        for column, header in enumerate(headers):
            item = table.item(row, column)
            assert viewport.contains(table.visualItemRect(item)), (row, header)  # no sideways scrolling
            if header != "文件":
                for line in item.text().split("\n"):
                    assert table.columnWidth(column) >= metrics.horizontalAdvance(line), (header, line)
    return headers


def test_the_import_history_shows_each_signature_whole_on_a_125_percent_screen(qtbot, tmp_path, chinese) -> None:
    """导入记录 on a 1366×768 screen at 125 % (1093×614 logical pixels): the 签名 column stood last
    and took what was left of the width, so the fingerprint the officer compares read
    签名有效（07A8-… or only 签名有效…. Every column now shows its text whole; the file name, the
    longest and least needed (unit and period stand beside it), gives way, elided in the middle with
    the whole name in its tooltip."""
    from app.store import keys, records
    from app.vocabulary.kinds import PATENT_LISTING
    from tests.conftest import add_listing

    unit = make_ledger(tmp_path / "unit.db", "长风新村街道")
    add_record(unit, TASK_PROGRESS, period="2025Q4", task_number=1, status="推进中", progress="召开推进会")
    add_listing(unit)
    newcomer = make_ledger(tmp_path / "new.db", "曹杨新村街道", trusted=False)  # its key not yet confirmed
    add_record(newcomer, TASK_PROGRESS, period="2025Q4", task_number=1, status="推进中", progress="走访企业")
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    with bureau.session() as s:  # an earlier test's 曹杨新村街道 may be known here: this one is new
        if keys.key_of(s, keys.find_unit(s, "曹杨新村街道").id) is not None:
            keys.untrust(s, "曹杨新村街道")
    q4 = parse_period("2025Q4")
    first = export_submission(unit, q4, tmp_path / "知识产权台账_长风新村街道_2025Q4.xlsx").path
    apply_plan(bureau, plan_import(bureau, [first]))
    with unit.session() as s:
        listing = s.query(PATENT_LISTING.model).one()
        records.update(s, PATENT_LISTING, listing, {"price": 88.0})
    second = export_submission(unit, q4, tmp_path / "知识产权台账_长风新村街道_2025Q4_更正.xlsx").path
    apply_plan(bureau, plan_import(bureau, [second, export_submission(newcomer, q4, tmp_path / "c.xlsx").path]))
    w, table = import_history_at_125_percent(qtbot, bureau)
    assert table.rowCount() == 3  # the file held for its key first, then the two imports
    headers = every_cell_on_screen_and_whole(table)
    signature = table.item(1, headers.index("签名")).text()
    assert signature.startswith("签名有效（") and signature.endswith("）") and len(signature) == len("签名有效（") + 20
    assert table.item(1, headers.index("文件")).toolTip() == second.name
    w.close()
    bureau.close()
    unit.close()
    newcomer.close()


def test_a_long_list_of_changes_leaves_the_file_name_and_the_signature_on_a_125_percent_screen(
    qtbot, tmp_path, chinese
) -> None:
    """Found in review: an import with 新增, 更新, 表外修改（已采用） and 未变 made 变更 as wide as its
    one line (新增 1，更新 1，表外修改（已采用） 1，未变 1), the file name shrank to …, and 签名 went
    past the right edge, to be scrolled to. 变更 now takes two lines; every column stays on the screen."""
    import openpyxl

    from app.store import records
    from app.vocabulary.kinds import PATENT_LISTING
    from tests.conftest import add_listing

    unit = make_ledger(tmp_path / "unit.db", "长风新村街道")
    add_record(unit, TASK_PROGRESS, period="2025Q4", task_number=1, status="推进中", progress="召开推进会")
    add_record(unit, TASK_PROGRESS, period="2025Q4", task_number=2, status="推进中", progress="走访企业")
    add_listing(unit)
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    q4 = parse_period("2025Q4")
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, q4, tmp_path / "first.xlsx").path]))
    add_record(unit, TASK_PROGRESS, period="2025Q4", task_number=3, status="推进中", progress="开展培训")  # 新增
    with unit.session() as s:
        records.update(s, PATENT_LISTING, s.query(PATENT_LISTING.model).one(), {"price": 88.0})  # 更新
    second = export_submission(unit, q4, tmp_path / "知识产权台账_长风新村街道_2025Q4_更正.xlsx").path
    wb = openpyxl.load_workbook(second)  # the clerk types into the file itself: 表外修改
    ws = wb["任务进展"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[headers.index("进展情况")].value == "走访企业":
            row[headers.index("进展情况")].value = "走访企业12家"
    wb.save(second)
    apply_plan(bureau, plan_import(bureau, [second]))
    w, table = import_history_at_125_percent(qtbot, bureau)
    headers = every_cell_on_screen_and_whole(table)
    changes = table.item(0, headers.index("变更"))
    assert changes.toolTip() == "新增 1，更新 1，未变 1，表外修改（已采用） 1" and "\n" in changes.text()
    metrics = table.fontMetrics()
    assert table.rowHeight(0) >= 2 * metrics.lineSpacing()  # both lines of 变更 shown
    assert table.columnWidth(headers.index("文件")) >= metrics.horizontalAdvance("知识产权台账_长风新村")
    w.close()
    bureau.close()
    unit.close()


def window_with_comments(qtbot, office, *notes: tuple[str, str, str]) -> MainWindow:  # noqa: ANN001
    """The window, in front, on a ledger with the bureau's comments (text, record id, field)."""
    with office.session() as s:
        for text, record, field in notes:
            comments.add_comment(s, text, record_id=record, field=field)
    w = open_window(qtbot, office)
    w.activateWindow()
    qtbot.waitActive(w)
    return w


def go_to_record_of(qtbot, w: MainWindow, text: str) -> None:  # noqa: ANN001
    """转到记录 from the comment `text` on the comments page."""
    cpage = w.review.comments_page
    w.nav.setCurrentRow(w.stack.indexOf(cpage))
    click_row(qtbot, cpage.table, row_of(cpage.table, text, 6))
    qtbot.mouseClick(cpage.go_button, Qt.MouseButton.LeftButton)


def test_go_to_record_lands_on_the_field_the_comment_is_about(qtbot, tmp_path: Path, chinese) -> None:  # noqa: ANN001
    """转到记录 from a comment on 专利权人 put the keyboard on 添加佐证材料: the clerk had to find the
    field the bureau wrote about. It lands on that field, ready to edit — on a record page and on the
    task page alike."""
    from app.vocabulary.kinds import PATENT_LISTING
    from tests.conftest import add_listing

    office = make_ledger(tmp_path / "unit.db", "长寿路街道")
    listing = add_listing(office)
    task = add_record(office, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="召开推进会")
    w = window_with_comments(
        qtbot, office, ("请核对权利人", listing, "专利权人"), ("请写明推进会的日期", task, "进展情况")
    )
    for text, page, field in (
        ("请核对权利人", w.record_page(PATENT_LISTING), "holder"),
        ("请写明推进会的日期", w.tasks_page, "progress"),
    ):
        go_to_record_of(qtbot, w, text)
        assert w.stack.currentWidget() is page
        editor = page.form.inputs[field].editor
        focused = w.focusWidget()
        assert focused is editor, (focused.accessibleName(), getattr(focused, "text", str)())
        assert editor.isVisibleTo(w) and not editor.visibleRegion().isEmpty()  # scrolled into view
        message = page.form.inputs[field].message
        assert message.isVisibleTo(page) and text in message.text()  # the comment under it, in view
        type_text(qtbot, editor, "（已核对）")  # the clerk corrects the value: saved as typed...
        page.form.flush()
        assert message.isVisibleTo(page) and text in message.text()  # ...and the comment stays till answered
    office.close()


def test_go_to_record_on_a_several_choice_field_lands_on_a_box(qtbot, tmp_path: Path, chinese) -> None:  # noqa: ANN001
    """转到记录 from a comment on 服务类型 (商标品牌指导站, several check boxes) put the keyboard on the
    widget holding the boxes: no focus frame, and Space ticked nothing. It lands on the first box
    ticked, else the first box, and Space ticks or unticks it."""
    from PySide6.QtWidgets import QCheckBox

    from app.vocabulary.kinds import BRAND_STATION

    office = make_ledger(tmp_path / "unit.db", "长寿路街道")
    fields = {"host_org": "某某公司", "street": "长寿路街道", "status": "已揭牌"}
    ticked = add_record(office, BRAND_STATION, name="长寿路指导站", service_types="维权援助；地理标志", **fields)
    none = add_record(office, BRAND_STATION, name="曹杨新村指导站", service_types=None, **fields)
    w = window_with_comments(
        qtbot, office, ("请核对服务类型", ticked, "服务类型"), ("请补全服务类型", none, "服务类型")
    )
    page = w.record_page(BRAND_STATION)
    for text, box, after in (("请核对服务类型", "维权援助", "地理标志"), ("请补全服务类型", "注册咨询", "注册咨询")):
        go_to_record_of(qtbot, w, text)
        assert w.stack.currentWidget() is page
        focused = w.focusWidget()
        assert isinstance(focused, QCheckBox), (type(focused).__name__, focused.accessibleName())
        assert focused.text() == box and page.form.inputs["service_types"].editor.isAncestorOf(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Space)
        assert page.form.inputs["service_types"].raw() == after  # the box ticked or unticked
    w.close()
    office.close()
