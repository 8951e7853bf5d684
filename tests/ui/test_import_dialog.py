"""The import dialog as the bureau officer uses it: a batch of files, one refused beside the others,
rows named with each changed field old → new, conflicts decided per file, and a record's history."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.ui.exchange.dialogs import ImportDialog
from app.ui.window import MainWindow
from app.vocabulary.kinds import PATENT_DEAL, PATENT_LISTING
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, add_record, edit_record, make_ledger, record_values

Q1 = parse_period("2025Q1")


def node(tree, name: str):  # noqa: ANN001, ANN201
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == name)


def children(item) -> list:  # noqa: ANN001
    return [item.child(i) for i in range(item.childCount())]


def shoot(widget, name: str, tmp_path: Path) -> Path:  # noqa: ANN001
    """A PNG of the widget at 1366×768 (also kept in $IPLEDGER_SHOTS when set, to look at)."""
    widget.resize(1366, 768)
    widget.show()
    image = widget.grab()
    folder = Path(os.environ.get("IPLEDGER_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert image.save(str(path))
    return path


@pytest.mark.parametrize("read_ahead", [False, True], ids=["read-here", "read-ahead"])
def test_a_batch_with_a_refused_file_named_rows_and_conflict_choices(
    qtbot, tmp_path, chinese, monkeypatch, caplog, read_ahead
) -> None:
    # read-ahead: the files are read by a helper process, as a large batch would be
    monkeypatch.setenv("IPLEDGER_READ_AHEAD", "1" if read_ahead else "")
    a = make_ledger(tmp_path / "a.db", "长寿路街道")
    b = make_ledger(tmp_path / "b.db", "曹杨新村街道")
    c = make_ledger(tmp_path / "c.db", "区科委")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    listing = add_listing(a, price=50.0)
    apply_plan(bureau, plan_import(bureau, [export_submission(a, Q1, tmp_path / "a1.xlsx").path]))
    # The bureau corrects the price and the title; the unit concludes the deal and renames the title.
    edit_record(bureau, PATENT_LISTING, listing, price=48.0, title="一种检测装置（局核）")
    edit_record(a, PATENT_LISTING, listing, listing_status="已成交", title="一种光学检测装置")
    a2 = export_submission(a, Q1, tmp_path / "长寿路街道_2025Q1.xlsx").path
    add_record(
        b,
        PATENT_DEAL,
        deal_type="转让",
        patent_no="202310123457.0",
        grantor="甲大学",
        grantee="乙公司",
        contract_date=date(2025, 3, 3),
    )
    bad = export_submission(b, Q1, tmp_path / "曹杨新村街道_2025Q1.xlsx").path
    wb = openpyxl.load_workbook(bad)
    wb["专利交易"].cell(2, 1).value = "赠与"
    wb.save(bad)
    add_listing(c, patent_no="202320123456.1", title="一种数据处理方法")
    good = export_submission(c, Q1, tmp_path / "区科委_2025Q1.xlsx").path

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([a2, bad, good])
    assert not [r.getMessage() for r in caplog.records if r.name == "app.exchange.read_ahead"]  # no fallback
    tree = dialog.tree

    # The refused file stands beside the others, which can still be imported.
    refused = node(tree, bad.name)
    assert refused.text(1) == "已拒绝：1 处错误"
    errors = children(refused)[0]
    assert "赠与" in children(errors)[0].text(2) and children(errors)[0].text(0) == "专利交易 第2行"
    assert dialog.import_button.isEnabled() and "1 个文件有错误" in dialog.reason.text()
    assert "区科委" in node(tree, good.name).text(2)  # whose records the file touches

    # Rows named as a person knows them, each changed field old → new and who wins.
    groups = {g.text(0): g for g in children(node(tree, a2.name))}
    conflict_group = groups["冲突（1）"]
    row = children(conflict_group)[0]
    assert row.text(0) == "202310123456.6 一种光学检测装置" and "长寿路街道" in row.text(2)
    fields = {f.text(0): (f.text(1), f.text(2)) for f in children(row)}
    assert fields["挂牌价格(万元)"] == ("保留本台账的值", "48（文件中为 50）")
    assert fields["挂牌状态"] == ("", "在架 → 已成交")
    assert fields["专利名称"] == ("双方都改过：请在下方选择", "一种检测装置（局核） → 一种光学检测装置")

    # Only the title asks; the per-file bulk choice sets it.
    assert dialog.conflicts.rowCount() == 1 and dialog.conflicts.item(0, 2).text() == "专利名称"
    assert dialog.decisions() == {(listing, "title"): "ours"}
    dialog.conflict_file.setCurrentIndex(dialog.conflict_file.findData(a2.name))
    take_all = next(b for b in dialog.findChildren(type(dialog.import_button)) if b.text() == "全部采用文件中的值")
    qtbot.mouseClick(take_all, Qt.MouseButton.LeftButton)
    assert dialog.decisions() == {(listing, "title"): "theirs"}
    fields = {f.text(0): f.text(1) for f in children(row)}
    assert fields["专利名称"] == "双方都改过：已采用文件中的值"  # decided below, and said so above

    # The filter shows one outcome at a time.
    dialog.outcome_filter.setCurrentIndex(dialog.outcome_filter.findData("conflict"))
    assert not node(tree, a2.name).isHidden() and node(tree, good.name).isHidden()
    dialog.outcome_filter.setCurrentIndex(0)
    shot = shoot(dialog, "import-batch", tmp_path)
    assert shot.stat().st_size > 20_000

    # The refused file's errors go back to its unit as a workbook.
    tree.setCurrentItem(refused)
    assert dialog.save_errors_button.isEnabled()
    saved = tmp_path / "errors.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    qtbot.mouseClick(dialog.save_errors_button, Qt.MouseButton.LeftButton)
    rows = list(openpyxl.load_workbook(saved)["错误清单"].iter_rows(values_only=True))
    assert rows[4][:4] == ("错误", "专利交易", 2, "交易类型") and "赠与" in rows[4][4]

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text: told.append(text))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert f"未导入（有错误）：{bad.name}" in told[0]  # the last word names the refused file
    merged = record_values(bureau, PATENT_LISTING, listing)
    assert (merged["price"], merged["listing_status"], merged["title"]) == (48.0, "已成交", "一种光学检测装置")
    with bureau.session() as s:
        assert s.query(PATENT_DEAL.model).count() == 0  # nothing of the refused file
        assert s.query(PATENT_LISTING.model).count() == 2

    # The record page shows the listing's history: who changed what, from which import.
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    page = w.record_page(PATENT_LISTING)
    row_index = next(i for i in range(page.model.rowCount()) if page.model.record_id(i) == listing)
    page.table.selectRow(row_index)
    history = page.show_history()
    qtbot.addWidget(history)
    latest = history.tree.topLevelItem(0)
    assert (latest.text(2), latest.text(3)) == ("长寿路街道", f"导入 2：{a2.name}")
    edits = {e.text(0): (e.text(1), e.text(2)) for e in children(latest)}
    assert edits["挂牌状态"] == ("在架 → 已成交", "采用文件中的值")
    assert edits["挂牌价格(万元)"] == ("48 → 48", "保留本台账的值")
    assert edits["专利名称"] == ("一种检测装置（局核） → 一种光学检测装置", "采用文件中的值")
    earlier = history.tree.topLevelItem(1)
    assert earlier.text(2) == "区知识产权局" and earlier.text(3) == "本台账录入"
    shoot(history, "record-history", tmp_path)
    for ledger in (a, b, c, bureau):
        ledger.close()


def test_a_consolidated_workbook_is_imported_only_when_the_officer_says_so(
    qtbot, tmp_path, chinese, monkeypatch
) -> None:
    from app.reports.consolidated import consolidate

    a = make_ledger(tmp_path / "a.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    add_listing(a)
    apply_plan(bureau, plan_import(bureau, [export_submission(a, Q1, tmp_path / "a1.xlsx").path]))
    path, _counts = consolidate(bureau, Q1, tmp_path / "汇总.xlsx")
    city = make_ledger(tmp_path / "city.db", "区知识产权局")
    asked = []

    def answer(no: bool):  # noqa: ANN202
        def question(_parent, _title, text, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
            asked.append(text)
            return QMessageBox.StandardButton.No if no else QMessageBox.StandardButton.Yes

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(no=True))
    dialog = ImportDialog(city)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([path])
    assert "长寿路街道" in asked[0] and "不会改动本台账单位自己的记录" in asked[0]
    assert node(dialog.tree, path.name).text(1).startswith("已拒绝") and not dialog.import_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", answer(no=False))
    dialog.declined.clear()
    dialog.preview()
    assert node(dialog.tree, path.name).text(1) == "新增 1" and dialog.import_button.isEnabled()
    assert node(dialog.tree, path.name).text(2).startswith("汇总工作簿")  # what the file is, not a menu item
    for ledger in (a, bureau, city):
        ledger.close()


def test_a_file_that_came_by_post_is_dated_when_it_came_and_duplicates_have_a_filter(
    qtbot, tmp_path, chinese, monkeypatch
) -> None:
    """The officer types the day a mailed batch came (the CLI's --received): on time or late is
    judged by it, not by the export time; the preview filters and counts the likely duplicates."""
    from app.review import state as review
    from app.vocabulary.kinds import PLEDGE_FINANCING

    pledge = dict(
        company="上海华信科技有限公司",
        credit_code="91310107MA1G8XQ57T",
        pledgee="上海银行普陀支行",
        collateral_type="专利",
        amount=300.0,
        registration_no="Y2025310000123",
        registered_on=date(2025, 2, 10),
    )
    files = []
    for name in ("长寿路街道", "区财政局"):
        unit = make_ledger(tmp_path / f"{name}.db", name)
        add_record(unit, PLEDGE_FINANCING, **pledge)
        files.append(export_submission(unit, Q1, tmp_path / f"{name}.xlsx").path)
        unit.close()
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths(files)
    tree = dialog.tree
    index = dialog.outcome_filter.findData("duplicates")
    assert dialog.outcome_filter.itemText(index) == "疑似重复（1）"
    dialog.outcome_filter.setCurrentIndex(index)
    shown = [
        row.text(0)
        for i in range(tree.topLevelItemCount())
        if not tree.topLevelItem(i).isHidden()
        for group in children(tree.topLevelItem(i))
        if not group.isHidden()
        for row in children(group)
        if not row.isHidden()
    ]
    assert len(shown) == 1 and "上海华信科技有限公司" in shown[0]
    dialog.outcome_filter.setCurrentIndex(0)

    dialog.received.setText("2025-04-08")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with bureau.session() as s:
        status = next(u for u in review.statuses(s, Q1) if u.unit == "长寿路街道")
    assert status.submitted_at.date() == date(2025, 4, 8) and status.timeliness == "on_time"
    bureau.close()


def test_the_preview_has_most_of_a_small_screen(tmp_path) -> None:
    """At 125 % on a 1366×768 screen, one conflict's table is as tall as its line and what it frees goes
    to the preview's rows (it took a third of the dialog, mostly empty). Its own Qt process: the scale
    factor is fixed when Qt starts."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "preview.json"
    env = {**os.environ, "QT_SCALE_FACTOR": "1.25", "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, "-m", "tests.ui.preview_child", str(out)], cwd=root, env=env, check=True, capture_output=True
    )
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["rows"] == 1
    assert r["table"] <= r["needed"]
    assert r["tree"] >= 2.5 * r["box"]


def test_the_summary_counts_rows_edited_outside_the_app_whether_new_or_updated(qtbot, tmp_path, chinese) -> None:
    """A row new to the bureau whose cells were changed in a spreadsheet is counted as 表外修改 without
    reading as one of zero updates (it read 更新 0（其中表外修改 1）)."""
    from tests.workbooks import cell_ref, replace_cell

    unit = make_ledger(tmp_path / "a.db", "长寿路街道")
    add_listing(unit, price=50.0)
    path = export_submission(unit, Q1, tmp_path / "a.xlsx").path
    ref = cell_ref(path, PATENT_LISTING.sheet, "挂牌价格(万元)")
    edited = replace_cell(path, tmp_path / "a-edited.xlsx", PATENT_LISTING.sheet, ref, f'<c r="{ref}"><v>55</v></c>')
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([edited])
    text = dialog.summary.text()
    assert "新增 1，更新 0，表外修改 1（含新增的行）" in text, text
    for ledger in (unit, bureau):
        ledger.close()


def test_the_summary_says_new_rows_are_included_only_when_some_are(qtbot, tmp_path, chinese) -> None:
    """It read 表外修改 0（含新增的行） for a file nobody edited in a spreadsheet."""
    unit = make_ledger(tmp_path / "a.db", "长寿路街道")
    add_listing(unit, price=50.0)
    path = export_submission(unit, Q1, tmp_path / "a.xlsx").path
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([path])
    text = dialog.summary.text()
    assert "新增 1，更新 0，表外修改 0，未变 0" in text and "含新增" not in text, text
    for ledger in (unit, bureau):
        ledger.close()


def test_a_refused_import_says_nothing_was_imported_once(qtbot, tmp_path, chinese, monkeypatch) -> None:
    """The ledger changed after the preview: the warning said 未导入任何数据 twice (the dialog's own
    line above the refusal, which says it too)."""
    unit = make_ledger(tmp_path / "a.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    listing = add_listing(unit, price=50.0)
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, Q1, tmp_path / "a1.xlsx").path]))
    edit_record(unit, PATENT_LISTING, listing, price=65.0)
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([export_submission(unit, Q1, tmp_path / "a2.xlsx").path])
    edit_record(bureau, PATENT_LISTING, listing, title="预览之后局里改的")  # another window, meanwhile
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    dialog.commit()
    assert len(warned) == 1 and "请重新预览" in warned[0], warned
    assert warned[0].count("未导入任何数据") == 1, warned[0]
    for ledger in (unit, bureau):
        ledger.close()


def test_a_twin_reports_note_is_read_in_full_at_1366_px(qtbot, tmp_path, chinese) -> None:
    """The word on a twin task report (a paragraph: what happened, which report stays, what to do; here
    the error refusing the file) sat on one line of the preview, cut off at 1366 px, its whole text
    only in a tooltip: it wraps."""
    from PySide6.QtCore import QRect

    from tests.test_twin_restore import restored_twin

    bureau, pc1, path, _first, other = restored_twin(tmp_path)
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))  # 1366×768 at 125 %: 1093×614 logical pixels
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.resize(round(1800 / scale), round(900 / scale))
    dialog.show()
    dialog.files.add_paths([path])  # shown wider first, then the window is made smaller: it wraps anew
    dialog.resize(round(1366 / scale), round(768 / scale))
    tree = dialog.tree
    (note,) = [i for i in tree._items() if other in i.text(2)]
    tree.scrollToItem(note)
    rect = tree.visualRect(tree.indexFromItem(note, 2))
    metrics = tree.fontMetrics()
    assert metrics.horizontalAdvance(note.text(2)) > rect.width()  # more than one line's worth
    needed = metrics.boundingRect(QRect(0, 0, rect.width() - 12, 100_000), int(Qt.TextFlag.TextWordWrap), note.text(2))
    assert rect.height() >= needed.height(), (rect, needed)
    folder = Path(os.environ.get("IPLEDGER_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(folder / f"import-preview-twin-note-{round(scale * 100)}.png"))
    for ledger in (pc1, bureau):
        ledger.close()


def test_a_restored_twin_report_refuses_its_file_and_the_others_import(qtbot, tmp_path, chinese, monkeypatch) -> None:
    """A unit restored a task report this ledger had deleted while another report of the task lives
    here: the preview only noted it, and 导入 then refused the whole batch until the officer unticked
    the file. Now the file is 已拒绝 in the preview, saying why and what to do, and the others import."""
    from tests.test_twin_restore import live, other_units_file, restored_twin

    bureau, pc1, path, _first, other = restored_twin(tmp_path)
    good, listing = other_units_file(tmp_path)
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([path, good])
    refused = node(dialog.tree, path.name)
    assert refused.text(1) == "已拒绝：1 处错误"
    (error,) = children(children(refused)[0])
    assert error.text(0).startswith("任务进展 第") and "任务 2" in error.text(2), error.text(0)
    assert "恢复" in error.text(2) and other in error.text(2) and "请填报单位" in error.text(2), error.text(2)
    assert dialog.import_button.isEnabled() and "1 个文件有错误" in dialog.reason.text()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: told.append("warning: " + text))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(told) == 1 and f"未导入（有错误）：{path.name}" in told[0], told
    assert record_values(bureau, PATENT_LISTING, listing)["title"] == "一种数据处理方法"
    assert live(bureau) == [(other, "二号机：重新填写")]
    for ledger in (pc1, bureau):
        ledger.close()


def test_the_files_line_and_a_long_flag_are_read_in_full_at_125_percent(qtbot, tmp_path, chinese) -> None:
    """At 1366×768 and 125 % (1093×614 logical pixels) a signed package's line was cut after 缺少以前报送的
    … — its signature (签名有效（…）) past the edge — and a check on indicator 3 lost its ending 两者不符
    （未附情况说明）: both only in a tooltip. They wrap, like the notes."""
    from datetime import date

    from PySide6.QtCore import QRect

    from app.evidence import store
    from app.vocabulary.kinds import INDICATOR_VALUE, PLEDGE_FINANCING, TASK_PROGRESS
    from tests import evidence_files as ef
    from tests.conftest import trust

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    trust(bureau, unit)
    report = add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="走访企业32家")
    with unit.session() as s:
        store.attach(s, report, "宣讲会签到表.pdf", ef.pdf("签到"), own_unit_id=unit.own_unit(s).id)
    pledge = {"company": "上海甲科技有限公司", "credit_code": "91310107MA1G5K3L1X", "street": "长寿路街道"}
    pledge |= {"pledgee": "上海银行普陀支行", "collateral_type": "专利", "amount": 5400}
    pledge["registered_on"] = date(2025, 2, 3)
    add_record(unit, PLEDGE_FINANCING, **pledge)
    add_record(unit, INDICATOR_VALUE, indicator_number=3, period="2025Q1", value=0.05)
    package = export_submission(unit, Q1, tmp_path / "长寿路街道_2025年第一季度.xlsx").path
    # Q1 came first in the template, filled in Excel: a listing the program's file now lacks (缺少)
    from tests.test_template_unit import filled_template

    apply_plan(bureau, plan_import(bureau, [filled_template(tmp_path)], template_unit="长寿路街道"))

    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.resize(1093, 614)
    dialog.show()
    dialog.files.add_paths([package])
    tree = dialog.tree
    file_line = node(tree, package.name)
    [flag] = [i for i in tree._items() if "两者不符" in i.text(2)]
    assert "签名有效" in file_line.text(2)
    metrics = tree.fontMetrics()
    for item in (file_line, flag):
        tree.scrollToItem(item)
        rect = tree.visualRect(tree.indexFromItem(item, 2))
        assert metrics.horizontalAdvance(item.text(2)) > rect.width()  # more than one line's worth
        wrap = int(Qt.TextFlag.TextWordWrap)
        needed = metrics.boundingRect(QRect(0, 0, rect.width() - 12, 100_000), wrap, item.text(2))
        assert rect.height() >= needed.height(), (item.text(2), rect, needed)
    shoot(dialog, "import-preview-125-wrapped", tmp_path)
    for ledger in (unit, bureau):
        ledger.close()
