"""F1 opens the bundled manual at the page's section; the table sums amounts of the current
filter, copies selected rows for WPS and exports the view as it is."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QSplitter, QStyle
from python_calamine import CalamineWorkbook

from app import manual
from app.ui.window import MainWindow
from app.vocabulary.kinds import KINDS, PLEDGE_FINANCING
from tests.conftest import add_record, make_ledger

GOOD_CODE = "914403001922038216"


@pytest.fixture
def office(tmp_path):
    ledger = make_ledger(tmp_path / "office.db", "长寿路街道")
    for i, (amount, kind) in enumerate([(500.0, "专利"), (250.5, "商标"), (100.0, "专利")]):
        add_record(
            ledger,
            PLEDGE_FINANCING,
            company=f"上海{'甲乙丙'[i]}公司",
            credit_code=GOOD_CODE,
            pledgee="上海农商银行",
            collateral_type=kind,
            amount=amount,
            registration_no=f"Y202531000000{i}",
            registered_on=date(2025, 2, 10 + i),
        )
    yield ledger
    ledger.close()


@pytest.fixture
def window(qtbot, office, chinese):
    w = MainWindow(office)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def bureau_window(qtbot, tmp_path, chinese):
    ledger = make_ledger(tmp_path / "bureau.db", "区知识产权局", "bureau")
    w = MainWindow(ledger)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    ledger.close()


def open_page(window, kind):
    page = window.record_page(kind)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    return page


def test_the_manual_names_every_field_and_the_routine() -> None:
    text = manual.manual_html()
    for kind in KINDS:
        assert f'name="{kind.key}"' in text
        for f in kind.fields:
            assert f.label in text, (kind.sheet, f.label)
    for section in ("routine", "review", "import", "faq", "settings"):
        assert f'name="{section}"' in text
    assert "2025年9月28日" in text and "校验位" in text and "<!--FIELDS-->" not in text


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform cannot raise a window
def test_f1_opens_the_manual_at_the_page_in_view(qtbot, window) -> None:
    open_page(window, PLEDGE_FINANCING)
    window.stack.currentWidget().table.setFocus()
    qtbot.keyClick(window.stack.currentWidget().table, Qt.Key.Key_F1)
    viewer = window.help_viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.anchor == "pledge_financing"
    assert viewer.browser.verticalScrollBar().value() > 0  # scrolled to the section, not the top
    assert "质押登记号" in viewer.browser.toPlainText()
    # the source's line breaks inside a Chinese sentence do not show as stray spaces
    assert re.findall(r".{12}[，。、；：？！] .{12}", viewer.browser.toPlainText()) == []
    viewer.close()
    window.nav.setCurrentRow(0)
    qtbot.keyClick(window.tasks_page.tree, Qt.Key.Key_F1)
    assert viewer.anchor == "tasks"


def section_heading(text: str, anchor: str) -> str:
    """The heading the manual's anchor stands in ('' when there is no such anchor)."""
    found = re.search(rf'<h[23]><a name="{re.escape(anchor)}"></a>(.*?)</h[23]>', text)
    return found.group(1) if found else ""


def nav_titles(window) -> list[str]:
    """The pages as the navigation names them, without a draft mark or a count of waiting comments."""
    return [re.sub(r"（.*）$", "", window.nav.item(row).text()) for row in range(window.nav.count())]


def test_every_page_has_its_own_section_for_f1(window, bureau_window) -> None:
    text = manual.manual_html()
    for w in (window, bureau_window):
        titles = nav_titles(w)
        assert "审核" in titles or w is window  # the bureau's pages are among those checked
        for row, title in enumerate(titles):
            anchor = w.help_anchor(row)
            assert anchor != "routine", f"F1 on “{title}” opens no section of its own"
            # the section F1 opens is about that page: its heading names the page
            assert title in section_heading(text, anchor), (title, anchor)


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_f1_on_a_review_page_opens_its_section(qtbot, bureau_window) -> None:
    w = bureau_window
    w.nav.setCurrentRow(w.review.rows["deadlines"])
    w.nav.setFocus()
    qtbot.keyClick(w.nav, Qt.Key.Key_F1)
    viewer = w.help_viewer
    assert viewer is not None and viewer.anchor == "deadlines"
    assert viewer.browser.verticalScrollBar().value() > 0
    w.nav.setCurrentRow(w.review.rows["review"])
    qtbot.keyClick(w.nav, Qt.Key.Key_F1)
    assert viewer.anchor == "review"
    viewer.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_f1_in_a_dialog_opens_the_manual_at_its_section(qtbot, bureau_window) -> None:
    from app.ui.help_viewer import HelpViewer

    w = bureau_window
    text = manual.manual_html()
    for open_dialog, heading in (
        (w.open_prefill, "预填表"),
        (w.save_consolidated, "报告上报"),
        (w.open_report, "报告上报"),
        (w.open_load_plan, "行动方案"),
        (w.open_import, "导入与冲突"),
        (w.open_settings, "设置与备份"),
    ):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d, timeout=3000)
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_F1)
        viewer = dialog.findChild(HelpViewer)
        assert viewer is not None and viewer.isVisible(), heading
        assert section_heading(text, viewer.anchor) == heading
        assert viewer.browser.verticalScrollBar().value() > 0  # at the section, not the top
        dialog.reject()


def test_the_manual_names_menu_items_and_pages_as_the_window_shows_them(window, bureau_window) -> None:
    """A reader looks for what the manual names: “文件 → …” must be a menu item of the window and
    “…”页 a page in its navigation, word for word."""
    items, pages = set(), set()
    for w in (window, bureau_window):
        for menu in w.menuBar().actions():
            items |= {re.sub(r"\(&\w\)", "", a.text()) for a in menu.menu().actions() if a.text()}
        pages |= set(nav_titles(w))
    settings = window.open_settings()
    tabs = {settings.tabs.tabText(i) for i in range(settings.tabs.count())}  # “设置 → 备份” names a tab
    settings.reject()
    text = manual.manual_html()
    named_items = re.findall(r"“(?:文件|编辑|帮助) → ([^”]+)”", text)
    named_tabs = re.findall(r"“设置 → ([^”]+)”", text)
    named_pages = re.findall(r"“([^”]+)”页", text)
    assert "生成各单位预填表…" in named_items and "工作概览" in named_pages and "备份" in named_tabs
    assert [i for i in named_items if i not in items] == []
    assert [t for t in named_tabs if t not in tabs] == []
    assert [p for p in named_pages if p not in pages] == []


def test_the_count_line_sums_the_amounts_of_the_filter(qtbot, window) -> None:
    page = open_page(window, PLEDGE_FINANCING)
    assert "共 3 条" in page.count_label.text() and "融资金额(万元)合计 850.5" in page.count_label.text()
    page.filter.setCurrentIndex(page.filter.findText("专利"))
    qtbot.waitUntil(lambda: "共 2 条" in page.count_label.text(), timeout=5000)
    assert "融资金额(万元)合计 600" in page.count_label.text()


def label_lines(label: QLabel) -> list[str]:
    """What each line of a word-wrapped rich-text label holds, as laid out at its width."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setHtml(label.text())
    document.setTextWidth(label.contentsRect().width())
    document.size()  # lays the text out
    layout = document.firstBlock().layout()
    block = document.firstBlock().text().replace("\xa0", " ")
    return [block[layout.lineAt(i).textStart() :][: layout.lineAt(i).textLength()] for i in range(layout.lineCount())]


def test_the_table_its_totals_and_the_columns_button_fit_at_125_percent(qtbot, window) -> None:
    """1366×768 at 125% leaves 1077×542: the totals read on a line of their own, broken between two
    totals and never inside one, the 显示列 button's arrow clear of its text, and the table gets
    the columns it can."""
    page = open_page(window, PLEDGE_FINANCING)
    page.table.selectRow(0)  # the form is open beside the table, as when a record is being edited
    window.resize(1077, 542)
    qtbot.waitUntil(lambda: window.width() == 1077)
    viewport = page.table.viewport().width()
    whole = [c for c in range(4) if page.table.columnViewportPosition(c) + page.table.columnWidth(c) <= viewport]
    assert whole == [0, 1, 2], whole  # company, credit code and street side by side with the form open
    button = page.columns_button
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
    assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()) + arrow + 8
    totals = ["融资金额(万元)合计 850.5", "贴息金额(万元)合计 0", "保险金额(万元)合计 0"]
    label = page.count_label
    assert label_lines(label) == ["共 3 条；" + "；".join(totals)]  # one line under the table
    page.findChild(QSplitter).setSizes([320, 580])  # the clerk drags the table narrower
    qtbot.waitUntil(lambda: page.table.width() < 400)
    lines = label_lines(label)
    assert 2 <= len(lines) <= 3 and lines[0].startswith("共 3 条")
    for total in totals:
        assert any(total in line for line in lines), (total, lines)  # no total split over two lines
    assert label.height() >= len(lines) * label.fontMetrics().lineSpacing()  # and every line shows


def test_selected_rows_copy_as_tab_separated_text(qtbot, window) -> None:
    page = open_page(window, PLEDGE_FINANCING)
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(2, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert len(lines) == 3
    header = lines[0].split("\t")
    assert header[:2] == ["出质企业", "统一社会信用代码"]
    assert [line.split("\t")[0] for line in lines[1:]] == ["上海丙公司", "上海甲公司"]  # newest first
    assert lines[1].split("\t")[header.index("融资金额(万元)")] == "100"


def test_the_filtered_view_exports_to_a_workbook(qtbot, window, tmp_path, monkeypatch) -> None:
    page = open_page(window, PLEDGE_FINANCING)
    page.filter.setCurrentIndex(page.filter.findText("商标"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    target = tmp_path / "视图.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text().startswith("导出当前表格")).trigger()
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("质押融资").to_python()
    assert rows[0][:2] == ["出质企业", "统一社会信用代码"]
    assert len(rows) == 2 and rows[1][0] == "上海乙公司" and 250.5 in rows[1]
    assert page.export_box.isVisible() and page.folder_button.text() == "打开所在文件夹"
    page.export_box.close()


def test_the_manual_says_what_to_do_with_evidence_and_signing_keys() -> None:
    """A clerk pressing F1 to attach the meeting minutes, and an officer whose preview says
    待确认签名 or 疑似伪造, found nothing on either in the manual: it now has a section each, naming
    the buttons and messages as the window shows them."""
    text = manual.manual_html()
    assert 'href="#evidence"' in text and 'name="evidence"' in text
    assert 'href="#signatures"' in text and 'name="signatures"' in text
    evidence = text.split('name="evidence"')[1].split("<h2>")[0]
    for words in ("添加佐证材料…", "打开", "移除", "_第1包.zip", "20 MB", "OFD", ".zip"):
        assert words in evidence, words
    signatures = text.split('name="signatures"')[1].split("<h2>")[0]
    for words in ("待确认签名", "确认签名密钥…", "疑似伪造", "删除该单位的密钥…", "“设置 → 签名密钥”", "未签名"):
        assert words in signatures, words
