"""设置 → 台账位置 (SPEC §13): 本机文件 or 数据库服务器, a connection test against a real PostgreSQL
server, the password kept in the user's pgpass file and never shown back."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.cli.common import ledger_path
from app.store import location
from app.ui.settings_dialog import SettingsDialog
from tests.conftest import make_ledger
from tests.pgserver import PASSWORD


@pytest.fixture
def dialog(qtbot, tmp_path, chinese, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    ledger = make_ledger(tmp_path / "office.db", "长寿路街道")
    d = SettingsDialog(ledger)
    qtbot.addWidget(d)
    d.tabs.setCurrentIndex(next(i for i in range(d.tabs.count()) if d.tabs.tabText(i) == "台账位置"))
    d.show()
    yield d
    ledger.close()


def test_a_server_is_tested_and_chosen_and_its_password_never_shown(dialog, pg_server, tmp_path: Path) -> None:
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "台账位置"
    assert dialog.local_choice.isChecked() and not dialog.test_button.isEnabled()
    dialog.server_choice.setChecked(True)
    name = pg_server.create_database(migrated=False)
    dialog.host_edit.setText("127.0.0.1")
    dialog.port_edit.setText(str(pg_server.port))
    dialog.db_edit.setText(name)
    dialog.user_edit.setText("ipledger")
    dialog.password_edit.setText("wrong")
    assert not dialog.test_server()
    assert "用户名或密码不正确" in dialog.location_status.text()
    dialog.password_edit.setText(PASSWORD)
    assert dialog.test_server() and "空数据库" in dialog.location_status.text()
    switched = []
    dialog.switch_to.connect(lambda ledger, previous: switched.append((ledger, previous)))
    dialog.use_button.click()
    assert "切换" in dialog.location_status.text()
    [(opened, previous)] = switched  # the window switches to it (test below)
    assert previous is None and opened.on_server
    opened.close()
    # the password went to the pgpass file, not to the saved location, and is not shown again
    assert PASSWORD in (tmp_path / "pgpass").read_text()
    assert PASSWORD not in location.chosen()
    assert dialog.password_edit.text() == "" and dialog.password_edit.placeholderText() == "已保存（不显示）"
    # the next start opens the server ledger with the password from pgpass
    where = ledger_path(argparse.Namespace(db=None))
    assert not isinstance(where, Path) and where.database == name and where.password is None
    from app.store.ledger import Ledger

    with Ledger(where) as ledger:
        ledger.setup("区知识产权局")
        assert PASSWORD not in ledger.where
    again = SettingsDialog(ledger.__class__(where))
    try:
        assert again.server_choice.isChecked() and again.password_edit.text() == ""
        assert again.password_edit.placeholderText() == "已保存（不显示）"
    finally:
        again.ledger.close()
        again.deleteLater()


def test_a_ledger_file_on_a_network_folder_is_not_chosen(dialog) -> None:
    dialog.file_edit.setText(r"\\fileserver\知识产权\ledger.db")
    dialog.use_button.click()
    assert "网络文件夹" in dialog.location_status.text() and "数据库服务器" in dialog.location_status.text()
    assert location.chosen() is None


def _settings(qtbot, window):  # noqa: ANN001, ANN202
    dialog = window.open_settings()
    dialog.tabs.setCurrentIndex(next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "台账位置"))
    return dialog


def test_choosing_another_ledger_switches_the_window_now(qtbot, tmp_path, chinese, pg_server, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.window import MainWindow
    from app.vocabulary.kinds import PATENT_LISTING
    from tests.conftest import add_listing

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    office = make_ledger(tmp_path / "office.db", "长寿路街道")
    window = MainWindow(office)
    window.owns_ledger = True
    qtbot.addWidget(window)
    window.show()
    # the bureau's ledger on the server, set up by a colleague, with one record
    url = pg_server.url(pg_server.create_database())
    bureau = make_ledger(url, "区知识产权局")
    add_listing(bureau)
    bureau.close()
    from sqlalchemy.engine import make_url

    server = make_url(url)
    dialog = _settings(qtbot, window)
    dialog.server_choice.setChecked(True)
    dialog.host_edit.setText(server.host)
    dialog.port_edit.setText(str(server.port))
    dialog.db_edit.setText(server.database)
    dialog.user_edit.setText(server.username)
    dialog.password_edit.setText(PASSWORD)
    dialog.use_button.click()
    QApplication.processEvents()
    new = window.successor
    assert new is not None, dialog.location_status.text()
    qtbot.addWidget(new)
    assert not window.isVisible() and new.isVisible()
    assert new.ledger.on_server and "区知识产权局" in new.unit_label.text()  # this start, not the next
    assert new.record_page(PATENT_LISTING).model.rowCount() == 1
    assert "已切换" in new.statusBar().currentMessage()
    # and back to the file: the pages show the office's ledger again
    dialog = _settings(qtbot, new)
    dialog.local_choice.setChecked(True)
    dialog.file_edit.setText(str(tmp_path / "office.db"))
    dialog.use_button.click()
    QApplication.processEvents()
    back = new.successor
    assert back is not None
    qtbot.addWidget(back)
    assert back.ledger.path == tmp_path / "office.db" and "长寿路街道" in back.unit_label.text()
    assert location.chosen() == str(tmp_path / "office.db")
    back.close()


def test_a_switch_to_an_empty_ledger_given_up_keeps_the_window(qtbot, tmp_path, chinese, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.first_run import FirstRunDialog
    from app.ui.window import MainWindow

    office = make_ledger(tmp_path / "office.db", "长寿路街道")
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    asked = []
    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: asked.append(self) or FirstRunDialog.DialogCode.Rejected)
    dialog = _settings(qtbot, window)
    dialog.file_edit.setText(str(tmp_path / "新台账.db"))
    dialog.use_button.click()
    QApplication.processEvents()
    assert asked  # a new ledger asks whose it is first
    assert window.successor is None and window.isVisible()
    assert "未切换" in window.statusBar().currentMessage()
    assert location.chosen() is None  # the choice made before stands
    with office.session() as s:  # the ledger in use still works
        assert office.own_unit(s).name == "长寿路街道"
    office.close()


def test_switching_while_another_program_writes_keeps_the_typing_and_the_ledger(qtbot, tmp_path, chinese) -> None:
    """设置 → 台账位置 while an import held the ledger: the switch kept what was typed as a draft with
    the ledger's 60 s wait, then crashed (database is locked), and the edit not saved yet was dropped.
    Now the window stays on its ledger and says why; the choice made before stands, and the edit is
    saved once the other program is done. Once saved, the switch is made."""
    from PySide6.QtWidgets import QApplication

    from app.ui.window import MainWindow
    from app.vocabulary.kinds import PATENT_LISTING
    from tests.conftest import add_record
    from tests.ui.helpers import another_program_writing, typed_not_saved
    from tests.ui.test_entry import LISTING, open_page

    office = make_ledger(tmp_path / "office.db", "长寿路街道")
    other = make_ledger(tmp_path / "other.db", "区知识产权局")
    other.close()
    record = add_record(office, PATENT_LISTING, **LISTING)
    window = MainWindow(office)
    window.owns_ledger = True
    qtbot.addWidget(window)
    window.show()
    page = open_page(window, PATENT_LISTING)
    page.table.selectRow(0)
    title = page.form.inputs["title"].editor

    def switch() -> None:
        dialog = _settings(qtbot, window)
        dialog.local_choice.setChecked(True)
        dialog.file_edit.setText(str(tmp_path / "other.db"))
        dialog.use_button.click()
        QApplication.processEvents()

    with another_program_writing(office.path):
        typed_not_saved(qtbot, page, "title", "（改）")
        switch()
        assert window.successor is None and window.isVisible()
        assert "未切换" in window.statusBar().currentMessage()
        assert "另一个程序正在写入台账" in window.statusBar().currentMessage()
        assert location.chosen() is None  # the choice made before stands
        assert page.editing_id == record and title.text() == "一种检测装置（改）"

    def saved() -> bool:
        with office.session() as s:
            return s.get(PATENT_LISTING.model, record).title == "一种检测装置（改）"

    qtbot.waitUntil(saved, timeout=30_000)
    switch()  # again, now that the import is done
    new = window.successor
    assert new is not None
    qtbot.addWidget(new)
    assert "区知识产权局" in new.unit_label.text()
    new.close()


def test_switching_while_another_program_writes_keeps_a_new_record_typed(qtbot, tmp_path, chinese) -> None:
    """A new record typed but not saved is kept as a draft as the window switches; while an import held
    the ledger that draft could not be written: 60 s, then a crash. Now the window stays, the record
    typed still in its form."""
    from PySide6.QtWidgets import QApplication

    from app.ui.window import MainWindow
    from app.vocabulary.kinds import PATENT_LISTING
    from tests.ui.helpers import another_program_writing, type_text
    from tests.ui.test_entry import open_page

    office = make_ledger(tmp_path / "office.db", "长寿路街道")
    make_ledger(tmp_path / "other.db", "区知识产权局").close()
    window = MainWindow(office)
    window.owns_ledger = True
    qtbot.addWidget(window)
    window.show()
    page = open_page(window, PATENT_LISTING)
    title = page.form.inputs["title"].editor
    title.setFocus()
    type_text(qtbot, title, "一种新装置")
    with another_program_writing(office.path):
        dialog = _settings(qtbot, window)
        dialog.local_choice.setChecked(True)
        dialog.file_edit.setText(str(tmp_path / "other.db"))
        dialog.use_button.click()
        QApplication.processEvents()
        assert window.successor is None and window.isVisible()
        assert "未切换" in window.statusBar().currentMessage()
        assert title.text() == "一种新装置"
    window.close()
    from app.entry import drafts
    from app.store.ledger import Ledger

    with Ledger(tmp_path / "office.db") as again, again.session() as s:
        assert drafts.load_draft(s, PATENT_LISTING.key).values["title"] == "一种新装置"
