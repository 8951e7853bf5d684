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
    dialog.use_button.click()
    assert "下次启动" in dialog.location_status.text()
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
