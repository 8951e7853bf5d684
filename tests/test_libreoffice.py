"""A submission re-saved by real LibreOffice Calc imports with no loss of any field."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from app import demo
from app.merge import EDITED, NEW, UNCHANGED, apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import KINDS, PLEDGE_FINANCING
from app.vocabulary.periods import parse_period
from tests.conftest import make_ledger

Q1 = parse_period("2025Q1")


def resave_with_libreoffice(path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice Calc is needed (scripts/setup.sh test installs it)"
    out_dir.mkdir()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = out_dir / path.name
    assert resaved.exists() and resaved.read_bytes() != path.read_bytes()
    return resaved


def ledger_content(ledger) -> dict[str, list[tuple]]:
    with ledger.session() as s:
        out = {}
        for kind in KINDS:
            cols = [getattr(kind.model, f.key) for f in kind.input_fields]
            q = select(kind.model.id, kind.model.revision, kind.model.unit_id, *cols).order_by(kind.model.id)
            out[kind.sheet] = [tuple(r) for r in s.execute(q)]
        return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("lo")
    unit = make_ledger(tmp / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=3)
    direct = export_submission(unit, parse_period("2025"), tmp / "direct.xlsx").path
    unit.close()
    return direct, resave_with_libreoffice(direct, tmp / "resaved")


def test_libreoffice_changes_the_file_but_not_the_data(files) -> None:
    direct, resaved = files
    meta = {m.name: str(m.visible).split(".")[-1] for m in CalamineWorkbook.from_path(str(resaved)).sheets_metadata}
    assert meta["_meta"] in ("Hidden", "VeryHidden")  # LibreOffice turns veryHidden into hidden


def test_resaved_file_imports_identically(files, tmp_path: Path) -> None:
    direct, resaved = files
    a = make_ledger(tmp_path / "a.db", "区知识产权局")
    b = make_ledger(tmp_path / "b.db", "区知识产权局")
    plan_a, plan_b = plan_import(a, [direct]), plan_import(b, [resaved])
    assert plan_a.errors == [] and plan_b.errors == [], [str(e) for e in plan_b.errors]
    assert plan_a.counts() == plan_b.counts()
    assert {r.action for f in plan_b.files for r in f.rows} == {NEW}
    apply_plan(a, plan_a)
    apply_plan(b, plan_b)
    content = ledger_content(a)
    assert sum(len(rows) for rows in content.values()) > 150
    assert all(content[k.sheet] for k in KINDS)
    assert ledger_content(b) == content


def test_resaved_file_after_the_original_is_all_unchanged(files, tmp_path: Path) -> None:
    direct, resaved = files
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    apply_plan(bureau, plan_import(bureau, [direct]))
    plan = plan_import(bureau, [resaved])
    actions = {r.action for f in plan.files for r in f.rows}
    assert actions == {UNCHANGED}, "a re-save is not an edit"
    assert EDITED not in actions


DELETE_ROW_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub DeleteRow
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ(&quot;LO_TARGET&quot;)), &quot;_blank&quot;, 0, args())
  doc.Sheets.getByName(Environ(&quot;LO_SHEET&quot;)).Rows.removeByIndex(CInt(Environ(&quot;LO_ROW&quot;)) - 1, 1)
  doc.store()
  doc.close(True)
End Sub
</script:module>
"""


def delete_row_with_libreoffice(path: Path, sheet: str, row: int, out_dir: Path) -> Path:
    """A copy of the workbook with one row deleted in real LibreOffice Calc and saved as .xlsx, as a
    clerk does it (Basic through the headless office: Rows.removeByIndex, then Save)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice Calc is needed (scripts/setup.sh test installs it)"
    resaved = resave_with_libreoffice(path, out_dir)  # also makes the profile the macro goes into
    (out_dir / "profile" / "user" / "basic" / "Standard" / "Module1.xba").write_text(DELETE_ROW_MACRO, "utf-8")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
            "--headless",
            "vnd.sun.star.script:Standard.Module1.DeleteRow?language=Basic&location=application",
        ],
        env={**os.environ, "LO_TARGET": str(resaved), "LO_SHEET": sheet, "LO_ROW": str(row)},
        check=True,
        capture_output=True,
        timeout=180,
    )
    return resaved


def test_a_row_deleted_in_libreoffice_still_imports(files, tmp_path: Path) -> None:
    """Deleting a row in LibreOffice makes it write an empty row 1,048,576 (the sheet's columns are
    formatted): the import refused the whole file as 疑似损坏或恶意文件 (issue 23 item 4). The work is
    bounded by the cells present, and the deleted row is reported as missing, not deleted."""
    direct, _resaved = files
    sheet = PLEDGE_FINANCING.sheet
    before = len(CalamineWorkbook.from_path(str(direct)).get_sheet_by_name(sheet).to_python())
    edited = delete_row_with_libreoffice(direct, sheet, 3, tmp_path / "deleted")
    with zipfile.ZipFile(edited) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b'<row r="1048576"' in xml  # what LibreOffice writes; the test is about this file
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    apply_plan(bureau, plan_import(bureau, [direct]))
    plan = plan_import(bureau, [edited])
    assert plan.errors == [], [str(e) for e in plan.errors]
    [f] = plan.files
    assert [k.sheet for k, _rid in f.missing] == [sheet]
    assert sum(r.kind.sheet == sheet for r in f.rows) == before - 2  # the header and the deleted row


def test_windows_line_ends_survive_a_libreoffice_resave_of_a_signed_file(tmp_path: Path) -> None:
    """A text with Windows line ends in the unit's ledger (pasted into its filled template, typed in
    Excel with Alt+Enter) goes out as _x000D_; LibreOffice re-saving the signed file, untouched, drops
    the \\r before a \\n. The bureau took the row for one edited after signing; a row whose texts
    with \\r\\n line ends match its digest is taken as exported now, and values compare line ends
    loosely. The ledgers keep the texts as they came."""
    import openpyxl

    from app.cli.main import main
    from app.vocabulary.kinds import TASK_PROGRESS
    from tests.conftest import add_record

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=2, status="推进中", progress="在台账里\r\n存下的")
    unit.close()
    template = tmp_path / "模板.xlsx"
    assert main(["--db", str(tmp_path / "unit.db"), "template", "-o", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb[TASK_PROGRESS.sheet]
    headers = [c.value for c in ws[1]]
    filled = {"报告期": "2025Q1", "任务编号": 1, "推进状态": "推进中", "进展情况": "第一行\r\n第二行\r\n第三行"}
    for label, value in filled.items():
        ws.cell(2, headers.index(label) + 1, value)
    wb.save(template)
    assert main(["--db", str(tmp_path / "unit.db"), "import", str(template)]) == 0
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    held = {"第一行\r\n第二行\r\n第三行", "在台账里\r\n存下的"}
    with unit.session() as s:
        assert set(s.scalars(select(TASK_PROGRESS.model.progress))) == held

    assert "第一行\n第二行\n第三行" in resaved_signed_file_is_as_exported(unit, bureau, tmp_path)  # the \r is gone
    unit.close()
    bureau.close()


def resaved_signed_file_is_as_exported(unit, bureau, tmp_path: Path) -> set[str]:  # noqa: ANN001 - ledgers
    """The unit's signed file re-saved by LibreOffice: the bureau takes it as exported (a valid
    signature, no row edited after signing), and then the file as the unit's app wrote it and its
    next file as unchanged. The 进展情况 texts of the re-saved file."""
    from app.vocabulary.kinds import TASK_PROGRESS

    sent = export_submission(unit, Q1, tmp_path / "q1.xlsx").path
    resaved = resave_with_libreoffice(sent, tmp_path / "lo")
    sheet = CalamineWorkbook.from_path(str(resaved)).get_sheet_by_name(TASK_PROGRESS.sheet).to_python()
    plan = plan_import(bureau, [resaved])
    [f] = plan.files
    assert not f.errors and f.signature == "valid"
    assert f.uncovered_rows == 0 and [r for r in f.rows if r.outside] == []
    apply_plan(bureau, plan)
    for again in (sent, export_submission(unit, Q1, tmp_path / "q1-next.xlsx").path):
        plan = plan_import(bureau, [again])
        [f] = plan.files
        assert f.uncovered_rows == 0 and {r.action for r in f.rows} == {UNCHANGED}
    column = sheet[0].index("进展情况")
    return {row[column] for row in sheet[1:]}


def test_an_upgraded_bureau_takes_resaved_windows_line_ends_as_unchanged(tmp_path: Path, monkeypatch) -> None:
    """A bureau upgraded with a \\r\\n text an older version stored (and that version's digest of the
    row) takes the unit's next file, and a LibreOffice re-save of it, as unchanged: no 表外修改, no
    comment to the unit, and the earlier imports can still be undone. A file the older version wrote
    (digests of the texts as they stood) is still as exported."""
    import hashlib

    import openpyxl

    from app.exchange.layout import _raw_text
    from app.merge import undo_import
    from app.outgoing import rows
    from app.vocabulary.kinds import TASK_PROGRESS
    from db.models import Comment, ImportLog
    from tests.conftest import add_record

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    text = "第一行\r\n第二行"
    rid = add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=2, status="推进中", progress=text)

    def older_digest(cells) -> str:  # the older version's: the cells as they stood, \r\n and all
        text = "\x1f".join(c if type(c) is str else _raw_text(c) for c in cells)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

    with monkeypatch.context() as older_version:
        older_version.setattr(rows, "cells_digest", older_digest)
        old_file = export_submission(unit, Q1, tmp_path / "old.xlsx").path
    # the digests written are those older versions write (a bureau not yet upgraded reads them: a
    # version that wrote \\r\\n as \\n into them had such a bureau flag the row as edited after signing)
    same = export_submission(unit, Q1, tmp_path / "same.xlsx").path
    written = [
        [r for r in openpyxl.load_workbook(p)["_meta"].iter_rows(values_only=True) if r[0] == "digests"]
        for p in (old_file, same)
    ]
    assert written[0] == written[1] and rid in str(written[0])
    plan = plan_import(bureau, [old_file])
    [f] = plan.files
    assert f.uncovered_rows == 0 and [r.action for r in f.rows] == [NEW] and not f.rows[0].outside
    apply_plan(bureau, plan)

    sent = export_submission(unit, Q1, tmp_path / "q1.xlsx").path
    resaved = resave_with_libreoffice(sent, tmp_path / "lo")
    for path in (sent, resaved):
        plan = plan_import(bureau, [path])
        [f] = plan.files
        assert f.signature == "valid" and f.uncovered_rows == 0, path
        assert [(r.action, r.outside) for r in f.rows] == [(UNCHANGED, False)], path
        apply_plan(bureau, plan)
    with bureau.session() as s:
        assert s.scalar(select(TASK_PROGRESS.model.progress).where(TASK_PROGRESS.model.id == rid)) == text
        assert s.scalars(select(Comment)).all() == []
        logs = s.scalars(select(ImportLog.id).order_by(ImportLog.id.desc())).all()
    for import_id in logs:
        undo_import(bureau, import_id)
    with bureau.session() as s:
        assert s.get(TASK_PROGRESS.model, rid) is None
    unit.close()
    bureau.close()
