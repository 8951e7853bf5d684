"""The window follows the plan of the period: 2026 periods show the 2026–2027 plan's tasks and
indicators, 2025 periods the 2024–2025 ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.kinds import INDICATOR_VALUE
from app.plans.load import check_draft, read_plan_file, save_plan
from app.ui.window import MainWindow
from tests.conftest import make_ledger

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
