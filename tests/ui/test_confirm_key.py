"""The signature-confirmation dialog as the clerk meets it in the import dialog (SPEC §15): it names
the party whose fingerprint is to be compared — the bureau over the phone, or the unit's own other
PC — and registers the key for that party only when the clerk says every character is the same.

The dialog is modal (QMessageBox.exec): each test answers it from a timer that fires inside its
event loop, finds the dialog among the open windows and presses a button by its text. Whatever
happens, the timer closes the box it found, so a failed look never leaves the test hanging."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.merge.plan import READY
from app.outgoing.prefill import write_prefill
from app.outgoing.submission import export_submission
from app.store import keys
from app.ui.exchange.dialogs import ImportDialog
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, make_ledger, trust

Q1 = parse_period("2025Q1")


class ModalAnswer:
    """Presses `button` on the next message box to open, keeping its text; tries for a while, then
    gives up (the box never came) rather than wait forever."""

    def __init__(self, button: str) -> None:
        self.button, self.text, self.title, self.tries = button, "", "", 0
        self.pressed = False
        self.buttons: list[str] = []
        QTimer.singleShot(0, self.act)

    def act(self) -> None:
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            self.tries += 1
            if self.tries < 100:
                QTimer.singleShot(20, self.act)
            return
        self.text, self.title = box.text(), box.windowTitle()
        self.buttons = [b.text() for b in box.buttons()]
        for b in box.buttons():
            if b.text() == self.button:
                b.click()
                self.pressed = True
        if box.isVisible():  # the button was not there: close the box, the test fails on `pressed`
            box.reject()


def fingerprint(ledger) -> str:  # noqa: ANN001
    with ledger.session() as s:
        return keys.own_fingerprint(s)


def known(ledger) -> dict[str, str]:  # noqa: ANN001
    with ledger.session() as s:
        return {k.unit: k.fingerprint for k in keys.known_keys(s)}


def signature_line(dialog) -> str:  # noqa: ANN001
    node = dialog.tree.topLevelItem(0)
    return next(node.child(i).text(2) for i in range(node.childCount()) if node.child(i).text(0) == "签名")


def test_the_units_old_pc_is_confirmed_as_its_own_not_as_the_bureau(qtbot, tmp_path: Path, chinese) -> None:
    old_pc = make_ledger(tmp_path / "old.db", "长寿路街道", trusted=False)
    add_listing(old_pc, price=12.5)
    path = export_submission(old_pc, Q1, tmp_path / "长寿路街道_2025Q1.xlsx").path
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局", trusted=False)
    new_pc = make_ledger(tmp_path / "new.db", "长寿路街道", trusted=False)
    trust(new_pc, bureau)
    dialog = ImportDialog(new_pc)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([path])
    assert "本单位另一台电脑（长寿路街道）" in signature_line(dialog)
    assert dialog.confirm_key_button.isVisibleTo(dialog)

    # the clerk reads the old PC's fingerprint, finds it different, and cancels: nothing registered
    answer = ModalAnswer("取消")
    qtbot.mouseClick(dialog.confirm_key_button, Qt.MouseButton.LeftButton)
    assert answer.pressed and answer.title == "确认签名密钥", answer.buttons
    assert "本单位（长寿路街道）的另一台电脑" in answer.text and fingerprint(old_pc) in answer.text
    assert "区知识产权局" not in answer.text and "打电话" not in answer.text
    assert known(new_pc) == {"区知识产权局": fingerprint(bureau)}
    assert dialog.plan.files[0].key_pending

    # the same fingerprint: confirmed as the unit's own, and the file is previewed again, to import
    answer = ModalAnswer("一致，确认密钥")
    qtbot.mouseClick(dialog.confirm_key_button, Qt.MouseButton.LeftButton)
    assert answer.pressed
    assert known(new_pc) == {"区知识产权局": fingerprint(bureau), "长寿路街道": fingerprint(old_pc)}
    assert dialog.plan.files[0].status == READY and not dialog.confirm_key_button.isVisibleTo(dialog)
    assert dialog.import_button.isEnabled()
    for ledger in (old_pc, bureau, new_pc):
        ledger.close()


def test_a_prefilled_workbook_asks_to_phone_the_bureau(qtbot, tmp_path: Path, chinese) -> None:
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局", trusted=False)
    office = make_ledger(tmp_path / "office.db", "长寿路街道", trusted=False)
    path = write_prefill(bureau, "长寿路街道", Q1, tmp_path / "预填.xlsx").path
    dialog = ImportDialog(office)
    qtbot.addWidget(dialog)
    dialog.files.add_paths([path])
    assert "请电话与区知识产权局核对指纹" in signature_line(dialog)
    answer = ModalAnswer("一致，确认密钥")
    qtbot.mouseClick(dialog.confirm_key_button, Qt.MouseButton.LeftButton)
    assert answer.pressed and "请打电话给区知识产权局" in answer.text and fingerprint(bureau) in answer.text
    assert "另一台电脑" not in answer.text
    assert known(office) == {"区知识产权局": fingerprint(bureau)}
    assert dialog.plan.files[0].status == READY
    bureau.close()
    office.close()
