"""Evidence files (SPEC §15) on real files: attach, list and detach; the package a unit exports (in
parts under the mail limit); the bureau's import with every file intact, and undo."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.cli.main import main
from app.evidence import store
from app.evidence.types import DOCX, JPEG, OFD, PDF, PNG, XLSX, NotAccepted, check_file
from app.merge import apply_plan, plan_import, undo_import
from app.outgoing.submission import export_submission
from app.store import settings
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests import evidence_files as ef
from tests.conftest import add_listing, add_record, edit_record, make_ledger

Q1 = parse_period("2025Q1")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def unit(tmp_path: Path):
    ledger = make_ledger(tmp_path / "unit.db", "长寿路街道")
    yield ledger
    ledger.close()


@pytest.fixture
def bureau(tmp_path: Path):
    ledger = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    yield ledger
    ledger.close()


def task(ledger, number: int = 1, evidence: str | None = None) -> str:
    return add_record(
        ledger,
        TASK_PROGRESS,
        period="2025Q1",
        task_number=number,
        status="推进中",
        progress="推进中",
        evidence=evidence,
    )


def attach(ledger, record_id: str, name: str, data: bytes):
    with ledger.session() as s:
        return store.attach(s, record_id, name, data, own_unit_id=ledger.own_unit(s).id)


def test_type_is_told_by_content(qapp) -> None:
    assert check_file("a.pdf", ef.pdf()).media_type == PDF
    assert check_file("a.PNG", ef.png()).media_type == PNG
    assert check_file("a.jpg", ef.jpeg()).media_type == JPEG
    assert check_file("a.docx", ef.docx()).media_type == DOCX
    assert check_file("a.xlsx", ef.xlsx()).media_type == XLSX
    assert check_file("a.ofd", ef.ofd()).media_type == OFD
    with pytest.raises(NotAccepted, match="与扩展名 .pdf 不符"):
        check_file("a.pdf", ef.png())
    with pytest.raises(NotAccepted, match="程序或脚本"):
        check_file("setup.exe", b"MZ\x90\x00")
    with pytest.raises(NotAccepted, match="程序或脚本"):
        check_file("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100)  # a program renamed to .jpg
    with pytest.raises(NotAccepted, match="不是可接受的"):
        check_file("notes.txt", b"hello")
    with pytest.raises(NotAccepted, match="与扩展名 .docx 不符"):
        check_file("a.docx", ef.ofd())
    with pytest.raises(NotAccepted, match="不是Word 文档"):
        check_file("a.docx", ef.plain_zip())  # a zip without Word's parts


def test_attach_list_detach_and_undo_through_history(unit, tmp_path: Path) -> None:
    rid = task(unit)
    pdf = ef.pdf("协议")
    a = attach(unit, rid, "协议.pdf", pdf)
    assert (a.name, a.size, a.sha256, a.media_type) == ("协议.pdf", len(pdf), sha(pdf), PDF)
    attach(unit, rid, "协议副本.pdf", pdf)  # the same content is not attached twice
    other = add_listing(unit)
    attach(unit, other, "证书.pdf", pdf)  # ... but another record may carry it: stored once
    with unit.session() as s:
        assert [x.name for x in store.attached(s, rid)] == ["协议.pdf"]
        assert s.get(TASK_PROGRESS.model, rid).revision == 2  # attaching is a change that travels
        from db.models import EvidenceBlob

        assert s.query(EvidenceBlob).count() == 1
        gone = store.detach(s, rid, "协议.pdf", own_unit_id=unit.own_unit(s).id)
        assert store.attached(s, rid) == []
        store.restore(s, gone.link_id)  # what the window's undo does
        assert [x.name for x in store.attached(s, rid)] == ["协议.pdf"]
        with pytest.raises(store.EvidenceError, match="没有名为“无.pdf”"):
            store.detach(s, rid, "无.pdf")


def test_cli_attach_attachments_detach(unit, tmp_path: Path, capsys, qapp) -> None:
    rid = task(unit)
    db = str(unit.path)
    unit.close()
    photo = ef.write(tmp_path, "揭牌照片.png", ef.png(2400, 1000))
    doc = ef.write(tmp_path, "协议.docx", ef.docx())
    assert main(["--db", db, "attach", "--record", rid, str(photo), str(doc)]) == 0
    out = capsys.readouterr()
    assert "长边超过 2000" in out.err and "--shrink" in out.err  # offered, the original kept
    assert main(["--db", db, "attachments", "--record", rid, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {(x["name"], x["size"], x["sha256"]) for x in listed} == {
        ("揭牌照片.png", photo.stat().st_size, sha(photo.read_bytes())),
        ("协议.docx", doc.stat().st_size, sha(doc.read_bytes())),
    }
    assert main(["--db", db, "attach", "--record", rid, "--shrink", str(photo)]) == 0
    assert "已缩小" in capsys.readouterr().out
    assert main(["--db", db, "detach", "--record", rid, "协议.docx"]) == 0
    assert "已移除：协议.docx" in capsys.readouterr().out
    assert main(["--db", db, "attachments"]) == 0
    out = capsys.readouterr().out
    assert "协议.docx" not in out and "揭牌照片_缩小.png" in out
    bad = ef.write(tmp_path, "报告.pdf", ef.png())
    assert main(["--db", db, "attach", "--record", rid, str(bad)]) == 1
    assert "报告.pdf" in capsys.readouterr().err
    script = ef.write(tmp_path, "run.bat", b"@echo off\r\n")
    assert main(["--db", db, "attach", "--record", rid, str(script)]) == 1
    assert "run.bat" in capsys.readouterr().err


def test_size_limit_is_a_setting(unit) -> None:
    rid = task(unit)
    with unit.session() as s:
        settings.put(s, store.MAX_FILE_MB, 1)
    with pytest.raises(store.EvidenceError, match="大.pdf.*超过"):
        attach(unit, rid, "大.pdf", ef.pdf(padding=1_100_000))


def unit_with_evidence(unit, sizes: list[int]) -> tuple[dict[str, bytes], str, str]:
    """Two records with files of these sizes (PDFs), one a task report. Returns name → content."""
    rid = task(unit, evidence="见附件")
    lid = add_listing(unit)
    files = {}
    for i, size in enumerate(sizes):
        name = f"材料{i + 1}.pdf"
        files[name] = ef.pdf(name, padding=size)
        attach(unit, rid if i % 2 == 0 else lid, name, files[name])
    files["照片.jpg"] = ef.jpeg()
    attach(unit, rid, "照片.jpg", files["照片.jpg"])
    return files, rid, lid


def test_package_in_parts_imports_with_every_file_intact(unit, bureau, tmp_path: Path, qapp) -> None:
    files, rid, lid = unit_with_evidence(unit, [900_000, 700_000, 600_000, 300_000, 200_000])
    with unit.session() as s:
        settings.put(s, store.MAIL_LIMIT_MB, 1)
    out = tmp_path / "out"
    result = export_submission(unit, Q1, out / "台账.xlsx")
    names = [p.path.name for p in result.parts]
    assert len(names) >= 3 and names[0] == "台账_第1包.zip" and not (out / "台账.xlsx").exists()
    assert all(p.path.stat().st_size <= 1024 * 1024 for p in result.parts)
    assert result.evidence == len(files)
    with zipfile.ZipFile(result.parts[1].path) as zf:  # every part is a package: workbook and manifest
        manifest = json.loads(zf.read("manifest.json"))
        assert "台账.xlsx" in zf.namelist()
    assert manifest["parts"] == len(names) and manifest["part"] == 2
    assert {(f["name"], f["size"], f["sha256"], f["record_id"]) for f in manifest["files"]} == {
        (n, len(d), sha(d), rid if n in ("材料1.pdf", "材料3.pdf", "材料5.pdf", "照片.jpg") else lid)
        for n, d in files.items()
    }
    # missing part: named, nothing written
    partial = [p.path for p in result.parts if p.path.name != "台账_第2包.zip"]
    plan = plan_import(bureau, list(reversed(partial)))
    assert plan.refused and "缺少第 2 包（台账_第2包.zip）" in str(plan.errors[0])
    # every part, in any order
    plan = plan_import(bureau, [p.path for p in reversed(result.parts)])
    assert not plan.errors, plan.errors
    assert {x.entry.name for x in plan.files[0].evidence} == set(files)
    [import_id] = apply_plan(bureau, plan)
    with bureau.session() as s:
        got = {a.name: store.content(s, a.sha256) for a in store.attached(s)}
        assert got == files  # every file intact, byte for byte
        assert {a.name for a in store.attached(s, lid)} == {"材料2.pdf", "材料4.pdf"}
        row = s.get(TASK_PROGRESS.model, rid)
        assert "材料1.pdf" in row.evidence and row.evidence.startswith("见附件")  # the column names the files
    undo_import(bureau, import_id)
    with bureau.session() as s:
        assert store.attached(s) == []


def test_cli_export_prints_every_part_and_import_takes_them(unit, bureau, tmp_path: Path, capsys) -> None:
    unit_with_evidence(unit, [700_000, 700_000])
    with unit.session() as s:
        settings.put(s, store.MAIL_LIMIT_MB, 1)
    db, bdb = str(unit.path), str(bureau.path)
    unit.close()
    bureau.close()
    assert main(["--db", db, "export", "--period", "2025Q1", "-o", str(tmp_path / "报送.xlsx")]) == 0
    out, err = capsys.readouterr()
    paths = out.split()
    assert [Path(p).name for p in paths] == ["报送_第1包.zip", "报送_第2包.zip"]
    assert "分为 2 包" in err
    assert main(["--db", bdb, "import", *reversed(paths)]) == 0
    assert "佐证材料 3 个" in capsys.readouterr().out
    assert main(["--db", bdb, "attachments", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_the_program_leaves_no_scratch_folder_of_a_package_it_imported(unit, bureau, tmp_path: Path) -> None:
    """`ipledger import 报送.zip` unpacks the package's files into a scratch folder; the program ends
    without taking itself apart (app.cli.main.run) but still removes it, and what it says reaches a pipe."""
    unit_with_evidence(unit, [1000])
    package = export_submission(unit, Q1, tmp_path / "报送.xlsx").path
    assert package.suffix == ".zip"
    db = str(bureau.path)
    bureau.close()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch)}
    r = subprocess.run(
        [sys.executable, "-m", "app", "--db", db, "import", str(package)], capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "佐证材料 2 个" in r.stdout and "已导入（导入编号" in r.stdout, r.stdout
    assert list(scratch.iterdir()) == []


def test_without_evidence_the_workbook_as_before(unit, tmp_path: Path) -> None:
    task(unit)
    result = export_submission(unit, Q1, tmp_path / "台账.xlsx")
    assert result.path == tmp_path / "台账.xlsx" and result.parts == [] and result.path.is_file()


def test_workbook_with_files_beside_it(unit, bureau, tmp_path: Path) -> None:
    """A unit without the app names its files in the 佐证材料 column and sends them beside the workbook."""
    folder = tmp_path / "mail"
    path = filled_prefill(bureau, folder, "签约协议.pdf；揭牌照片.png；缺的.pdf")
    pdf, photo = ef.pdf("签约"), ef.png()
    ef.write(folder, "签约协议.pdf", pdf)
    ef.write(folder, "揭牌照片.png", photo)
    plan = plan_import(bureau, [path])
    assert not plan.errors, plan.errors
    assert any("缺的.pdf" in str(w) for w in plan.files[0].warnings)
    assert {x.entry.name for x in plan.files[0].evidence} == {"签约协议.pdf", "揭牌照片.png"}
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert {a.name: store.content(s, a.sha256) for a in store.attached(s)} == {
            "签约协议.pdf": pdf,
            "揭牌照片.png": photo,
        }


def test_bare_workbook_of_a_package_says_what_is_missing(unit, bureau, tmp_path: Path) -> None:
    unit_with_evidence(unit, [1000])
    result = export_submission(unit, Q1, tmp_path / "台账.xlsx")
    with zipfile.ZipFile(result.path) as zf:
        zf.extract("台账.xlsx", tmp_path / "bare")
    plan = plan_import(bureau, [tmp_path / "bare" / "台账.xlsx"])
    assert plan.refused and "材料1.pdf" in str(plan.errors[0]) and "未随附" in str(plan.errors[0])


def filled_prefill(bureau, folder: Path, cell: str) -> Path:
    import openpyxl

    from app.outgoing.prefill import write_prefill

    path = write_prefill(bureau, "长寿路街道", Q1, folder / "预填.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_PROGRESS.sheet]
    headers = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, headers.index("任务编号") + 1).value == 1)
    ws.cell(row, headers.index("推进状态") + 1, "推进中")
    ws.cell(row, headers.index("进展情况") + 1, "已签约")
    ws.cell(row, headers.index("佐证材料") + 1, cell)
    wb.save(path)
    return path


def test_a_zip_made_by_hand_with_the_filled_workbook(bureau, tmp_path: Path) -> None:
    """The pre-filled workbook's cover says how: a zip of the filled workbook and the files it names."""
    import openpyxl

    path = filled_prefill(bureau, tmp_path / "w", "签约协议.pdf")
    cover = "\n".join(str(c.value) for row in openpyxl.load_workbook(path)["说明"].iter_rows() for c in row if c.value)
    assert "zip" in cover and "佐证材料" in cover
    pdf = ef.pdf("签约")
    package = tmp_path / "长寿路街道.zip"
    with zipfile.ZipFile(package, "w") as zf:
        zf.write(path, "长寿路街道/预填.xlsx")
        zf.writestr("长寿路街道/签约协议.pdf", pdf)
    # first: a file the column does not name is refused, naming it
    with zipfile.ZipFile(tmp_path / "多.zip", "w") as zf:
        zf.write(path, "预填.xlsx")
        zf.writestr("签约协议.pdf", pdf)
        zf.writestr("别的.pdf", ef.pdf("别的"))
    plan = plan_import(bureau, [tmp_path / "多.zip"])
    assert plan.refused and "别的.pdf" in str(plan.errors[0])
    plan = plan_import(bureau, [package])  # the zip as it should be
    assert not plan.errors, plan.errors
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert [store.content(s, a.sha256) for a in store.attached(s)] == [pdf]


def test_a_package_held_for_an_accepted_period_keeps_its_files(unit, bureau, tmp_path: Path) -> None:
    """A package (in parts) that comes after the bureau accepted the period is held whole: imported
    once the period is re-opened, its files arrive intact."""
    from app.review import state as review

    files, _rid, _lid = unit_with_evidence(unit, [700_000, 700_000])
    task(unit, number=2)
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, Q1, tmp_path / "a" / "首次.xlsx").path]))
    review.accept(bureau, "长寿路街道", Q1)
    with unit.session() as s:
        settings.put(s, store.MAIL_LIMIT_MB, 1)
    later = export_submission(unit, Q1, tmp_path / "b" / "更正.xlsx")
    assert len(later.parts) == 2
    plan = plan_import(bureau, [p.path for p in later.parts])
    assert plan.files[0].held
    apply_plan(bureau, plan)
    [held] = review.reopen(bureau, "长寿路街道", Q1)
    assert held.file_name == "更正.zip"
    parts = review.held_paths(bureau, [held])
    assert [p.name for p in parts] == [p.path.name for p in later.parts]  # every part, as it came
    plan = plan_import(bureau, parts)
    assert not plan.errors and not plan.files[0].held, plan.errors
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert {a.name: store.content(s, a.sha256) for a in store.attached(s)} == files


def test_a_workbook_held_with_files_beside_it_keeps_the_files(unit, bureau, tmp_path: Path) -> None:
    """A filled workbook and the files it names beside it, arriving after the period was accepted:
    held whole; once re-opened, its files arrive with it, though the mail folder is long gone."""
    import shutil

    from app.review import state as review

    task(unit)
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, Q1, tmp_path / "a" / "首次.xlsx").path]))
    review.accept(bureau, "长寿路街道", Q1)
    folder = tmp_path / "mail"
    path = filled_prefill(bureau, folder, "签约协议.pdf；揭牌照片.png")
    pdf, photo = ef.pdf("签约"), ef.png()
    ef.write(folder, "签约协议.pdf", pdf)
    ef.write(folder, "揭牌照片.png", photo)
    plan = plan_import(bureau, [path])
    assert plan.files[0].held, plan.errors
    apply_plan(bureau, plan)
    shutil.rmtree(folder)
    [held] = review.reopen(bureau, "长寿路街道", Q1)
    inputs = review.held_paths(bureau, [held])
    assert sorted(p.name for p in inputs) == sorted(["预填.xlsx", "签约协议.pdf", "揭牌照片.png"])
    plan = plan_import(bureau, inputs[:1])  # the files lie beside the workbook again
    assert not plan.errors and not plan.files[0].held, plan.errors
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert {a.name: store.content(s, a.sha256) for a in store.attached(s)} == {
            "签约协议.pdf": pdf,
            "揭牌照片.png": photo,
        }


def test_evidence_the_bureau_attaches_to_a_units_record_is_in_its_history(unit, bureau, tmp_path: Path) -> None:
    """At the unit, attaching is a change with a 修改记录 entry; at the bureau, on the unit's record,
    it left none. It now does, and the record stays the unit's (same revision, not marked as changed)."""
    from app.merge.history import record_history

    rid = task(unit)
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, Q1, tmp_path / "u.xlsx").path]))
    attach(bureau, rid, "现场照片.png", ef.png())
    with bureau.session() as s:
        record = s.get(TASK_PROGRESS.model, rid)
        assert (record.revision, record.locally_modified) == (1, False)
        gone = store.detach(s, rid, "现场照片.png", own_unit_id=bureau.own_unit(s).id)
    shown = record_history(bureau, TASK_PROGRESS, rid)
    assert [h.action for h in shown[:2]] == ["移除佐证材料 “现场照片.png”", "添加佐证材料 “现场照片.png”"]
    assert shown[0].who == "区知识产权局" and shown[0].source == "本台账录入"
    assert gone.name == "现场照片.png"


def test_a_package_is_shown_by_the_name_the_officer_chose(unit, bureau, tmp_path: Path, capsys) -> None:
    """The package saved as 长寿路三季度.zip (its workbook inside is 台账.xlsx): the preview, the
    import's messages and 导入记录 say 长寿路三季度.zip — they said 台账.xlsx, a file the officer never saw."""
    from app.merge.imports import import_history

    unit_with_evidence(unit, [1000])
    package = export_submission(unit, Q1, tmp_path / "台账.xlsx").path
    chosen = package.rename(tmp_path / "长寿路三季度.zip")
    plan = plan_import(bureau, [chosen])
    assert [f.name for f in plan.files] == ["长寿路三季度.zip"]
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert [e.file_name for e in import_history(s)] == ["长寿路三季度.zip"]
    db = str(bureau.path)
    bureau.close()
    assert main(["--db", db, "import", str(chosen)]) == 0  # (imported already: said of the package)
    assert main(["--db", db, "imports"]) == 0
    out = capsys.readouterr().out
    assert "长寿路三季度.zip" in out and "台账.xlsx" not in out


def test_a_package_in_parts_is_shown_by_one_name(unit, bureau, tmp_path: Path) -> None:
    unit_with_evidence(unit, [700_000, 700_000])
    with unit.session() as s:
        settings.put(s, store.MAIL_LIMIT_MB, 1)
    result = export_submission(unit, Q1, tmp_path / "报送.xlsx")
    assert [p.path.name for p in result.parts] == ["报送_第1包.zip", "报送_第2包.zip"]
    plan = plan_import(bureau, [p.path for p in reversed(result.parts)])
    assert [f.name for f in plan.files] == ["报送.zip"]


def test_a_workbook_mailed_without_files_the_bureau_already_holds_imports(unit, bureau, tmp_path: Path) -> None:
    """Q1's package imported; the unit changes its task report and exports again, and the clerk mails
    only the workbook out of the new package. Its files (same names, same contents) came with Q1's
    package: nothing is lost, so it imports (it was refused as 未随附). A file attached since — one
    the bureau does not have — is still missing, and refuses it."""
    files, rid, _lid = unit_with_evidence(unit, [1000])
    first = export_submission(unit, Q1, tmp_path / "一" / "台账.xlsx").path
    apply_plan(bureau, plan_import(bureau, [first]))

    edit_record(unit, TASK_PROGRESS, rid, progress="已签约，待验收")
    again = export_submission(unit, Q1, tmp_path / "二" / "台账.xlsx").path
    with zipfile.ZipFile(again) as zf:
        zf.extract("台账.xlsx", tmp_path / "bare")
    plan = plan_import(bureau, [tmp_path / "bare" / "台账.xlsx"])
    assert not plan.refused, plan.errors
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert s.get(TASK_PROGRESS.model, rid).progress == "已签约，待验收"
        assert {a.name: store.content(s, a.sha256) for a in store.attached(s)} == files

    attach(unit, rid, "验收单.pdf", ef.pdf("验收"))
    third = export_submission(unit, Q1, tmp_path / "三" / "台账.xlsx").path
    with zipfile.ZipFile(third) as zf:
        zf.extract("台账.xlsx", tmp_path / "bare3")
    plan = plan_import(bureau, [tmp_path / "bare3" / "台账.xlsx"])
    assert plan.refused
    assert [e.message for e in plan.errors if "未随附" in e.message] == [
        "工作簿列出的佐证材料“验收单.pdf”未随附：请导入同名的 .zip 佐证材料包，或把该文件放在工作簿旁再导入"
    ]


def test_a_package_whose_task_report_the_bureau_holds_under_another_id_imports_its_files(
    unit, bureau, tmp_path: Path
) -> None:
    """长寿路街道 first sent Q1 in the bureau's pre-filled workbook, filled in Excel (the bureau made the
    task report's record); then the clerk typed the report in the program, attached the signed minutes
    and exported its package. The report is matched to the bureau's record by unit, period and task, and
    the whole package was refused: 佐证材料“会议纪要.pdf”所属的记录（记录ID …）不在本文件中 — the row is in
    the file. Its files now go with the record the row is merged into."""
    apply_plan(bureau, plan_import(bureau, [filled_prefill(bureau, tmp_path / "w", "")]))
    with bureau.session() as s:
        [held] = s.query(TASK_PROGRESS.model).filter_by(period="2025Q1", task_number=1).all()
        held_id = held.id
    rid = task(unit, 1)
    pdf = ef.pdf("纪要")
    attach(unit, rid, "会议纪要.pdf", pdf)
    package = export_submission(unit, Q1, tmp_path / "二" / "台账.xlsx").path

    plan = plan_import(bureau, [package])
    assert not plan.refused, plan.errors
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert s.get(TASK_PROGRESS.model, held_id).progress == "推进中"
        assert [(a.name, store.content(s, a.sha256)) for a in store.attached(s, held_id)] == [("会议纪要.pdf", pdf)]
