"""The settings window, first run and pinyin order, driven through their widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

from app.store import settings, units
from app.store.ledger import Ledger
from app.ui.first_run import FirstRunDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.window import MainWindow
from app.vocabulary.kinds import BRAND_STATION, PATENT_LISTING
from tests.conftest import add_listing, add_record, make_ledger
from tests.ui.helpers import type_text


@pytest.fixture
def office(tmp_path):
    ledger = make_ledger(tmp_path / "office.db", "长寿路街道")
    yield ledger
    ledger.close()


@pytest.fixture
def yes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)


def test_enter_takes_only_the_highlighted_visible_unit(qtbot, tmp_path, chinese) -> None:
    ledger = Ledger(tmp_path / "first.db")
    dialog = FirstRunDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.units.setCurrentRow(0)  # 长寿路街道 highlighted, then a search hides it
    type_text(qtbot, dialog.search, "桃浦")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert ledger.unit_name == "桃浦镇"
    ledger.close()


def test_enter_with_nothing_shown_sets_up_nothing(qtbot, tmp_path, chinese) -> None:
    ledger = Ledger(tmp_path / "first.db")
    dialog = FirstRunDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.search, "没有这个单位")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert ledger.unit_name == "" and dialog.isVisible()
    dialog.search.clear()
    type_text(qtbot, dialog.search, "cyxc")  # pinyin initials of 曹杨新村街道
    visible = [dialog.units.item(i).text() for i in range(dialog.units.count()) if not dialog.units.item(i).isHidden()]
    assert visible == ["曹杨新村街道（街道）"]
    ledger.close()


def test_changing_the_unit_is_confirmed_recorded_and_the_window_follows(qtbot, office, chinese, yes) -> None:
    w = MainWindow(office)
    qtbot.addWidget(w)
    dialog = w.open_settings()
    index = dialog.own_combo.findData("桃浦镇")
    dialog.own_combo.setCurrentIndex(index)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert office.unit_name == "桃浦镇"
    assert "长寿路街道" in dialog.history.text() and "桃浦镇" in dialog.history.text()
    dialog.reject()
    assert w.successor is not None and "桃浦镇" in w.successor.unit_label.text()
    qtbot.addWidget(w.successor)
    with office.session() as s:
        assert units.unit_changes(s)[0]["to"] == "桃浦镇"


def row_of(dialog, name: str) -> int:
    return next(i for i in range(dialog.unit_list.count()) if dialog.unit_list.item(i).text().startswith(name + "（"))


def test_units_are_added_renamed_and_merged(qtbot, tmp_path, chinese, yes, monkeypatch) -> None:
    bureau = make_ledger(tmp_path / "b.db", "区知识产权局")
    dialog = SettingsDialog(bureau)
    qtbot.addWidget(dialog)
    answers = iter([("长寿街道", True), ("街道", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: next(answers))
    dialog.add_unit()
    assert dialog.unit_list.currentItem().text().startswith("长寿街道")
    add_record(bureau, BRAND_STATION, name="站", host_org="甲", street="长寿路街道", status="已揭牌")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("长寿路街道办", True))
    dialog.unit_list.setCurrentRow(row_of(dialog, "长寿路街道"))
    dialog.rename_unit()
    assert "曾用名：长寿路街道" in dialog.unit_list.currentItem().text()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("bad/name", True))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog.rename_unit()
    assert warned and "文件名" in warned[0]
    dialog.unit_list.setCurrentRow(row_of(dialog, "长寿街道"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("长寿路街道办", True))
    dialog.merge_unit()
    texts = [dialog.unit_list.item(i).text() for i in range(dialog.unit_list.count())]
    assert not any(t.startswith("长寿街道") for t in texts)
    assert any(t.startswith("长寿路街道办") and "长寿街道" in t for t in texts)
    bureau.close()


def test_the_bureaus_status_bar_gives_the_units_due_date_not_one_of_its_own(qtbot, tmp_path, chinese) -> None:
    """The bureau receives the period's files and sends none: its status bar read 截止 … as if the
    bureau had a submission due."""
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    w = MainWindow(bureau)
    qtbot.addWidget(w)
    assert w.due_label.isVisibleTo(w)
    assert w.due_label.text().startswith("各单位报送截止 "), w.due_label.text()
    w.close()
    bureau.close()


def test_period_length_and_reminders(qtbot, office, chinese) -> None:
    w = MainWindow(office)
    qtbot.addWidget(w)
    assert w.due_label.text().startswith("截止")
    dialog = w.open_settings()
    dialog.granularity.setCurrentIndex(dialog.granularity.findData("month"))
    dialog.reminders.setChecked(False)
    dialog.reject()
    new = w.successor
    qtbot.addWidget(new)
    assert new.period_combo.currentText().endswith("月") and "季度" not in new.period_combo.currentText()
    assert new.due_label.isHidden()
    with office.session() as s:
        assert settings.get(s, settings.GRANULARITY) == "month"


def test_backup_now_preview_and_restore(qtbot, office, chinese, yes) -> None:
    add_listing(office)
    w = MainWindow(office)
    qtbot.addWidget(w)
    dialog = w.open_settings()
    dialog.tabs.setCurrentIndex(3)
    assert not dialog.restore_button.isEnabled()
    now = next(b for b in dialog.findChildren(QPushButton) if b.text() == "立即备份")
    qtbot.mouseClick(now, Qt.MouseButton.LeftButton)
    assert "专利超市挂牌：1" in dialog.backup_preview.text().replace(" ", "").replace("　", "")
    add_listing(office, patent_no="202320123456.1", title="备份之后")
    dialog.backup_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    dialog.reject()
    qtbot.addWidget(w.successor)
    assert w.successor.record_page(PATENT_LISTING).model.rowCount() == 1
    assert dialog.backup_list.count() == 2  # the ledger as it was before the restore is kept too


def test_a_settings_change_while_another_program_writes_keeps_the_typing(qtbot, office, chinese) -> None:
    """A settings change rebuilds the window as 设置 closes; while an import held the ledger, an edit
    not saved yet was dropped with the old window, silently. Now the window stays, keeps it and says
    why; once the other program is done the edit is saved and the window shows the new settings."""
    from tests.ui.helpers import another_program_writing, typed_not_saved
    from tests.ui.test_entry import LISTING, open_page

    record = add_record(office, PATENT_LISTING, **LISTING)
    w = MainWindow(office)
    qtbot.addWidget(w)
    w.show()
    page = open_page(w, PATENT_LISTING)
    page.table.selectRow(0)
    dialog = w.open_settings()
    dialog.reminders.setChecked(False)  # written: the window is rebuilt as 设置 closes
    with another_program_writing(office.path):
        typed_not_saved(qtbot, page, "title", "（改）")  # an import began meanwhile
        dialog.reject()
        assert w.successor is None and w.isVisible()
        assert "未重新载入" in w.statusBar().currentMessage()
        assert "另一个程序正在写入台账" in w.statusBar().currentMessage()
        assert page.editing_id == record and page.form.inputs["title"].editor.text() == "一种检测装置（改）"

    def saved() -> bool:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title == "一种检测装置（改）"

    qtbot.waitUntil(lambda: w.successor is not None, timeout=30_000)  # by itself, once the import is done
    qtbot.addWidget(w.successor)
    assert saved()
    assert w.successor.due_label.isHidden()  # the new settings shown


def test_a_change_in_settings_while_another_program_writes_is_refused_at_once(qtbot, office, chinese, yes) -> None:
    """设置's own changes (reminders, this ledger's unit, the unit list) waited the ledger's 60 s while an
    import held it, the dialog frozen, then failed (database is locked). Now they say at once that
    nothing was changed; the unit chosen stays chosen, to confirm again once the import is done."""
    from tests.ui.helpers import another_program_writing

    w = MainWindow(office)
    qtbot.addWidget(w)
    dialog = w.open_settings()
    with another_program_writing(office.path):
        dialog.reminders.setChecked(False)
        assert dialog.status.isVisible() and "未更改：另一个程序正在写入台账" in dialog.status.text()
        assert dialog.reminders.isChecked()  # as it still is in the ledger
        dialog.own_combo.setCurrentIndex(dialog.own_combo.findData("桃浦镇"))
        qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text().startswith("桃浦镇：未更改")
        assert dialog.own_combo.currentData() == "桃浦镇"
    assert office.unit_name == "长寿路街道"
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)  # once the import is done
    assert office.unit_name == "桃浦镇" and dialog.status.isHidden()
    dialog.reject()
    qtbot.addWidget(w.successor)
    assert "桃浦镇" in w.successor.unit_label.text()


def test_a_restore_while_another_program_writes_is_refused_at_once(qtbot, office, chinese, yes) -> None:
    """设置 → 备份 → 恢复 while an import held the ledger: SQLite's copy waited for it without end, the
    window frozen, and then put the backup over what the import had written — which the copy taken
    before the restore had missed. Now it says at once that nothing was changed; the ledger works on."""
    from tests.ui.helpers import another_program_writing

    add_listing(office)
    w = MainWindow(office)
    qtbot.addWidget(w)
    dialog = w.open_settings()
    dialog.backup_now_quietly()
    add_listing(office, patent_no="202320123456.1", title="备份之后")
    dialog.backup_list.setCurrentRow(0)
    with another_program_writing(office.path):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.status.isVisible() and dialog.status.text().startswith("恢复备份：未更改")
    assert dialog.backup_list.count() == 1  # no copy taken before a restore that was not made
    with office.session() as s:
        assert s.query(PATENT_LISTING.model).count() == 2
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # once the import is done
    assert dialog.status.isHidden()
    dialog.reject()
    qtbot.addWidget(w.successor)
    assert w.successor.record_page(PATENT_LISTING).model.rowCount() == 1


def test_forgetting_a_key_while_another_program_writes_is_refused_at_once(
    qtbot, tmp_path, chinese, monkeypatch
) -> None:
    """设置 → 签名密钥 → 删除密钥 while an import held the ledger waited the ledger's 60 s, the dialog
    frozen, then failed (database is locked). Now it says at once that the key was not forgotten."""
    from app.store import keys
    from tests.ui.helpers import another_program_writing

    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        public = keys.own_key(s).public
    unit.close()
    with bureau.session() as s:
        keys.trust(s, "长寿路街道", keys.fingerprint(public), public)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = SettingsDialog(bureau)
    qtbot.addWidget(dialog)
    tab = dialog.keys_tab
    tab.known.selectRow(0)
    with another_program_writing(bureau.path):
        qtbot.mouseClick(tab.forget_button, Qt.MouseButton.LeftButton)
    assert warned and warned[0].startswith("未删除：另一个程序正在写入台账")
    assert tab.known.rowCount() == 1
    qtbot.mouseClick(tab.forget_button, Qt.MouseButton.LeftButton)  # once the import is done
    assert tab.known.rowCount() == 0 and len(warned) == 1
    bureau.close()


def test_confirming_a_key_while_another_program_writes_is_refused_at_once(
    qtbot, tmp_path, chinese, monkeypatch
) -> None:
    """确认密钥 (设置 → 签名密钥, or the import dialog), the fingerprint compared over the phone, while an
    import held the ledger: 60 s, then database is locked. Now it says at once that it is not confirmed."""
    from app.store import keys
    from app.ui.keys_tab import confirm_key

    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    public = keys.SigningKey.generate().public  # the unit's, not known yet
    with bureau.session() as s:
        if keys.key_of(s, keys.find_unit(s, "长寿路街道").id) is not None:
            keys.untrust(s, "长寿路街道")
    same = next  # the clerk clicks 相同：确认密钥
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: same(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click(),
    )
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    from tests.ui.helpers import another_program_writing

    with another_program_writing(bureau.path):
        assert not confirm_key(None, bureau, "长寿路街道", keys.fingerprint(public), public)
    assert warned and warned[0].startswith("未确认：另一个程序正在写入台账")
    assert confirm_key(None, bureau, "长寿路街道", keys.fingerprint(public), public)  # once it is done
    with bureau.session() as s:
        assert keys.key_of(s, keys.find_unit(s, "长寿路街道").id) is not None
    bureau.close()
