"""Entry that guides: drop-downs, duplicate warnings while typing, pinyin order, redo keys,
periods in Chinese, rows that stay put, copying last period's reports, and a careful export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.entry import guides
from app.ui.window import MainWindow
from app.vocabulary.kinds import BRAND_STATION, INDICATOR_VALUE, PATENT_LISTING, STATION_SERVICE, TASK_PROGRESS
from tests.conftest import add_listing, add_record, make_ledger
from tests.ui.helpers import type_into, type_text


@pytest.fixture
def office(tmp_path):
    ledger = make_ledger(tmp_path / "office.db", "长征镇")
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


def open_page(window, kind):
    page = window.record_page(kind)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    return page


def test_streets_and_stations_are_picked_from_lists(qtbot, window, office) -> None:
    street = open_page(window, BRAND_STATION).form.inputs["street"].editor
    offered = [street.itemText(i) for i in range(1, street.count())]
    assert offered[0] == "长征镇"  # the unit's own street first
    assert set(offered) == {"长寿路街道", "曹杨新村街道", "长风新村街道", "宜川路街道", "甘泉路街道",
                            "石泉路街道", "真如镇街道", "万里街道", "长征镇", "桃浦镇"}  # fmt: skip
    add_record(office, BRAND_STATION, name="长征商标品牌指导站", host_org="甲", street="长征镇", status="已揭牌")
    station = open_page(window, STATION_SERVICE).form.inputs["station_name"].editor
    assert [station.itemText(i) for i in range(station.count())] == ["", "长征商标品牌指导站"]


def test_a_duplicate_patent_number_is_flagged_while_typing(qtbot, window, office) -> None:
    add_listing(office)
    page = open_page(window, PATENT_LISTING)
    editor = page.form.inputs["patent_no"].editor
    editor.setFocus()
    type_text(qtbot, editor, "2023101234566")  # same number, written without the dot
    message = page.form.inputs["patent_no"].message
    qtbot.waitUntil(lambda: not page.form.typing, timeout=5000)
    qtbot.waitUntil(lambda: message.isVisible(), timeout=5000)
    assert "本单位已有专利号相同" in message.text() and "重复" in message.text()
    editor.clear()
    type_text(qtbot, editor, "202320123456.1")
    qtbot.waitUntil(lambda: not message.isVisible(), timeout=5000)
    with office.session() as s:
        assert guides.duplicates(s, PATENT_LISTING, "202310123456.6", None, None) == ["长征镇"]


def test_a_duplicate_station_name_is_flagged(qtbot, window, office) -> None:
    add_record(office, BRAND_STATION, name="长征站", host_org="甲", street="长征镇", status="已揭牌")
    page = open_page(window, BRAND_STATION)
    type_into(qtbot, page.form, "name", "长征站")
    assert "站点名称相同" in page.form.inputs["name"].message.text()


def test_clicking_a_header_sorts_chinese_in_pinyin_order(qtbot, window, office) -> None:
    numbers = ["202310123456.6", "202320123456.1", "202330123456.7"]
    for number, title in zip(numbers, ["中文名称", "安全检测", "北斗导航"], strict=True):
        add_listing(office, patent_no=number, title=title)
    page = open_page(window, PATENT_LISTING)
    column = [f.key for f in page.model.fields].index("title")
    header = page.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: page.model.index(0, column).data() == "安全检测", timeout=5000)
    assert [page.model.index(r, column).data() for r in range(3)] == ["安全检测", "北斗导航", "中文名称"]


CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.mark.parametrize("keys", [("Y", CTRL), ("Z", CTRL | SHIFT)])
def test_ctrl_y_and_ctrl_shift_z_redo(qtbot, window, office, keys) -> None:
    record_id = add_listing(office)
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(0)
    type_into(qtbot, page.form, "holder", "复旦大学")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with office.session() as s:
        assert s.get(PATENT_LISTING.model, record_id).holder == "华东师范大学"
    qtbot.keyClick(page.table, getattr(Qt.Key, f"Key_{keys[0]}"), keys[1])
    with office.session() as s:
        assert s.get(PATENT_LISTING.model, record_id).holder == "复旦大学"
    assert page.form.inputs["holder"].editor.text() == "复旦大学"


def test_periods_read_in_chinese_in_tables_and_forms(qtbot, window, office) -> None:
    add_record(office, INDICATOR_VALUE, indicator_number=2, period="2025Q3", value=18.0)
    page = open_page(window, INDICATOR_VALUE)
    column = [f.key for f in page.model.fields].index("period")
    assert page.model.index(0, column).data() == "2025年第三季度"
    page.table.selectRow(0)
    assert page.form.inputs["period"].editor.currentText() == "2025年第三季度"
    page.new_record()
    assert page.form.inputs["period"].editor.currentText() == "2025年第一季度"


def test_an_edited_row_keeps_its_place_and_selection_under_a_filter(qtbot, window, office) -> None:
    numbers = ["202310123456.6", "202320123456.1", "202330123456.7"]
    ids = [add_listing(office, patent_no=n, title=f"检测装置{i}") for i, n in enumerate(numbers)]
    page = open_page(window, PATENT_LISTING)
    type_text(qtbot, page.search, "检测")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    page.table.selectRow(1)
    chosen = page.editing_id
    assert chosen == ids[1]  # newest first: the middle one is the middle one
    type_into(qtbot, page.form, "title", "检测装置（改）")
    assert page.table.currentIndex().row() == 1 and page.editing_id == chosen
    assert page.search.text() == "检测" and page.model.rowCount() == 3


def test_task_titles_stay_readable_at_125_percent(qtbot, window, office) -> None:
    """1366×768 at 125% leaves 1077×542: the task titles, not the status column, get the width."""
    tasks = window.tasks_page
    own = sorted(tasks.own_tasks)
    for number in own[:2]:
        tasks.select_task(number)
        type_into(qtbot, tasks.form, "status", "持续推进")
        type_into(qtbot, tasks.form, "progress", f"第{number}项的进展")
    window.period_combo.setCurrentIndex(window.periods.index("2025Q2"))
    qtbot.mouseClick(tasks.copy_all_button, Qt.MouseButton.LeftButton)  # the longest states there are
    window.resize(1077, 542)
    qtbot.waitUntil(lambda: window.width() == 1077)
    tree = tasks.tree
    metrics = tree.fontMetrics()
    for number in own:
        item = tasks.items[number]
        room = tree.visualRect(tree.indexFromItem(item, 0)).width() - 8  # less the text margins
        shown = metrics.elidedText(item.text(0), Qt.TextElideMode.ElideRight, room)
        assert len(shown) >= 16, shown  # "9. 贯彻落实《上海市…" was all a clerk saw
        status_room = tree.visualRect(tree.indexFromItem(item, 1)).width() - 8
        assert metrics.horizontalAdvance(item.text(1)) <= status_room, item.text(1)  # and the status is whole
    assert tasks.items[own[0]].text(1) == "持续推进（待核）"
    assert tasks.items[own[0]].toolTip(1) == "持续推进（上期复制，待核改）"


def test_copy_all_of_last_periods_reports_in_one_action(qtbot, window, office) -> None:
    tasks = window.tasks_page
    own = sorted(tasks.own_tasks)[:2]
    for number in own:
        tasks.select_task(number)
        type_into(qtbot, tasks.form, "status", "推进中")
        type_into(qtbot, tasks.form, "progress", f"第{number}项的进展")
    window.period_combo.setCurrentIndex(window.periods.index("2025Q2"))
    assert tasks.copy_all_button.isEnabled()
    qtbot.mouseClick(tasks.copy_all_button, Qt.MouseButton.LeftButton)
    with office.session() as s:
        m = TASK_PROGRESS.model
        copied = s.execute(select(m.task_number, m.progress).where(m.period == "2025Q2")).all()
    assert sorted(copied) == [(n, f"第{n}项的进展") for n in own]
    assert all(tasks.items[n].text(1) == "推进中（待核）" for n in own)  # short in the column,
    assert all("上期复制" in tasks.items[n].toolTip(1) for n in own)  # the whole state in its tooltip
    assert not tasks.copy_all_button.isEnabled()  # nothing left to copy
    tasks.select_task(own[0])
    type_into(qtbot, tasks.form, "progress", "本季度新的进展")
    assert tasks.items[own[0]].text(1) == "推进中" and "上期复制" not in tasks.items[own[0]].toolTip(1)
    assert "待核" in tasks.items[own[1]].text(1) and "上期复制" in tasks.items[own[1]].toolTip(1)
    # the copy nobody checked is not counted as reported; the export names it and still goes out
    total = len(tasks.own_tasks)
    assert window.completeness.text() == f"本期本单位任务已填报：1 / {total}，另有 1 项为上期复制待核改"
    assert tasks.summary.text().endswith("，另有 1 项为上期复制待核改")
    dialog = window.open_export()
    assert dialog.copied_note.isVisibleTo(dialog) and f"任务编号 {own[1]}）" in dialog.copied_note.text()
    dialog.reject()
    window.undo_stack.undo()  # the edit
    window.undo_stack.undo()  # the copy, in one step
    with office.session() as s:
        assert s.scalars(select(m.id).where(m.period == "2025Q2", m.deleted.is_(False))).all() == []


def test_export_asks_before_overwriting_and_offers_the_folder(qtbot, window, tmp_path, monkeypatch) -> None:
    from app.ui.exchange import dialogs as exchange_dialogs

    target = tmp_path / "报送.xlsx"
    target.write_bytes(b"an earlier export")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    dialog = window.open_export()
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked and "报送.xlsx" in asked[0] and target.read_bytes() == b"an earlier export"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    opened = []
    monkeypatch.setattr(exchange_dialogs, "open_folder", opened.append)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes()[:2] == b"PK"  # a real workbook now
    assert dialog.folder_button.text() == "打开所在文件夹"
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0].parent == tmp_path
    dialog.done_box.close()


def test_an_export_with_evidence_asks_before_replacing_the_package(
    qtbot, window, office, tmp_path, monkeypatch
) -> None:
    """With evidence the export is a package beside the chosen name (报送.xlsx → 报送.zip): the
    question looked for 报送.xlsx, and an earlier 报送.zip — the one mailed last time — was replaced
    without a word (found on the Windows program)."""
    from app.evidence import store

    record_id = add_record(
        office, TASK_PROGRESS, period=window.period.code, task_number=1, status="推进中", progress="已签约"
    )
    with office.session() as s:
        store.attach(s, record_id, "走访记录.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    earlier = tmp_path / "报送.zip"
    earlier.write_bytes(b"the package mailed last time")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    dialog = window.open_export()
    dialog.path.setText(str(tmp_path / "报送.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked and "报送.zip" in asked[0] and earlier.read_bytes() == b"the package mailed last time"
    dialog.reject()


def test_the_export_offers_the_folder_used_last_time_after_a_restart(qtbot, window, tmp_path) -> None:
    """A clerk exports every quarter to the same folder (桌面\\报送, a shared drive): the first export of
    a new session offered Documents, as the folder was kept only in memory. It is kept in the user's
    configuration folder (beside the ledger's place, not in a ledger a bureau may share), and Documents
    is offered again once that folder is gone."""
    import subprocess
    import sys

    from app.ui.folders import documents_folder

    sent = tmp_path / "桌面" / "报送"
    sent.mkdir(parents=True)
    dialog = window.open_export()
    assert Path(dialog.path.text()).parent == documents_folder()
    dialog.path.setText(str(sent / "长征镇_2025Q1.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.done_box.close()
    assert (sent / "长征镇_2025Q1.xlsx").is_file()
    # the next session: another process, the same user
    asked = "from pathlib import Path; from app.ui import folders; print(Path(folders.start_folder('export')))"
    started = subprocess.run([sys.executable, "-c", asked], capture_output=True, text=True, check=True)
    assert started.stdout.strip() == str(sent)
    from app.paths import folders_file

    assert str(sent) in folders_file().read_text(encoding="utf-8")
    # a window of this session offers it too
    again = window.open_export()
    assert Path(again.path.text()).parent == sent
    again.reject()
    (sent / "长征镇_2025Q1.xlsx").unlink()
    sent.rmdir()  # the shared drive is not mapped today
    later = window.open_export()
    assert Path(later.path.text()).parent == documents_folder()
    later.reject()


def test_the_first_export_is_not_told_as_another_officers_change(qtbot, window, office, tmp_path) -> None:
    """Back from the first export the window said 已显示其他同事（或其他程序）所做的最新修改 although
    nobody else uses the ledger: the export notes when it was made (a setting added), which the window
    took for news. Its own export is none; another officer's change meanwhile still is."""
    dialog = window.open_export()
    dialog.path.setText(str(tmp_path / "报送.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.done_box.close()
    assert not window.notice_changes()  # as the window coming back to the front does
    assert "其他同事" not in window.statusBar().currentMessage()
    dialog = window.open_export()
    dialog.path.setText(str(tmp_path / "报送2.xlsx"))
    from app.store.ledger import Ledger

    with Ledger(office.location) as other:  # another officer, meanwhile
        add_listing(other)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.done_box.close()
    assert window.notice_changes()
    assert "其他同事" in window.statusBar().currentMessage()
