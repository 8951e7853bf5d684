"""The window follows the plan of the period: 2026 periods show the 2026–2027 plan's tasks and
indicators, 2025 periods the 2024–2025 ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.outgoing.submission import export_submission
from app.plans.load import check_draft, read_plan_file, save_plan
from app.store import catalogue
from app.ui.window import MainWindow
from app.vocabulary.kinds import INDICATOR_VALUE, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, make_ledger, trust
from tests.ui.helpers import type_text

NOTICE_2026 = Path(__file__).parents[1] / "data" / "plan_2026_notice.txt"


@pytest.fixture
def office_with_new_plan(tmp_path):
    ledger = make_ledger(tmp_path / "office.db", "长寿路街道")
    with ledger.session() as s:
        save_plan(s, check_draft(s, read_plan_file(NOTICE_2026)))
    yield ledger
    ledger.close()


def test_the_window_shows_the_tasks_of_the_periods_plan(qtbot, office_with_new_plan, chinese) -> None:
    w = MainWindow(office_with_new_plan)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    combo_labels = [w.period_combo.itemText(i) for i in range(w.period_combo.count())]
    assert combo_labels[0] == "2026年第四季度" and "2024年第一季度" in combo_labels
    assert "2027年第一季度" not in combo_labels

    w.period_combo.setCurrentIndex(w.periods.index("2026Q1"))
    tasks = w.tasks_page
    assert sorted(tasks.items) == list(range(1, 11))
    assert "普陀区知识产权强区建设行动方案（2026-2027）" in tasks.plan_label.text()
    assert tasks.items[4].text(0).startswith("4. 深化连锁“专利超市”建设")
    assert "/ 3" in w.completeness.text()  # tasks 3 and 10 (every member) and 4 (every street)
    tasks.select_task(4)
    assert "长寿路街道" in tasks.leads.text()
    page = w.record_page(INDICATOR_VALUE)
    w.nav.setCurrentRow(w.stack.indexOf(page))
    numbers = w.stack.currentWidget().form.inputs["indicator_number"].editor
    assert [numbers.itemText(i) for i in range(numbers.count())][1:5] == [
        "1. 每万人口高价值发明专利拥有量（件）",
        "2. 新增PCT国际专利申请量（件）",
        "3. 年知识产权质押融资登记金额（亿元）",
        "4. 数据知识产权登记量（件）",
    ]
    assert numbers.count() == 1 + 6

    w.period_combo.setCurrentIndex(w.periods.index("2025Q4"))
    assert sorted(tasks.items) == list(range(1, 54))
    assert "2024-2025" in tasks.plan_label.text()
    assert tasks.items[4].text(0).startswith("4. 建立专利导航工作体系")
    assert "/ 8" in w.completeness.text()
    numbers = w.stack.currentWidget().form.inputs["indicator_number"].editor
    assert numbers.count() == 1 + 7 and numbers.itemText(4) == "4. 知识产权民事一审案件服判息诉率（%）"


def test_the_bureau_loads_a_plan_from_its_notice_and_corrects_it_first(qtbot, tmp_path, chinese, monkeypatch) -> None:
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert w.period_combo.itemText(0) == "2025年第四季度"  # only the built-in plan so far

    dialog = w.open_load_plan()
    dialog.load_file(NOTICE_2026)
    assert dialog.name.text() == "普陀区知识产权强区建设行动方案（2026-2027）"
    assert (dialog.start_year.value(), dialog.end_year.value()) == (2026, 2027)
    assert dialog.tasks.rowCount() == 10 and dialog.indicators.rowCount() == 12
    assert dialog.tasks.item(5, 4).text() == "区知识产权局、区公安分局、区检察院"
    assert dialog.save_button.isEnabled()

    dialog.tasks.item(1, 4).setText("区数据中心")  # a correction gone wrong: the check says where
    dialog.indicators.item(0, 5).setText("二十五")
    dialog.indicators.item(2, 0).setText("²")  # a digit int() does not read (was a crash)
    dialog.check()
    problems = [dialog.issues.item(i).text() for i in range(dialog.issues.count())]
    assert any(p.startswith("任务表第 2 行，“牵头单位”列：没有名为“区数据中心”的单位") for p in problems)
    assert "指标表第 1 行，“目标值”列：目标值应为数字，现为“二十五”" in problems
    assert "指标表第 3 行，“指标编号”列：指标编号应为正整数，现为“²”" in problems
    assert not dialog.save_button.isEnabled()

    dialog.tasks.item(1, 4).setText("区数据局、区知识产权局")
    dialog.indicators.item(0, 5).setText("26")  # and a target corrected on the way
    dialog.indicators.item(2, 0).setText("2")
    dialog.check()
    assert dialog.issues.count() == 0 and dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert w.period_combo.itemText(0) == "2026年第四季度"
    with bureau.session() as s:
        assert catalogue.targets(s, "2026")[1] == {2026: 26.0, 2027: 27.0}
    w.close()
    bureau.close()


def test_an_office_adds_a_plan_a_workbook_brings_only_once_it_says_yes(qtbot, tmp_path, chinese, monkeypatch) -> None:
    """The unit's ledger on a new PC imports the unit's own 2026 file, made under the new plan."""
    old_pc = make_ledger(tmp_path / "old.db", "长寿路街道")
    with old_pc.session() as s:
        save_plan(s, check_draft(s, read_plan_file(NOTICE_2026)))
    add_record(old_pc, TASK_PROGRESS, period="2026Q1", task_number=4, status="推进中", progress="设服务点")
    path = export_submission(old_pc, parse_period("2026Q1"), tmp_path / "2026Q1.xlsx").path
    new_pc = make_ledger(tmp_path / "new.db", "长寿路街道")
    trust(new_pc, old_pc)  # the old PC's key confirmed (else its file is held as 待确认签名)
    w = MainWindow(new_pc)
    qtbot.addWidget(w)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent, _title, text, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog = w.open_import()
    dialog.files.add_paths([path])
    node = dialog.tree.topLevelItem(0)
    assert any("普陀区知识产权强区建设行动方案（2026-2027）" in node.child(i).text(2) for i in range(node.childCount()))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "普陀区知识产权强区建设行动方案（2026-2027）" in asked[0]
    with new_pc.session() as s:
        assert len(catalogue.plans(s)) == 1  # said no: nothing added, nothing imported
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with new_pc.session() as s:
        assert len(catalogue.plans(s)) == 2
    assert w.periods[0] == "2026Q4"
    w.period_combo.setCurrentIndex(w.periods.index("2026Q1"))
    assert w.tasks_page.items[4].text(1) == "推进中"
    w.close()
    for ledger in (old_pc, new_pc):
        ledger.close()


def test_a_number_of_another_plan_is_not_saved_but_explained(qtbot, office_with_new_plan, chinese) -> None:
    w = MainWindow(office_with_new_plan)
    qtbot.addWidget(w)
    w.period_combo.setCurrentIndex(w.periods.index("2025Q4"))
    page = w.record_page(INDICATOR_VALUE)
    w.nav.setCurrentRow(w.stack.indexOf(page))
    page = w.stack.currentWidget()
    page.form.set_values({"indicator_number": 7, "period": "2026Q1", "value": 12.0})  # the 2026 plan has six
    page.save_new()
    assert (
        "指标编号 7 不在2026年第一季度所属的《普陀区知识产权强区建设行动方案（2026-2027）》中"
        in page.form_status.text()
    )
    assert page.model.rowCount() == 0


def test_an_indicator_value_in_another_unit_of_measure_is_not_saved_but_explained(
    qtbot, office_with_new_plan, chinese
) -> None:
    """Indicator 3 is counted in 亿元: 500 with 万元 typed beside it is neither added nor, on an
    existing record, saved; the form says what 500 万元 is in 亿元."""
    w = MainWindow(office_with_new_plan)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.record_page(INDICATOR_VALUE)
    w.nav.setCurrentRow(w.stack.indexOf(page))
    page = w.stack.currentWidget()
    page.form.set_values({"indicator_number": 3, "period": "2025Q3", "value": 500.0, "measure_unit": "万元"})
    page.save_new()
    assert "500 万元 = 0.05 亿元" in page.form_status.text() and page.model.rowCount() == 0
    page.form.set_values({"indicator_number": 3, "period": "2025Q3", "value": 0.05, "measure_unit": "亿元"})
    page.save_new()
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    unit = page.form.inputs["measure_unit"].editor
    unit.setFocus()
    unit.selectAll()
    type_text(qtbot, unit, "万元")
    qtbot.waitUntil(lambda: not page.form.typing, timeout=5000)  # a second after the last keystroke
    assert "请把数值换算为亿元" in page.form_status.text()
    with office_with_new_plan.session() as s:
        assert [r.measure_unit for r in s.query(INDICATOR_VALUE.model)] == ["亿元"]  # the edit is not saved
    w.close()


def test_an_indicator_value_typed_with_wan_yuan_is_saved_in_yi_yuan_and_said_so(
    qtbot, office_with_new_plan, chinese
) -> None:
    """“5000万元” typed for indicator 3 (counted in 亿元) is 0.5 亿元: it was saved as 5000 亿元."""
    w = MainWindow(office_with_new_plan)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.record_page(INDICATOR_VALUE)
    w.nav.setCurrentRow(w.stack.indexOf(page))
    page = w.stack.currentWidget()
    page.form.set_values({"indicator_number": 3, "period": "2025Q3"})
    value = page.form.inputs["value"].editor
    value.setFocus()
    type_text(qtbot, value, "5000万元")
    page.save_new()
    assert "5,000 万元 = 0.5 亿元" in page.form_status.text(), page.form_status.text()
    with office_with_new_plan.session() as s:
        assert [r.value for r in s.query(INDICATOR_VALUE.model)] == [0.5]
    w.close()


def test_the_blank_plan_workbook_is_not_saved_into_the_programs_folder(qtbot, tmp_path, chinese, monkeypatch) -> None:
    """Found on Windows: 保存空白方案工作簿… offered 行动方案.xlsx in the working folder — the
    program's own folder when started from the Start menu — so 保存 wrote it beside ipledger.exe."""
    from PySide6.QtWidgets import QFileDialog

    from app.ui import folders
    from app.ui.plan_dialog import LoadPlanDialog

    program = tmp_path / "IPLedger"
    program.mkdir()
    monkeypatch.chdir(program)
    target = tmp_path / "方案 材料" / "行动方案.xlsx"
    target.parent.mkdir()
    offered = []

    def save_as(parent, caption, path, *rest, **kw):  # noqa: ANN001, ANN202 - the dialog's answer
        offered.append(Path(path).resolve())
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    ledger = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    dialog = LoadPlanDialog(ledger)
    qtbot.addWidget(dialog)
    dialog._save_template()
    assert offered == [folders.documents_folder().resolve() / "行动方案.xlsx"]
    assert target.exists() and not (program / "行动方案.xlsx").exists()
    ledger.close()
