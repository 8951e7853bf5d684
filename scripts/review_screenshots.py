"""Render the review cycle's pages offscreen, with demo data, to PNG at 1366×768 (SPEC §9).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/review_screenshots.py [OUT_DIR]

Three units report 2025Q4 (one on time, one late, one whose file is refused for an error — the rest
of the unit list is missing); the bureau comments on a field and returns one submission, accepts another; the
unit imports the feedback. Grabs the bureau's review page, its deadlines page, the unit's comments
page and the unit's task form with the comment on its field. QT_SCALE_FACTOR=1.25 renders at 125 %.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app import demo  # noqa: E402
from app.merge import apply_plan, plan_import  # noqa: E402
from app.outgoing.submission import export_submission  # noqa: E402
from app.review import comments, feedback
from app.review import state as review  # noqa: E402
from app.store import records
from app.store.ledger import Ledger  # noqa: E402
from app.ui import worker  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402
from app.vocabulary.kinds import TASK_PROGRESS  # noqa: E402
from app.vocabulary.periods import parse_period  # noqa: E402

# a 1366×768 screen: at 125 % (QT_SCALE_FACTOR=1.25) a window has 1093×614 logical pixels of it
SCALE = float(os.environ.get("QT_SCALE_FACTOR", "1"))
SIZE = (round(1366 / SCALE), round(768 / SCALE))
Q = parse_period("2025Q4")


def grab(widget, path: Path, size: tuple[int, int] = SIZE) -> None:  # noqa: ANN001
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def confirm_keys(bureau: Ledger, unit_paths: list[Path]) -> None:
    """The bureau has confirmed the units' signing keys (SPEC §15), as after the first phone call."""
    from app.store import keys

    for path in unit_paths:
        with Ledger(path) as unit, unit.session() as s:
            name, public = unit.unit_name, keys.own_key(s).public
        with bureau.session() as s:
            keys.trust(s, name, keys.fingerprint(public), public)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    install_translators(app)
    worker.runner = worker.run_now
    from sqlalchemy import select

    from app.ui.window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    files = []
    for i, unit in enumerate(["长寿路街道", "曹杨新村街道", "区科委"]):
        ledger = Ledger(tmp / f"unit{i}.db")
        ledger.setup(unit)
        with ledger.session() as s:
            demo.fill(s, units=1, rows=120, seed=20 + i)
        files.append(export_submission(ledger, Q, tmp / f"{unit}.xlsx").path)
        ledger.close()
    bureau = Ledger(tmp / "bureau.db")
    bureau.setup("区知识产权局")
    confirm_keys(bureau, [tmp / f"unit{i}.db" for i in range(3)])
    with bureau.session() as s:
        demo.fill(s, units=1, rows=60, seed=7)
    for path, received in zip(files[:2], (datetime(2026, 1, 8, 10), datetime(2026, 1, 16, 15)), strict=True):
        apply_plan(bureau, plan_import(bureau, [path]), received=received)
    with bureau.session() as s:
        unit = review.find_unit(s, "长寿路街道")
        m = TASK_PROGRESS.model
        rid = s.scalars(select(m.id).where(m.unit_id == unit.id, m.period == Q.code).order_by(m.task_number)).first()
        comments.add_comment(s, "请写明推进会的日期和参会企业数", record_id=rid, field="进展情况")
        # one lagging report, as a real quarter has
        other = review.find_unit(s, "曹杨新村街道")
        lagging = s.scalars(select(m).where(m.unit_id == other.id, m.period == Q.code).order_by(m.task_number)).first()
        records.update(s, TASK_PROGRESS, lagging, {"status": "滞后", "progress": "场地尚未落实，推迟至下季度"})
    fb, _n = feedback.return_submission(bureau, "长寿路街道", Q, "第3项任务的量化成果请补充佐证材料", tmp / "fb.xlsx")
    review.accept(bureau, "曹杨新村街道", Q)
    # 区科委's file came with a status no one can read: refused, and the deadlines grid says so (文件被拒)
    import openpyxl

    wb = openpyxl.load_workbook(files[2])
    ws = wb["任务进展"]
    ws.cell(2, [c.value for c in ws[1]].index("推进状态") + 1).value = "差不多了"
    wb.save(tmp / "区科委（改）.xlsx")
    plan_import(bureau, [tmp / "区科委（改）.xlsx"])

    window = MainWindow(bureau)
    window.period_combo.setCurrentIndex(window.periods.index(Q.code))
    page = window.review.review_page
    window.nav.setCurrentRow(window.stack.indexOf(page))
    page.select_unit("长寿路街道")
    task = page.tree.topLevelItem(0).child(0)
    page.tree.setCurrentItem(task.child(0) if task and task.childCount() else task)
    grab(window, out / "review.png")
    page.filter.setCurrentIndex(1)
    grab(window, out / "review-lagging.png")
    window.nav.setCurrentRow(window.stack.indexOf(window.review.deadlines_page))
    year = window.review.deadlines_page.year
    refused_row = next(i for i in range(year.rowCount()) if year.item(i, 0).text() == "区科委")
    year.scrollToItem(year.item(refused_row, 4))
    grab(window, out / "deadlines.png")
    window.nav.setCurrentRow(window.stack.indexOf(window.review.comments_page))
    grab(window, out / "bureau-comments.png")
    window.close()

    office = Ledger(tmp / "unit0.db")
    confirm_keys(office, [tmp / "bureau.db"])  # the unit has confirmed the bureau's key, as after its first call
    apply_plan(office, plan_import(office, [fb]))  # the unit imports the feedback like any file
    window = MainWindow(office)
    window.period_combo.setCurrentIndex(window.periods.index(Q.code))
    window.nav.setCurrentRow(window.stack.indexOf(window.review.comments_page))
    window.review.comments_page.table.selectRow(0)
    grab(window, out / "unit-comments.png")
    window.review.comments_page.table.selectRow(
        next(i for i, (c, *_rest) in enumerate(window.review.comments_page.found) if c.record_id)
    )
    window.review.comments_page.open_record()
    grab(window, out / "unit-task-comment.png")


if __name__ == "__main__":
    main()
