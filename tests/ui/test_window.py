"""The data-entry window, driven through its real widgets."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QTreeWidget,
)
from sqlalchemy import select

from app import demo
from app.store.ledger import Ledger
from app.ui.first_run import FirstRunDialog
from app.ui.records.model import RecordTableModel
from app.ui.undo import current_values
from app.ui.window import MainWindow
from app.vocabulary.kinds import (
    BRAND_STATION,
    INDICATOR_VALUE,
    PATENT_DEAL,
    PATENT_LISTING,
    PLEDGE_FINANCING,
    STATION_SERVICE,
    TASK_PROGRESS,
)
from tests.conftest import add_listing, make_ledger
from tests.ui.helpers import fill, type_into, type_text

GOOD_CODE = "914403001922038216"
ENTRIES = {
    BRAND_STATION: {
        "name": "长寿商标品牌指导站",
        "host_org": "上海某园区有限公司",
        "host_credit_code": GOOD_CODE,
        "street": "长寿路街道",
        "status": "已揭牌",
        "opened_on": date(2025, 1, 8),
        "service_types": "注册咨询；维权援助",
    },
    STATION_SERVICE: {"station_name": "长寿商标品牌指导站", "companies_served": "12", "consultations": "30"},
    PATENT_LISTING: {
        "patent_no": "ZL 2023 1 0123456.6",
        "title": "一种检测装置",
        "holder": "华东师范大学",
        "holder_type": "高校",
        "deal_mode": "转让",
        "price": "1,200.5",
        "listed_on": date(2025, 2, 1),
        "listing_status": "在架",
    },
    PATENT_DEAL: {
        "deal_type": "转让",
        "patent_no": "202310123456.6",
        "grantor": "华东师范大学",
        "grantee": "上海甲公司",
        "amount": "３０",
        "contract_date": date(2025, 3, 1),
        "via_supermarket": "是",
    },
    PLEDGE_FINANCING: {
        "company": "上海乙公司",
        "credit_code": GOOD_CODE,
        "pledgee": "上海农商银行",
        "collateral_type": "专利",
        "amount": "500",
        "registration_no": "Y2025310000001",
        "registered_on": date(2025, 2, 10),
        "risk_compensation": "否",
    },
    INDICATOR_VALUE: {"indicator_number": "2.", "value": "18", "measure_unit": "件"},
}


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
    w.period_combo.setCurrentIndex(w.periods.index("2025Q1"))
    return w


def page_of(window, kind):
    return window.record_page(kind)


def open_page(qtbot, window, kind):
    page = page_of(window, kind)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    return page


def test_first_run_searches_and_sets_up_the_ledger(qtbot, tmp_path, chinese) -> None:
    ledger = Ledger(tmp_path / "first.db")
    dialog = FirstRunDialog(ledger)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.search, "桃浦")
    visible = [dialog.units.item(i).text() for i in range(dialog.units.count()) if not dialog.units.item(i).isHidden()]
    assert visible == ["桃浦镇（镇）"]
    dialog.units.setCurrentRow(
        next(i for i in range(dialog.units.count()) if dialog.units.item(i).text().startswith("桃浦镇"))
    )
    assert str(ledger.path) in " ".join(label.text() for label in dialog.findChildren(QLabel))
    dialog.accept()
    assert (ledger.unit_name, ledger.role) == ("桃浦镇", "office")
    ledger.close()


def test_create_a_record_of_every_kind_through_its_form(qtbot, window, office) -> None:
    for kind, values in ENTRIES.items():
        page = open_page(qtbot, window, kind)
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
        fill(qtbot, page.form, values)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert page.model.rowCount() == 1, (kind.sheet, page.form_status.text())
        assert page.editing_id is not None
    with office.session() as s:
        listing = s.scalars(select(PATENT_LISTING.model)).one()
        assert (listing.patent_no, listing.price, listing.patent_type) == ("202310123456.6", 1200.5, "发明")
        station = s.scalars(select(BRAND_STATION.model)).one()
        assert station.service_types == "注册咨询；维权援助" and station.opened_on == date(2025, 1, 8)
        assert s.scalars(select(PATENT_DEAL.model)).one().amount == 30.0
        assert s.scalars(select(INDICATOR_VALUE.model)).one().period == "2025Q1"
        assert s.scalars(select(STATION_SERVICE.model)).one().companies_served == 12


def test_bad_patent_number_is_shown_inline_and_blocks_saving(qtbot, window) -> None:
    page = open_page(qtbot, window, PATENT_LISTING)
    fill(qtbot, page.form, {**ENTRIES[PATENT_LISTING], "patent_no": "202310123456.1"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    message = page.form.inputs["patent_no"].message
    assert message.isVisible() and "校验位错误" in message.text()
    assert page.model.rowCount() == 0
    type_into(qtbot, page.form, "patent_no", "202310123456.6")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1, [(k, i.message.text()) for k, i in page.form.inputs.items() if i.message.text()]
    assert not message.isVisible()


def test_a_wrong_patent_number_in_the_pledged_list_is_refused_like_the_patent_number(qtbot, window, office) -> None:
    page = open_page(qtbot, window, PLEDGE_FINANCING)
    pledged = "ZL202310123456.6；202310234567.3"  # the second one's check digit should be 4
    fill(qtbot, page.form, {**ENTRIES[PLEDGE_FINANCING], "collateral_list": pledged})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    message = page.form.inputs["collateral_list"].message
    assert message.isVisible() and "第 2 项" in message.text() and "校验位错误" in message.text()
    assert page.model.rowCount() == 0
    type_into(qtbot, page.form, "collateral_list", "ZL 202310123456.6；202310234567.4")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    with office.session() as s:  # stored in the normal form, as 专利号 is
        assert s.scalars(select(PLEDGE_FINANCING.model.collateral_list)).one() == "202310123456.6；202310234567.4"


def test_bad_credit_code_warns_and_saves_once_confirmed(qtbot, window) -> None:
    page = open_page(qtbot, window, PLEDGE_FINANCING)
    fill(qtbot, page.form, {**ENTRIES[PLEDGE_FINANCING], "credit_code": "914403001922038217"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    field_input = page.form.inputs["credit_code"]
    assert "校验位应为 6" in field_input.message.text() and field_input.confirm.isVisible()
    assert page.model.rowCount() == 0
    qtbot.mouseClick(field_input.confirm, Qt.MouseButton.LeftButton, pos=QPoint(8, field_input.confirm.height() // 2))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1


def test_edits_save_as_you_type_and_undo_works(qtbot, window, office, monkeypatch) -> None:
    page = open_page(qtbot, window, PATENT_DEAL)
    fill(qtbot, page.form, ENTRIES[PATENT_DEAL])
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    record_id = page.editing_id
    type_into(qtbot, page.form, "amount", "45")
    with office.session() as s:
        assert s.get(PATENT_DEAL.model, record_id).amount == 45.0  # saved without pressing save

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 0
    window.undo_stack.undo()  # the delete
    assert page.model.rowCount() == 1
    window.undo_stack.undo()  # the edit
    with office.session() as s:
        record = s.get(PATENT_DEAL.model, record_id)
        assert (record.deleted, record.amount) == (False, 30.0)


def test_close_and_reopen_finds_every_value_and_the_draft(qtbot, tmp_path, chinese) -> None:
    path = tmp_path / "reopen.db"
    ledger = make_ledger(path, "长寿路街道")
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    page = page_of(w, PLEDGE_FINANCING)
    fill(qtbot, page.form, ENTRIES[PLEDGE_FINANCING])
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    listing_page = page_of(w, PATENT_LISTING)
    type_into(qtbot, listing_page.form, "title", "写了一半的名称")
    w.close()
    ledger.close()

    ledger = Ledger(path)
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    page = page_of(w, PLEDGE_FINANCING)
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.form.inputs["registration_no"].editor.text() == "Y2025310000001"
    assert page.form.inputs["amount"].editor.text() == "500"
    assert page_of(w, PATENT_LISTING).form.inputs["title"].editor.text() == "写了一半的名称"
    w.close()
    ledger.close()


def test_tasks_page_reports_and_copies_last_period(qtbot, window, office) -> None:
    tasks = window.tasks_page
    assert "0" in window.completeness.text() and "/ 8" in window.completeness.text()
    tasks.select_task(9)
    type_into(qtbot, tasks.form, "status", "推进中")
    type_into(qtbot, tasks.form, "progress", "召开专利转化对接会")
    assert tasks.items[9].text(1) == "推进中"
    assert "1 / 8" in window.completeness.text()

    window.period_combo.setCurrentIndex(window.periods.index("2025Q2"))
    tasks.select_task(9)
    assert tasks.copy_button.isEnabled()
    qtbot.mouseClick(tasks.copy_button, Qt.MouseButton.LeftButton)
    with office.session() as s:
        rows = s.execute(
            select(TASK_PROGRESS.model.period, TASK_PROGRESS.model.progress).order_by(TASK_PROGRESS.model.period)
        ).all()
    assert [tuple(r) for r in rows] == [("2025Q1", "召开专利转化对接会"), ("2025Q2", "召开专利转化对接会")]


def test_status_required_progress_required_unless_not_started(qtbot, window, office) -> None:
    tasks = window.tasks_page
    tasks.select_task(1)
    type_into(qtbot, tasks.form, "status", "已完成")
    assert "进展情况" in tasks.form.inputs["progress"].message.text()
    with office.session() as s:
        assert s.scalar(select(TASK_PROGRESS.model.id)) is None


def test_every_table_model_passes_the_model_tester(qtmodeltester, office) -> None:
    with office.session() as s:
        demo.fill(s, units=1, rows=120)
    for kind in (
        BRAND_STATION,
        STATION_SERVICE,
        PATENT_LISTING,
        PATENT_DEAL,
        PLEDGE_FINANCING,
        INDICATOR_VALUE,
        TASK_PROGRESS,
    ):
        model = RecordTableModel(office, kind, None)
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_every_input_has_an_accessible_name(window) -> None:
    kinds = (QLineEdit, QComboBox, QDateEdit, QPlainTextEdit, QCheckBox, QTableView, QTreeWidget)
    unnamed = [
        w
        for k in kinds
        for w in window.findChildren(k)
        if not w.accessibleName() and not isinstance(w.parent(), QComboBox | QDateEdit)
    ]
    unnamed = [w for w in unnamed if w.objectName() not in ("qt_spinbox_lineedit",)]
    assert unnamed == []


ALLOWED_ASCII = re.compile(r"Ctrl|ID|Excel|WPS|xlsx|[A-Z]?\d|[/\\._:-]")


def test_every_visible_string_is_in_chinese(qtbot, window, office) -> None:
    texts = [window.windowTitle()]
    for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        texts.append(w.text())
    for action in window.menuBar().actions():
        texts.append(action.text())
        texts += [a.text() for a in action.menu().actions()]
    for i in range(window.nav.count()):
        texts.append(window.nav.item(i).text())
    texts = [re.sub(r"<[^>]+>", "", t or "") for t in texts]  # rich-text labels: only what shows counts
    untranslated = [
        t for t in texts if re.search(r"[A-Za-z]{3,}", ALLOWED_ASCII.sub("", t)) and str(office.path) not in t
    ]
    assert untranslated == []


def test_translation_file_is_complete(qapp) -> None:  # noqa: ANN001 - pytest-qt's application
    import xml.etree.ElementTree as ET

    from PySide6.QtCore import QTranslator

    from app.paths import resource

    tree = ET.parse(resource("translations") / "ipledger_zh_CN.ts")
    missing = [
        m.findtext("source")
        for m in tree.iter("message")
        if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")
    ]
    assert missing == []
    # The compiled file the program loads says what the .ts says: no string shows in English
    # because the .qm was not rebuilt after a translation was added.
    compiled = QTranslator()
    assert compiled.load("ipledger_zh_CN", str(resource("translations")))
    stale = [
        (context.findtext("name"), m.findtext("source"))
        for context in tree.iter("context")
        for m in context.iter("message")
        if m.get("numerus") != "yes"
        and compiled.translate(context.findtext("name"), m.findtext("source"), m.findtext("comment"))
        != m.findtext("translation")
    ]
    assert stale == []


def test_bureau_sees_submissions_and_history(qtbot, tmp_path, chinese) -> None:
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    titles = [w.nav.item(i).text() for i in range(w.nav.count())]
    # the review cycle's pages follow (SPEC §9)
    assert titles[-5:] == ["报送情况", "导入记录", "审核", "报送期限", "反馈意见"]
    w.nav.setCurrentRow(w.stack.indexOf(w.history_page))  # the import history opens: nothing imported yet
    assert w.stack.currentWidget() is w.history_page
    assert w.history_page.table.rowCount() == 0 and w.history_page.undo_button.text() == "撤销所选导入"
    w.close()
    bureau.close()


def test_submissions_page_says_what_it_adds_to_the_deadlines_page(qtbot, tmp_path, chinese) -> None:
    """报送情况 and 报送期限 both show units × quarters: the first says which date it shows and sends
    the reader to the pages that tell on time or late and the review, by the names they have."""
    from PySide6.QtWidgets import QLabel

    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    w.nav.setCurrentRow(w.stack.indexOf(w.submissions_page))
    notes = [label.text() for label in w.submissions_page.findChildren(QLabel) if label.text().startswith("已报送：")]
    assert notes == [
        "已报送：该季度有效文件的导出日期（“被取代”：被它取代的先前文件）。"
        "是否按时、审核状态，请看“报送期限”页和“审核”页。"
    ]
    titles = {w.nav.item(i).text() for i in range(w.nav.count())}
    assert {"报送期限", "审核"} <= titles
    w.close()
    bureau.close()


def test_import_dialog_previews_commits_and_history_undoes(qtbot, tmp_path, chinese, monkeypatch) -> None:
    from app.outgoing.submission import export_submission
    from app.vocabulary.periods import parse_period

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    add_listing(unit)
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "a.xlsx").path
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    dialog = w.open_import()
    dialog.files.add_paths([path, junk])
    assert "新增 1" in dialog.summary.text() and "错误 1" in dialog.summary.text()
    # The refused file is refused on its own: the other can still be imported, and the reason says so.
    assert dialog.import_button.isEnabled() and "1 个文件有错误" in dialog.reason.text()
    junk_node = next(
        dialog.tree.topLevelItem(i)
        for i in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(i).text(0) == "junk.xlsx"
    )
    assert junk_node.text(1).startswith("已拒绝")
    dialog.tree.setCurrentItem(junk_node)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    files = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert files == ["a.xlsx"] and dialog.import_button.isEnabled() and dialog.reason.text() == ""
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    listings = page_of(w, PATENT_LISTING)
    assert listings.model.rowCount() == 1

    w.nav.setCurrentRow(w.stack.indexOf(w.history_page))
    assert w.history_page.table.rowCount() == 1
    w.history_page.table.selectRow(0)
    qtbot.mouseClick(w.history_page.undo_button, Qt.MouseButton.LeftButton)
    assert listings.model.rowCount() == 0
    assert w.history_page.table.item(0, 5).text() == "已撤销"
    w.close()
    bureau.close()
    unit.close()


def test_only_chinese_is_offered(qtbot, office, chinese) -> None:
    """The interface is Chinese only: an English one could only be half English (field labels,
    sheets and messages are Chinese data), so none is offered."""
    w = MainWindow(office)
    qtbot.addWidget(w)
    assert w.nav.item(0).text() == "任务进展"
    texts = []
    for action in w.menuBar().actions():
        for a in action.menu().actions():
            texts.append(a.text())
            if a.menu():
                texts += [b.text() for b in a.menu().actions()]
    assert texts and not any("English" in t or "语言" in t for t in texts)


def test_bureau_narrows_records_to_one_unit(qtbot, tmp_path, chinese) -> None:
    from tests.conftest import add_record

    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    add_record(
        bureau,
        PATENT_LISTING,
        patent_no="202310123456.6",
        title="局里的挂牌",
        holder="甲",
        deal_mode="转让",
        listed_on=date(2025, 1, 5),
        listing_status="在架",
    )
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    page = page_of(w, PATENT_LISTING)
    assert page.unit_filter.isVisible() or not page.unit_filter.isHidden()
    assert page.model.rowCount() == 1
    page.unit_filter.setCurrentIndex(page.unit_filter.findText("长寿路街道"))
    assert page.model.rowCount() == 0
    page.unit_filter.setCurrentIndex(page.unit_filter.findText("区知识产权局"))
    assert page.model.rowCount() == 1
    w.close()
    bureau.close()


def test_bureau_saves_the_consolidated_workbook_from_the_menu(qtbot, tmp_path, chinese) -> None:
    from python_calamine import CalamineWorkbook

    from app.ui.reports.dialogs import ConsolidateDialog

    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    target = tmp_path / "汇总.xlsx"
    file_menu = w.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text().startswith("生成汇总工作簿")).trigger()
    dialog = w.findChild(ConsolidateDialog)
    # a quarter, a half-year or the year of the current period
    choices = [dialog.period.itemText(i) for i in range(dialog.period.count())]
    year = w.period.year
    assert choices == [f"{year}年第{q}季度" for q in "一二三四"] + [f"{year}年上半年", f"{year}年下半年", f"{year}年"]
    dialog.period.setCurrentIndex(choices.index(f"{year}年上半年"))
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "指标完成情况" in CalamineWorkbook.from_path(str(target)).sheet_names
    assert dialog.progress.value() == dialog.progress.maximum() > 0
    assert dialog.folder_button.isVisible() and str(target) in dialog.message.text()
    w.close()
    bureau.close()


def test_dropping_a_folder_lists_its_workbooks(qtbot, tmp_path, office, chinese) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from app.ui.exchange.dialogs import ImportDialog

    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for name in ("长寿路街道.xlsx", "桃浦镇.xlsx", "~$长寿路街道.xlsx", "说明.docx"):
        (inbox / name).write_bytes(b"x")
    dialog = ImportDialog(office)
    qtbot.addWidget(dialog)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(inbox))])
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    dialog.files.dropEvent(event)
    assert sorted(p.name for p in dialog.files.paths()) == ["桃浦镇.xlsx", "长寿路街道.xlsx"]
    assert "错误 2" in dialog.summary.text()  # neither is a real workbook: both are named, nothing imports
    assert not dialog.import_button.isEnabled()


def test_pages_are_built_when_first_shown_with_the_period_and_data_of_then(qtbot, tmp_path, chinese) -> None:
    from PySide6.QtWidgets import QWidget

    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission
    from app.vocabulary.periods import parse_period

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    add_listing(unit)
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "a.xlsx").path
    unit.close()
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    titles = [w.nav.item(i).text() for i in range(w.nav.count())]
    # the window opens with its first page built and filled; the others wait to be shown
    assert w.stack.currentWidget() is w.tasks_page and w.tasks_page.tree.topLevelItemCount() == 2
    assert all(type(w.stack.widget(i)) is QWidget for i in range(1, w.stack.count()))

    # an import and a change of period while the pages were not built yet
    apply_plan(bureau, plan_import(bureau, [path]))
    w.refresh_all()
    w.period_combo.setCurrentIndex(w.periods.index("2024Q2"))
    w.nav.setCurrentRow(titles.index("报送情况"))
    submissions = w.stack.currentWidget()
    assert submissions.title.text() == "2024年报送情况"
    w.nav.setCurrentRow(titles.index("导入记录"))
    assert w.stack.currentWidget().table.rowCount() == 1

    # once built, a page follows the period as before
    w.period_combo.setCurrentIndex(w.periods.index("2025Q1"))
    w.nav.setCurrentRow(titles.index("报送情况"))
    assert w.stack.currentWidget() is submissions and submissions.title.text() == "2025年报送情况"
    t = submissions.table
    row = next(i for i in range(t.rowCount()) if t.item(i, 0).text() == "长寿路街道")
    assert t.item(row, 2).text().startswith("已报送")
    w.close()
    bureau.close()


def test_the_indicator_column_shows_each_indicators_number_and_name_in_full(qtbot, window) -> None:
    """At 1366×768 the 指标编号 column was 81 px wide for 2. 新增PCT国际专利申请量（件）: it read 2. 新增PC…"""
    window.resize(1366, 768)
    page = open_page(qtbot, window, INDICATOR_VALUE)
    labels = page.model.labels["indicator_number"]
    assert len(labels) == 7, labels
    column = [f.key for f in page.model.fields].index("indicator_number")
    metrics = page.table.fontMetrics()
    cut = [text for text in labels.values() if metrics.horizontalAdvance(text) + 8 > page.table.columnWidth(column)]
    assert cut == [], (page.table.columnWidth(column), cut)


def test_a_new_record_being_typed_stays_when_the_window_comes_back_to_the_front(qtbot, window, office) -> None:
    """Found on Windows: a clerk typing a new listing opened a drop-down (or turned to Word for the
    holder's name) and came back to find every field empty. Leaving the window keeps the typing as a
    draft; coming back took that draft for news from elsewhere and refreshed the page, which began
    a new, empty record."""
    page = open_page(qtbot, window, PATENT_LISTING)
    page.new_record()
    type_into(qtbot, page.form, "patent_no", "ZL202310123456.6")
    type_into(qtbot, page.form, "title", "一种检测装置")
    window.flush_forms()  # as when another window takes the keyboard
    assert not window.notice_changes()  # the window's own draft is no news from elsewhere
    assert page.form.inputs["title"].editor.text() == "一种检测装置"
    # Real news (another program adds a listing) shows, and what is being typed stays.
    with Ledger(office.location) as other:
        add_listing(other, patent_no="202320123456.1", title="另一项专利")
    assert window.notice_changes()
    assert page.model.rowCount() == 1
    assert page.editing_id is None
    assert page.form.inputs["patent_no"].editor.text() == "ZL202310123456.6"
    assert page.form.inputs["title"].editor.text() == "一种检测装置"


@pytest.mark.parametrize("kind", [PATENT_LISTING, PATENT_DEAL])
def test_after_saving_a_new_record_a_keystroke_neither_changes_the_period_nor_the_record(
    qtbot, window, office, kind
) -> None:
    """Found on the Windows program: after 保存新记录 the keyboard focus went to the 报告期 selector
    (the saved record's form hides the button that had it, and Qt passed the focus on), so the
    clerk's next keystroke — a digit, an arrow — switched the whole window to another period. Nor
    may it go to the form's first field (a first try): for 专利交易 that is the 交易类型 list, and
    Down turned the saved deal's 转让 into 许可 and saved it (found by review). The list takes it."""
    window.activateWindow()
    qtbot.waitActive(window)
    page = open_page(qtbot, window, kind)
    page.new_record()
    fill(qtbot, page.form, ENTRIES[kind])
    page.save_button.setFocus()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.editing_id is not None  # saved
    saved_id = page.editing_id
    saved = current_values(office, kind, saved_id)
    focused = window.focusWidget()
    assert focused is not window.period_combo and not page.form.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_Down)
    qtbot.keyClicks(focused, "2")
    page.form.flush()
    assert window.period.code == "2025Q1"
    assert current_values(office, kind, saved_id) == saved
