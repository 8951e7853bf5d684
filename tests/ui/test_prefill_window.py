"""Pre-filled workbooks from the window (SPEC §10) and the unit a blank template speaks for (§8)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from app.outgoing.prefill import prefill_units
from app.outgoing.submission import write_template
from app.ui.exchange.dialogs import ImportDialog
from app.ui.exchange.prefill import PrefillDialog
from app.ui.window import MainWindow
from app.vocabulary.kinds import PATENT_LISTING
from tests.conftest import add_listing, make_ledger
from tests.workbooks import meta_of


def menu_action(w: MainWindow, text: str):  # noqa: ANN201
    file_menu = w.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text().startswith(text))


def test_bureau_writes_every_units_prefill_from_the_file_menu(qtbot, tmp_path: Path, chinese) -> None:
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    menu_action(w, "生成各单位预填表").trigger()
    dialog = w.findChild(PrefillDialog)
    assert dialog.unit.currentText().startswith("所有单位")
    folder = tmp_path / "预填表"
    dialog.path.setText(str(folder))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    units = prefill_units(bureau)
    assert len(list(folder.glob("*.xlsx"))) == len(units) == dialog.written.count()
    assert dialog.written.item(0).text().startswith("预填报送表_长寿路街道_")
    assert dialog.progress.value() == dialog.progress.maximum() == len(units)
    assert dialog.folder_button.isVisible() and str(folder) in dialog.message.text()
    w.close()
    bureau.close()


def test_what_the_window_sends_a_unit_becomes_a_base_of_its_next_file(qtbot, tmp_path: Path, chinese) -> None:
    """The bureau corrected a unit's listing, then writes every unit's pre-filled workbook from the
    window: the ledger notes the price sent to that unit, under the workbook's submission id."""
    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission
    from app.vocabulary.periods import parse_period
    from db.models import MergeBase
    from tests.conftest import edit_record

    unit = make_ledger(tmp_path / "u.db", "长寿路街道")
    listing = add_listing(unit, price=50.0)
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    q1 = export_submission(unit, parse_period("2025Q1"), tmp_path / "q1.xlsx").path
    apply_plan(bureau, plan_import(bureau, [q1]))
    edit_record(bureau, PATENT_LISTING, listing, price=48.0)
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    menu_action(w, "生成各单位预填表").trigger()
    dialog = w.findChild(PrefillDialog)
    folder = tmp_path / "预填表"
    dialog.path.setText(str(folder))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    sent = next(folder.glob("预填报送表_长寿路街道_*.xlsx"))
    meta = meta_of(sent)
    with bureau.session() as s:
        base = s.get(MergeBase, listing)
        assert base.values["price"] == 50.0  # what was agreed stays a base too
        assert [(x["submission"], x["values"]["price"]) for x in base.sent] == [(meta.submission_id, 48.0)]
    w.close()
    bureau.close()
    unit.close()


def test_an_office_writes_its_own_prefill_and_imports_it_back(qtbot, tmp_path: Path, chinese, monkeypatch) -> None:
    office = make_ledger(tmp_path / "o.db", "长寿路街道")
    add_listing(office)
    w = MainWindow(office)
    qtbot.addWidget(w)
    menu_action(w, "生成本单位预填表").trigger()
    dialog = w.findChild(PrefillDialog)
    assert [dialog.unit.itemText(i) for i in range(dialog.unit.count())] == ["长寿路街道"]
    target = tmp_path / "mine.xlsx"
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    wb = openpyxl.load_workbook(target)
    ws = wb[PATENT_LISTING.sheet]
    status = [c.value for c in ws[1]].index("挂牌状态") + 1
    ws.cell(2, status, "已下架")  # a colleague updates the listing in WPS
    wb.save(target)

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    importer = w.open_import()
    importer.files.add_paths([target])
    assert "表外修改 1" in importer.summary.text() and "错误 0" in importer.summary.text()
    qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
    with office.session() as s:
        from sqlalchemy import select

        assert s.scalar(select(PATENT_LISTING.model.listing_status)) == "已下架"
    w.close()
    office.close()


def test_bureau_picks_the_unit_of_a_blank_template_in_the_preview(qtbot, tmp_path: Path, chinese) -> None:
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    row = ["202310123456.6", "一种检测装置", None, "华东师范大学", None, None, None, None, "转让", None, None]
    wb[PATENT_LISTING.sheet].append([*row, "2025-01-05", "在架"])
    wb.save(path)
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    broken = tmp_path / "知识产权台账_区教育局_2025Q3.xlsx"  # not a workbook: no unit to choose for it
    broken.write_bytes(b"PK\x03\x04 cut short")
    dialog.files.add_paths([path, broken])
    assert "错误 2" in dialog.summary.text() and not dialog.import_button.isEnabled()
    pickers = [c for c in dialog.findChildren(QComboBox) if c.accessibleName() == "该模板所属的单位"]
    assert len(pickers) == 1
    refused = next(
        dialog.tree.topLevelItem(i)
        for i in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(i).text(0) == broken.name
    )
    assert "空白模板所属单位" not in [refused.child(i).text(0) for i in range(refused.childCount())]
    dialog.tree.setCurrentItem(refused)
    dialog.remove_selected()
    pickers[0].setCurrentIndex(pickers[0].findText("桃浦镇"))
    assert "新增 1" in dialog.summary.text() and "错误 0" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    pickers = [c for c in dialog.findChildren(QComboBox) if c.accessibleName() == "该模板所属的单位"]
    assert [c.currentText() for c in pickers if c.isVisibleTo(dialog)] == ["桃浦镇"]
    dialog.close()
    bureau.close()


def test_an_office_can_undo_an_import_where_the_message_sends_it(qtbot, tmp_path: Path, chinese, monkeypatch) -> None:
    """After an import the message says it can be undone under 导入记录: a unit's window has that
    page too, lists the import and takes it back."""
    office = make_ledger(tmp_path / "o.db", "长寿路街道")
    add_listing(office)
    w = MainWindow(office)
    qtbot.addWidget(w)
    menu_action(w, "生成本单位预填表").trigger()
    dialog = w.findChild(PrefillDialog)
    target = tmp_path / "mine.xlsx"
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    wb = openpyxl.load_workbook(target)
    ws = wb[PATENT_LISTING.sheet]
    ws.cell(2, [c.value for c in ws[1]].index("挂牌状态") + 1, "已下架")
    wb.save(target)
    wb.close()

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    importer = w.open_import()
    importer.files.add_paths([target])
    qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
    page_name = said[-1].split("“")[1].split("”")[0]  # where the message sends the clerk
    assert page_name == "导入记录"
    titles = [w.nav.item(i).text() for i in range(w.nav.count())]
    assert page_name in titles
    w.nav.setCurrentRow(titles.index(page_name))
    history = w.stack.currentWidget()
    assert history.table.rowCount() == 1 and history.table.item(0, 2).text() == "mine.xlsx"
    history.table.selectRow(0)
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert history.table.item(0, 5).text() == "已撤销"
    with office.session() as s:
        from sqlalchemy import select

        assert s.scalar(select(PATENT_LISTING.model.listing_status)) == "在架"  # as before the import
    listings = w.record_page(PATENT_LISTING)
    assert listings.model.index(0, [f.key for f in listings.model.fields].index("listing_status")).data() == "在架"
    w.close()
    office.close()
