"""Where a file dialog begins (app.ui.folders.start_folder): the folder remembered in folders.json."""

from __future__ import annotations

import json
from pathlib import Path

from app.paths import folders_file
from app.ui import folders


def test_a_folder_on_a_network_is_offered_without_asking_the_network(tmp_path: Path) -> None:
    """The window asked whether the remembered folder exists, in the GUI thread: for \\\\server\\share
    with its server off, Windows froze the window 20–40 s. Such a folder is now offered as it is (the
    file dialog copes with one gone); a local folder that is gone still gives Documents."""
    folders.picked("export", ["//fileserver/知识产权/报送/长征镇_2025Q1.xlsx"])  # as Qt's file dialog answers
    assert folders.start_folder("export") == "//fileserver/知识产权/报送"
    gone = tmp_path / "桌面" / "报送"
    remembered = json.loads(folders_file().read_text(encoding="utf-8"))
    remembered.update(report=r"\\fileserver\知识产权\报告", import_=str(gone))
    folders_file().write_text(json.dumps(remembered, ensure_ascii=False), encoding="utf-8")
    assert folders.start_folder("report") == r"\\fileserver\知识产权\报告"
    assert folders.start_folder("import_") == str(folders.documents_folder())  # a local folder gone
    gone.mkdir(parents=True)
    assert folders.start_folder("import_") == str(gone)
