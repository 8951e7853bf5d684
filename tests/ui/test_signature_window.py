"""Signatures in the window (SPEC §15): the import preview says 待确认签名 with the fingerprint and
offers to confirm the key; confirming (after the phone call) imports the file; the settings page
shows this ledger's fingerprint large, the held files and the confirmed keys; 导入记录 says
签名有效 with the fingerprint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.store import keys
from app.ui import worker
from app.ui.exchange.dialogs import ImportDialog
from app.ui.settings_dialog import SettingsDialog
from app.vocabulary.periods import parse_period
from db.models import PatentListing
from tests.conftest import add_listing, make_ledger

Q1 = parse_period("2025Q1")


def fingerprint(ledger) -> str:  # noqa: ANN001
    with ledger.session() as s:
        return keys.own_fingerprint(s)


def answer_when_asked(button_text: str) -> list[str]:
    """Click `button_text` in the next message box that opens; returns the texts it showed."""
    seen: list[str] = []

    def click() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                seen.append(w.text())
                next(b for b in w.buttons() if b.text() == button_text).click()
                return
        QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)
    return seen


def test_preview_holds_an_unknown_key_until_confirmed(qtbot, chinese, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(worker, "runner", worker.run_now)
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道", trusted=False)
    add_listing(unit)
    path = export_submission(unit, Q1, tmp_path / "知识产权台账_长寿路街道_2025Q1.xlsx").path
    fp = fingerprint(unit)
    unit.close()
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局", trusted=False)
    dialog = ImportDialog(bureau)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([path])
    top = dialog.tree.topLevelItem(0)
    assert top.text(1) == "待确认签名，保留不合并"
    assert f"待确认签名（{fp}）" in top.text(2)
    assert dialog.confirm_key_button.isVisible() or not dialog.confirm_key_button.isHidden()
    # the phone call: the unit reads out another fingerprint; the clerk cancels
    seen = answer_when_asked("取消")
    dialog.confirm_key()
    assert fp in seen[0]
    with bureau.session() as s:
        assert keys.known_keys(s) == []
    # the same fingerprint: confirmed, and the file is previewed again, ready to merge
    answer_when_asked("一致，确认密钥")
    dialog.confirm_key()
    top = dialog.tree.topLevelItem(0)
    assert f"签名有效（{fp}）" in top.text(2) and "新增 1" in top.text(1)
    assert dialog.confirm_key_button.isHidden()
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog.commit()
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(PatentListing)) == 1
    bureau.close()


def test_settings_page_shows_the_fingerprint_and_confirms_a_held_file(qtbot, chinese, tmp_path: Path) -> None:
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道", trusted=False)
    add_listing(unit)
    path = export_submission(unit, Q1, tmp_path / "x.xlsx").path
    fp = fingerprint(unit)
    unit.close()
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局", trusted=False)
    apply_plan(bureau, plan_import(bureau, [path]))  # held as 待确认签名
    dialog = SettingsDialog(bureau)
    qtbot.addWidget(dialog)
    tab = dialog.keys_tab
    assert tab.own.text() == fingerprint(bureau)
    assert tab.own.font().pointSizeF() >= 2 * dialog.font().pointSizeF()  # large, to read over the phone
    assert [tab.held.item(0, j).text() for j in (0, 1, 2)] == ["长寿路街道", fp, "x.xlsx"]
    tab.held.selectRow(0)
    with qtbot.waitSignal(dialog.held_to_import) as emitted:
        answer_when_asked("一致，确认密钥")
        tab.confirm()
    (paths,) = emitted.args
    assert len(paths) == 1 and Path(paths[0]).exists()
    assert tab.held.rowCount() == 0 and tab.known.item(0, 1).text() == fp
    bureau.close()
