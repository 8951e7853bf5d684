"""Every kind of bad file gets one clear message naming it, and the ledger stays byte-identical."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.cli.main import main
from app.outgoing.submission import export_submission, write_template
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, make_ledger


@pytest.fixture
def bureau_db(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.db"
    make_ledger(path, "区知识产权局").close()
    return path


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    add_listing(unit)
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "good.xlsx").path
    unit.close()
    return path


def refused(bureau_db: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = bureau_db.read_bytes()
    code = main(["--db", str(bureau_db), "import", str(path)])
    out = capsys.readouterr()
    assert code == 1, out.out
    assert bureau_db.read_bytes() == before
    errors = [line for line in out.out.splitlines() if line.strip().startswith("错误：")]
    assert errors and path.name in errors[0]
    return "\n".join(errors)


def test_not_a_workbook(bureau_db, tmp_path, capsys) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    assert "不是 Excel 工作簿" in refused(bureau_db, path, capsys)


def test_corrupt_workbook(bureau_db, good_file, tmp_path, capsys) -> None:
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(good_file.read_bytes()[: good_file.stat().st_size // 2])
    assert "损坏" in refused(bureau_db, path, capsys) or "不是 Excel" in refused(bureau_db, path, capsys)


def test_password_protected_workbook(bureau_db, good_file, tmp_path, capsys) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp_path / "locked.xlsx"
    with good_file.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("mima123", dst)
    assert "密码" in refused(bureau_db, path, capsys)


def test_workbook_of_another_product(bureau_db, tmp_path, capsys) -> None:
    path = tmp_path / "工资表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "工资"])
    wb.save(path)
    assert "不是知识产权工作台账的报送文件或模板" in refused(bureau_db, path, capsys)


def test_newer_format_version(bureau_db, good_file, tmp_path, capsys) -> None:
    wb = openpyxl.load_workbook(good_file)
    meta = wb["_meta"]
    for row in meta.iter_rows():
        if row[0].value == "version":
            row[1].value = "99"
    path = tmp_path / "future.xlsx"
    wb.save(path)
    assert "更新版本" in refused(bureau_db, path, capsys)


def test_invalid_cells_are_named_precisely(bureau_db, tmp_path, capsys) -> None:
    path = write_template(tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["专利超市挂牌"]
    ws.append(
        [
            "202310123456.1",
            "一种装置",
            None,
            "华东师范大学",
            None,
            None,
            None,
            None,
            "转让",
            None,
            None,
            "2025-01-05",
            "在架",
            "长寿路街道",
        ]
    )
    ws.append(
        [
            "202310123456.6",
            "一种装置",
            None,
            "某公司",
            None,
            None,
            None,
            None,
            "出售",
            "一百",
            None,
            "2025-02-30",
            "在架",
            "长寿路街道",
        ]
    )
    wb.save(path)
    errors = refused(bureau_db, path, capsys)
    assert "工作表“专利超市挂牌”，第 2 行，“专利号”列：专利号“202310123456.1”校验位错误：按号码计算应为 6" in errors
    assert "第 3 行，“交易方式”列：“出售”不是可选值，应为：转让/普通许可/独占许可/排他许可/开放许可" in errors
    assert "第 3 行，“挂牌价格(万元)”列" in errors and "第 3 行，“挂牌日期”列：日期“2025-02-30”不存在" in errors


def test_formula_without_a_stored_value(bureau_db, tmp_path, capsys) -> None:
    path = write_template(tmp_path / "formula.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["指标"].append([1, None, "2025Q1", "=10+13", None, None, "区知识产权局"])
    wb.save(path)  # openpyxl stores the formula only; Excel would store its result too
    errors = refused(bureau_db, path, capsys)
    assert "工作表“指标”，第 2 行，“数值”列：该单元格是公式但没有保存计算结果" in errors


def test_zip_bomb(bureau_db, good_file, tmp_path, capsys) -> None:
    path = tmp_path / "bomb.xlsx"
    shutil.copy(good_file, path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/pad.xml", "w") as part:
        block = b"\0" * (1 << 20)
        for _ in range(64):
            part.write(block)
    assert "压缩炸弹" in refused(bureau_db, path, capsys)


def test_xml_entity_expansion(bureau_db, good_file, tmp_path, capsys) -> None:
    path = tmp_path / "lol.xlsx"
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    with zipfile.ZipFile(good_file) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            dst.writestr(item, data)
        dst.writestr("xl/sharedStrings.xml", lol)
    assert "DTD" in refused(bureau_db, path, capsys)


def test_one_bad_file_in_a_batch_writes_nothing(bureau_db, good_file, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    errors = refused(bureau_db, Path(f"{bad}"), capsys)
    assert "bad.xlsx" in errors
    before = bureau_db.read_bytes()
    assert main(["--db", str(bureau_db), "import", str(good_file), str(bad)]) == 1
    assert bureau_db.read_bytes() == before
