"""Evidence in the window (SPEC §15): a clerk attaches files to a task report (the button's path and
a drop onto the form), sees name, size and type, opens a copy, removes one and takes it back with
Ctrl+Z; the bureau sees the files on the record it reads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.evidence import store
from app.ui.records.detail import RecordDetail
from app.ui.window import MainWindow
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests import evidence_files as ef
from tests.conftest import add_record, make_ledger


@pytest.fixture
def office(tmp_path):
    ledger = make_ledger(tmp_path / "office.db", "长寿路街道")
    yield ledger
    ledger.close()


def drop(widget, paths: list[Path]) -> None:
    """Drag files from the file manager and let go over `widget`."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = widget.rect().center()
    action, button, mods = Qt.DropAction.CopyAction, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(widget, QDragEnterEvent(pos, action, mime, button, mods))
    QApplication.sendEvent(widget, QDropEvent(QPointF(pos), action, mime, button, mods))


def test_a_clerk_attaches_opens_removes_and_undoes(qtbot, office, chinese, tmp_path: Path) -> None:
    rid = add_record(office, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已签约")
    w = MainWindow(office)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.tasks_page
    page.set_period(parse_period("2025Q1"))
    page.select_task(1)
    panel = page.evidence
    assert panel.record_id == rid and panel.add_button.isEnabled()
    pdf = ef.write(tmp_path, "签约协议.pdf", ef.pdf("签约", padding=30_000))
    photo = ef.write(tmp_path, "揭牌照片.png", ef.png(2600, 1300))
    bad = ef.write(tmp_path, "说明.pdf", ef.png())
    panel.shrink_answer = False  # the clerk keeps the original of the large photo
    problems = panel.add_files([pdf, photo])
    assert problems == []
    assert [panel.table.item(i, 0).text() for i in range(panel.table.rowCount())] == ["揭牌照片.png", "签约协议.pdf"]
    assert panel.table.item(1, 2).text() == "PDF" and panel.table.item(1, 1).text() == "30 KB"
    # dropped on the form (not on the list): attached too, and a file of the wrong type is named
    docx = ef.write(tmp_path, "总结.docx", ef.docx())
    drop(page.form, [docx, bad])
    assert panel.table.rowCount() == 3
    assert "说明.pdf" in panel.hint.text() and "PNG" in panel.hint.text()
    # open: a read-only copy with the same bytes (the system viewer is QDesktopServices' to start)
    panel.table.selectRow(2)
    copy = panel.view_copy(panel.selected())
    assert copy.name == "签约协议.pdf" and copy.read_bytes() == pdf.read_bytes()
    # remove, then Ctrl+Z brings it back
    panel.remove_selected()
    assert "签约协议.pdf" not in [panel.table.item(i, 0).text() for i in range(panel.table.rowCount())]
    w.undo_stack.undo()
    with office.session() as s:
        names = {a.name: a.sha256 for a in store.attached(s, rid)}
    assert names["签约协议.pdf"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert set(names) == {"签约协议.pdf", "揭牌照片.png", "总结.docx"}


def test_a_report_just_typed_takes_its_evidence_at_once(qtbot, office, chinese, tmp_path: Path) -> None:
    """The clerk fills in a task nobody reported yet this period (saved as typed: 已保存。) and then
    drops the meeting minutes on it, without leaving the task. The panel still said 请先保存记录 with
    添加佐证材料… greyed out — there is no save button to press — and a file dropped on the form was
    silently not attached."""
    from tests.ui.helpers import fill

    w = MainWindow(office)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    page = w.tasks_page
    page.set_period(parse_period("2025Q3"))
    page.select_task(9)
    panel = page.evidence
    assert panel.record_id is None and not panel.add_button.isEnabled()  # nothing reported yet
    fill(qtbot, page.form, {"status": "推进中", "progress": "走访高校3所，促成转让5件"})
    assert page.status.text() == "已保存。"
    with office.session() as s:
        [report] = s.query(TASK_PROGRESS.model).filter_by(period="2025Q3", task_number=9).all()
    assert panel.record_id == report.id and panel.add_button.isEnabled()
    assert "请先保存记录" not in panel.hint.text()
    minutes = ef.write(tmp_path, "会议纪要.pdf", ef.pdf("纪要"))
    drop(page.form, [minutes])
    with office.session() as s:
        assert [a.name for a in store.attached(s, report.id)] == ["会议纪要.pdf"]
    assert panel.table.item(0, 0).text() == "会议纪要.pdf"


def report_of_task_1(qtbot, office):  # noqa: ANN001, ANN201
    """The window open at this period's report of task 1, as the clerk finds it: (its id, the page)."""
    rid = add_record(office, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已签约")
    w = MainWindow(office)
    qtbot.addWidget(w)
    page = w.tasks_page
    page.set_period(parse_period("2025Q1"))
    page.select_task(1)
    return rid, page


def test_a_large_photo_can_go_in_smaller(qtbot, office, chinese, tmp_path: Path) -> None:
    rid, page = report_of_task_1(qtbot, office)
    page.evidence.shrink_answer = True
    page.evidence.add_files([ef.write(tmp_path, "大图.png", ef.png(4000, 1000))])
    with office.session() as s:
        [a] = store.attached(s, rid)
    assert a.name == "大图_缩小.png"
    from app.evidence.types import image_size

    with office.session() as s:
        assert image_size(store.content(s, a.sha256)) == (2000, 500)


def test_the_bureau_sees_the_files_on_the_record(qtbot, tmp_path: Path, chinese) -> None:
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    rid = add_record(bureau, TASK_PROGRESS, period="2025Q1", task_number=2, status="推进中", progress="x")
    with bureau.session() as s:
        store.attach(s, rid, "证书.ofd", ef.ofd())
    detail = RecordDetail(bureau)
    qtbot.addWidget(detail)
    detail.show_record(TASK_PROGRESS, rid)
    assert detail.evidence.table.item(0, 0).text() == "证书.ofd"
    assert detail.evidence.table.item(0, 2).text() == "OFD 版式文件"
    bureau.close()


def test_the_records_history_names_the_files_attached_and_removed(qtbot, office, chinese, tmp_path: Path) -> None:
    """修改记录 shows 添加佐证材料 “name” / 移除佐证材料 “name”, not an update that changed nothing."""
    from app.vocabulary.kinds import PATENT_LISTING
    from tests.conftest import add_listing

    listing = add_listing(office, price=12.5)
    w = MainWindow(office)
    qtbot.addWidget(w)
    page = w.record_page(PATENT_LISTING)
    page.table.selectRow(next(i for i in range(page.model.rowCount()) if page.model.record_id(i) == listing))
    panel = page.evidence
    assert panel.record_id == listing
    pdf = ef.write(tmp_path, "挂牌证书.pdf", ef.pdf("证书"))
    photo = ef.write(tmp_path, "现场照片.png", ef.png())
    assert panel.add_files([pdf, photo]) == []
    names = [panel.table.item(i, 0).text() for i in range(panel.table.rowCount())]
    panel.table.selectRow(names.index("现场照片.png"))
    panel.remove_selected()
    w.undo_stack.undo()  # the photo comes back
    history = page.show_history()
    qtbot.addWidget(history)
    entries = [history.tree.topLevelItem(i) for i in range(history.tree.topLevelItemCount())]
    assert [e.text(1) for e in entries] == [
        "添加佐证材料 “现场照片.png”",
        "移除佐证材料 “现场照片.png”",
        "添加佐证材料 “现场照片.png”",
        "添加佐证材料 “挂牌证书.pdf”",
        "新建",
    ]
    assert all(e.childCount() == 0 for e in entries[:4])  # no field is said to have changed
    assert {e.text(3) for e in entries} == {"本台账录入"}


def test_the_file_dialog_opens_in_documents_then_where_the_clerk_last_picked(
    qtbot, office, chinese, tmp_path: Path, monkeypatch
) -> None:
    """Found on Windows: 添加佐证材料… opened in the program's own folder (the working folder of a
    program started from the Start menu or the portable folder), showing _internal and the .exe."""
    from PySide6.QtWidgets import QFileDialog

    from app.ui import folders

    program = tmp_path / "IPLedger"
    (program / "_internal").mkdir(parents=True)
    monkeypatch.chdir(program)  # as Windows starts it
    picked_from = tmp_path / "桌面" / "佐证 材料（长寿路）"
    pdf = ef.write(picked_from, "走访企业记录 2025.pdf", ef.pdf("走访"))
    opened_in = []

    def clerk_picks(parent, caption, folder, *rest, **kw):  # noqa: ANN001, ANN202 - the dialog's answer
        opened_in.append(Path(folder).resolve())
        return [str(pdf)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", clerk_picks)
    _, page = report_of_task_1(qtbot, office)
    page.evidence.choose_files()
    page.evidence.choose_files()  # the next file for the same report, from the same folder
    assert opened_in == [folders.documents_folder().resolve(), picked_from.resolve()]
    assert page.evidence.table.rowCount() == 1  # (the same file twice is stored once)


@pytest.mark.qt_log_ignore("does not support QPlatformServices::openDocument")
def test_a_file_no_program_opens_is_said_with_where_its_copy_is(qtbot, office, chinese, tmp_path: Path) -> None:
    """Found on the Windows program: double-clicking evidence that no program on the PC opens (an .ofd
    without an OFD reader; under Wine a PDF) did nothing at all. The offscreen platform opens nothing
    either, as such a PC."""
    rid, page = report_of_task_1(qtbot, office)
    panel = page.evidence
    assert panel.record_id == rid
    panel.add_files([ef.write(tmp_path, "走访企业记录 2025.pdf", ef.pdf("走访"))])
    panel.table.selectRow(0)
    copy = panel.open_selected()
    assert copy is not None and copy.read_bytes() == (tmp_path / "走访企业记录 2025.pdf").read_bytes()
    assert "本机没有能打开“走访企业记录 2025.pdf”的程序" in panel.hint.text()
    assert str(copy.parent) in panel.hint.text()
