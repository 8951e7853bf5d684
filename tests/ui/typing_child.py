"""Run by tests/ui/test_entry.py in a separate process: opens the window on a ledger, types into an
existing record's field and into a new record's form without leaving either field, says "typed",
and keeps running until it is killed.

`typing_child DB continuous`: types a 250-character 进展情况 on the task page one character every
30 ms, never pausing long enough for the idle save, then says "typed" and the moment
(time.monotonic) of every keystroke, and keeps running until it is killed."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.store.ledger import Ledger  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from app.vocabulary.kinds import PATENT_LISTING, PLEDGE_FINANCING  # noqa: E402


def commit(widget, text: str) -> None:  # noqa: ANN001
    """Chinese arrives from the input method as a committed string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


PARAGRAPH = (
    "本季度组织开展知识产权质押融资政策宣讲会三场，走访辖区科技型中小企业四十二家，梳理融资需求清单，"
    "协调银行机构为九家企业办理专利质押登记，融资金额合计一点二亿元；同步推进商标品牌指导站建设，"
    "新增指导站两家，开展商标注册辅导和海外维权培训，服务企业一百余家次，并建立重点企业联系人制度，"
    "按月跟踪融资进度与品牌培育成效，形成问题清单和下步工作计划，确保各项任务按期完成并持续推进落实。"
    "下一步将结合街道产业特点，联合区局和金融机构举办专场对接活动，扩大政策覆盖面，提升企业获得感，"
    "同时做好数据统计、佐证材料归档和季度报送工作。"
)[:250]
KEY_MS = 30  # far below the form's idle delay: the typing never pauses


def continuous(window: MainWindow) -> None:
    """Type PARAGRAPH into the current task's 进展情况, one character per keystroke, without a pause."""
    form = window.tasks_page.form
    status = form.inputs["status"].editor
    status.setCurrentIndex(status.findData("推进中"))
    editor = form.inputs["progress"].editor
    editor.setFocus()
    times: list[float] = []
    timer = QTimer(window, interval=KEY_MS)

    def key() -> None:
        commit(editor, PARAGRAPH[len(times)])
        times.append(time.monotonic())
        if len(times) == len(PARAGRAPH):
            timer.stop()
            print("typed", json.dumps(times), flush=True)

    timer.timeout.connect(key)
    timer.start()


def main() -> int:
    app = make_app()
    install_translators(app)
    window = MainWindow(Ledger(Path(sys.argv[1])))
    window.show()
    if sys.argv[2:] == ["continuous"]:
        continuous(window)
        return app.exec()
    listings = window.record_page(PATENT_LISTING)
    window.nav.setCurrentRow(window.stack.indexOf(listings))
    listings.table.selectRow(0)
    title = listings.form.inputs["title"].editor
    title.setFocus()
    title.end(False)
    commit(title, "（第二版")
    QTest.keyClicks(title, " v2")
    pledges = window.record_page(PLEDGE_FINANCING)
    window.nav.setCurrentRow(window.stack.indexOf(pledges))
    company = pledges.form.inputs["company"].editor
    company.setFocus()
    commit(company, "上海写了一半的公司")
    QTest.keyClicks(company, " Ltd")
    print("typed", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
