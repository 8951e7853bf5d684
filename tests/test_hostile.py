"""Damaged and hostile workbooks seen in the field: each is refused with a Chinese message naming
the file (and the cell where one is at fault), never a traceback, and the ledger stays as it was."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cli.main import main
from app.outgoing.submission import export_submission, write_template
from app.vocabulary.kinds import BRAND_STATION, PATENT_LISTING, PLEDGE_FINANCING
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, add_record, make_ledger
from tests.workbooks import cell_ref, forge_digests, rebuild, replace_cell, set_meta, sheet_part

LISTINGS = PATENT_LISTING.sheet


@pytest.fixture
def bureau_db(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.db"
    make_ledger(path, "区知识产权局").close()
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A real submission: a listing (row 2 of its sheet, price in column J, 版本 in P), a pledge and a station."""
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    add_listing(unit, price=12.5, holder_credit_code="91310107MA1G8XQ57T", tech_field="检测技术")
    add_record(
        unit,
        PLEDGE_FINANCING,
        company="上海华信科技有限公司",
        credit_code="91310107MA1G8XQ57T",
        pledgee="上海银行普陀支行",
        collateral_type="专利",
        amount=300.0,
        registered_on=date(2025, 2, 10),
    )
    station = {"name": "长寿路商标品牌指导站", "host_org": "某园区", "street": "长寿路街道", "status": "已揭牌"}
    add_record(unit, BRAND_STATION, **station)
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "export.xlsx").path
    unit.close()
    return path


def put(path: Path, dst: Path, header: str, inner: str, attrs: str = "") -> Path:
    """dst: path with row 2's cell under `header` in the listings sheet replaced (inner XML given)."""
    ref = cell_ref(path, LISTINGS, header)
    return replace_cell(path, dst, LISTINGS, ref, f'<c r="{ref}"{attrs}>{inner}</c>')


def text(value: str) -> tuple[str, str]:
    return f"<is><t>{value}</t></is>", ' t="inlineStr"'


def import_refused(db: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import `path`; it must be refused (exit 1) with messages naming it, the ledger unchanged."""
    before = db.read_bytes()
    code = main(["--db", str(db), "import", str(path)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    assert code == 1, text
    assert db.read_bytes() == before
    errors = [line for line in text.splitlines() if line.strip().startswith("错误：")]
    assert errors and all(path.name in e for e in errors if "未导入" not in e), text
    return "\n".join(errors)


def test_the_export_itself_imports(bureau_db, export, capsys) -> None:
    assert main(["--db", str(bureau_db), "import", str(export)]) == 0, capsys.readouterr()


def test_bit_flips_in_compressed_data_are_refused(bureau_db, export, tmp_path, capsys) -> None:
    with zipfile.ZipFile(export) as zf:
        info = zf.getinfo(sheet_part(export, LISTINGS))
    data = bytearray(export.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k, offset in enumerate((start + 5, start + info.compress_size // 2, start + info.compress_size - 3)):
        flipped = bytearray(data)
        flipped[offset] ^= 0x10
        path = tmp_path / f"flipped{k}.xlsx"
        path.write_bytes(bytes(flipped))
        assert "损坏" in import_refused(bureau_db, path, capsys)


def test_shared_string_index_out_of_range(bureau_db, export, tmp_path, capsys) -> None:
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="1" uniqueCount="1"><si><t>x</t></si></sst>'
    )
    path = put(export, tmp_path / "sst.xlsx", "专利名称", "<v>999</v>", ' t="s"')
    path = rebuild(path, tmp_path / "sst2.xlsx", add={"xl/sharedStrings.xml": sst})
    errors = import_refused(bureau_db, path, capsys)
    assert "损坏" in errors and LISTINGS in errors


def test_missing_meta_part(bureau_db, export, tmp_path, capsys) -> None:
    path = rebuild(export, tmp_path / "no-meta.xlsx", {sheet_part(export, "_meta"): None})
    assert "_meta" in import_refused(bureau_db, path, capsys)


def test_dtd_after_the_first_4_kb(bureau_db, export, tmp_path, capsys) -> None:
    def dtd(data: bytes) -> bytes:
        head, rest = data.split(b"?>", 1)
        return head + b"?><!--" + b" " * 5000 + b'--><!DOCTYPE w [<!ENTITY a "aaaa">]>' + rest

    path = rebuild(export, tmp_path / "dtd.xlsx", {sheet_part(export, LISTINGS): dtd})
    assert "DTD" in import_refused(bureau_db, path, capsys)


@pytest.mark.parametrize("marks", [3, 64, 65, 500])
def test_dtd_after_exclamation_marks_is_refused(bureau_db, export, tmp_path, capsys, marks) -> None:
    """The scan looks for a DTD where a "!" is: a part holding many of them before it is still refused."""

    def dtd(data: bytes) -> bytes:
        head, rest = data.split(b"?>", 1)
        return head + b"?>" + b"<!-- ! -->" * marks + b'<!DOCTYPE w [<!ENTITY a "aaaa">]>' + rest

    path = rebuild(export, tmp_path / "dtd.xlsx", {sheet_part(export, LISTINGS): dtd})
    assert "DTD" in import_refused(bureau_db, path, capsys)


@given(st.lists(st.sampled_from([b"!", b"<", b"<!", b":", b"f", b" ", b">", b"DOCTYPE", b"entity"]), max_size=200))
def test_the_quick_search_for_rare_bytes_finds_what_the_pattern_finds(parts: list[bytes]) -> None:
    from app.exchange import safety

    data = b"".join(parts)
    assert safety._found(safety._DTD, data, b"!", 1) == bool(safety._DTD.search(data))
    assert safety._found(safety._PREFIXED_FORMULA, data, b":", 0) == bool(safety._PREFIXED_FORMULA.search(data))


def test_formula_cell_without_a_reference_is_named(bureau_db, export, tmp_path, capsys) -> None:
    # Column B of row 2 (专利名称), a formula with no stored value and no r attribute.
    ref = cell_ref(export, LISTINGS, "专利名称")
    path = replace_cell(export, tmp_path / "formula.xlsx", LISTINGS, ref, "<c><f>A2&amp;A2</f></c>")
    errors = import_refused(bureau_db, path, capsys)
    assert "第 2 行" in errors and "专利名称" in errors and "公式" in errors


@pytest.mark.parametrize("value", ["inf", "1e20", "-1", "NaN", "x"])
def test_meta_version_that_no_export_writes(bureau_db, export, tmp_path, capsys, value) -> None:
    path = set_meta(export, tmp_path / f"version-{value}.xlsx", "version", value)
    assert "_meta" in import_refused(bureau_db, path, capsys)


@pytest.mark.parametrize("value", ["inf", "1e20", "0", "-3", "1.5"])
def test_revision_cell_that_no_export_writes(bureau_db, export, tmp_path, capsys, value) -> None:
    path = put(export, tmp_path / f"revision-{value}.xlsx", "版本", f"<v>{value}</v>")
    errors = import_refused(bureau_db, path, capsys)
    assert "第 2 行" in errors and "版本" in errors


@pytest.mark.parametrize("value", ["2025Q5", "2025-13", "公元2025", "99999"])
def test_meta_period_that_does_not_exist(bureau_db, export, tmp_path, capsys, value) -> None:
    path = set_meta(export, tmp_path / "period.xlsx", "period", value)
    assert "报告期" in import_refused(bureau_db, path, capsys)


@pytest.mark.parametrize("key,value", [("kind", "superuser"), ("exported_at", "yesterday"), ("submission_id", "1")])
def test_meta_entries_that_no_export_writes(bureau_db, export, tmp_path, capsys, key, value) -> None:
    path = set_meta(export, tmp_path / f"{key}.xlsx", key, value)
    assert "_meta" in import_refused(bureau_db, path, capsys)


def test_one_cell_at_xfd1048576_is_refused_without_reading_the_sheet(bureau_db, export, tmp_path, capsys) -> None:
    def far(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')

    path = rebuild(export, tmp_path / "far.xlsx", {sheet_part(export, LISTINGS): far})
    assert path.stat().st_size < 50_000
    assert "XFD1048576" in import_refused(bureau_db, path, capsys)


def test_one_cell_far_down_is_refused(bureau_db, export, tmp_path, capsys) -> None:
    # A reader would lay out 1,048,576 rows × 16 columns (about 500 MB) for it.
    def far(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')

    path = rebuild(export, tmp_path / "far-down.xlsx", {sheet_part(export, LISTINGS): far})
    assert "1048576" in import_refused(bureau_db, path, capsys)


def test_one_cell_far_down_in_lower_case_is_refused(bureau_db, export, tmp_path, capsys) -> None:
    # Readers take a lower-case reference as its upper case: a 300,000-row grid, behind a small row number.
    def far(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", b'<row r="1999"><c r="b300000"><v>1</v></c></row></sheetData>')

    path = rebuild(export, tmp_path / "far-lower.xlsx", {sheet_part(export, LISTINGS): far})
    assert "的数据范围延伸到" in import_refused(bureau_db, path, capsys)  # refused by the scan, not read


def test_shared_string_table_larger_than_its_bytes(bureau_db, export, tmp_path, capsys) -> None:
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="1" uniqueCount="4000000000"><si><t>x</t></si></sst>'
    )
    path = rebuild(export, tmp_path / "sst-count.xlsx", add={"xl/sharedStrings.xml": sst})
    assert "共享字符串" in import_refused(bureau_db, path, capsys)


@pytest.mark.parametrize(
    "column,inner",
    [
        ("专利名称", text("长" * 40_000)),
        ("挂牌价格(万元)", ("<v>1.7e308</v>", "")),
        ("挂牌价格(万元)", ("<v>NaN</v>", "")),
        ("挂牌价格(万元)", ("<v>-inf</v>", "")),
        ("技术领域", ("<v>inf</v>", "")),
        ("技术领域", ("<v>NaN</v>", "")),
    ],
)
def test_values_a_spreadsheet_cannot_hold_are_refused_at_their_cell(
    bureau_db, export, tmp_path, capsys, column, inner
) -> None:
    path = put(export, tmp_path / "unholdable.xlsx", column, *inner)
    errors = import_refused(bureau_db, path, capsys)
    assert "第 2 行" in errors and column in errors


@pytest.mark.parametrize(
    "column,inner",
    [
        ("挂牌价格(万元)", ("<v>-5</v>", "")),
        ("专利号", text("NOT-A-PATENT")),
        ("交易方式", text("=cmd|' /C calc'!A0")),
    ],
)
def test_forged_row_digests_never_let_an_invalid_value_in(bureau_db, export, tmp_path, capsys, column, inner) -> None:
    edited = put(export, tmp_path / "edited.xlsx", column, *inner)
    path = forge_digests(edited, tmp_path / "forged.xlsx")
    errors = import_refused(bureau_db, path, capsys)
    assert "第 2 行" in errors and column in errors


@pytest.mark.parametrize(
    "sheet,row",
    [
        (
            BRAND_STATION.sheet,
            {"站点名称": "曹杨指导站", "依托单位": "某园区", "所属街道镇": "长寿路街道", "站点状态": "已揭牌"},
        ),
        (
            LISTINGS,
            {
                "专利号": "202310123456.6",
                "专利名称": "一种检测装置",
                "专利权人": "华东师范大学",
                "交易方式": "转让",
                "挂牌日期": "2025-01-05",
                "挂牌状态": "在架",
            },
        ),
    ],
)
@pytest.mark.parametrize("role", ["office", "bureau"])
def test_same_item_twice_in_a_hand_filled_template(tmp_path, capsys, sheet, row, role) -> None:
    db = tmp_path / "ledger.db"
    make_ledger(db, "长寿路街道" if role == "office" else "区知识产权局").close()
    path = write_template(tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = [str(c.value or "").rstrip("*") for c in ws[1]]
    for note in ("甲", "乙"):  # the second row differs in a field that is not part of the key
        values = {**row, "地址": note, "技术领域": note, "填报单位": "长寿路街道"}
        ws.append([values.get(h) for h in headers])
    wb.save(path)
    errors = import_refused(db, path, capsys)
    assert "第 2 行" in errors and "第 3 行" in errors


@pytest.mark.parametrize("word", [b"<c ", b"sst ", b"<sst ", b"<row ", b"<!-- "])
def test_one_word_repeated_through_a_sheet_ends_without_hanging(bureau_db, export, tmp_path, capsys, word) -> None:
    """Patterns that scan ahead from every occurrence would take quadratic time here (a hang).
    Stray text between cells is ignored by spreadsheet readers; broken tags make a damaged file."""
    blob = word * (1_000_000 // len(word))

    def stuffed(data: bytes) -> bytes:
        return data.replace(b"<sheetData>", b"<sheetData>" + blob)

    path = rebuild(export, tmp_path / "stuffed.xlsx", {sheet_part(export, LISTINGS): stuffed})
    code = main(["--db", str(bureau_db), "import", "--dry-run", str(path)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert code == 0 or (code == 1 and "stuffed.xlsx" in out.out and "损坏" in out.out), out.out + out.err


def test_the_quick_bound_of_a_sheet_holds_every_cell() -> None:
    """The scan bounds a sheet's extent from its last row's first two digits without looking at
    each cell: a plain 100,001-row sheet stays within the allowance (no cell-by-cell pass, which
    took 9 s), and a cell placed beyond the bound under a smaller row tag still widens it."""
    from app.exchange.safety import GRID_ALLOWANCE, GRID_PER_CELL, _SheetScan

    def scan(*chunks: bytes) -> tuple[int, int] | None:
        s = _SheetScan()
        for i, chunk in enumerate(chunks):
            s.feed(chunk, i == 0)
        return s.quick_grid()

    def rows(first: int, last: int) -> bytes:
        return b"".join(
            b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in (b"A", b"B", b"Q")) + b"</row>"
            for r in range(first, last + 1)
        )

    rows_bound, columns = scan(b"<worksheet><sheetData>", rows(1, 50_000), rows(50_001, 100_001))
    assert (rows_bound, columns) == (109_999, 26)
    assert rows_bound * columns <= GRID_ALLOWANCE + GRID_PER_CELL * 3 * 100_001
    hidden = b'<row r="7"><c r="A7"><v>1</v></c><c r="A119999"><v>1</v></c></row>'
    assert scan(b"<worksheet><sheetData>", hidden, rows(100_000, 100_001))[0] >= 119_999
    assert scan(b"<worksheet><sheetData>", rows(99_998, 100_001), hidden)[0] >= 119_999
    assert scan(b'<worksheet><sheetData><row r="3"><c r="AB3"><v>1</v></c></row>')[1] == 28


@pytest.mark.parametrize(
    ("header", "inner", "attrs", "said"),
    [
        ("挂牌价格(万元)", "<v>2</v>", ' t="b"', "逻辑值单元格只能是 TRUE 或 FALSE，现为“2”"),
        ("挂牌价格(万元)", "<v>#BOOM!</v>", ' t="e"', "错误值单元格的内容“#BOOM!”无法识别"),
        ("专利名称", "<v>1</v>", ' t="zz"', "单元格类型“zz”无法识别"),
    ],
)
def test_a_cell_no_reader_can_take_is_named_in_chinese(
    bureau_db, export, tmp_path, capsys, header, inner, attrs, said
) -> None:  # noqa: ANN001
    """A boolean cell holding 2 (from the fuzz corpus) was refused with the library's English message
    (CalamineError: Unrecognized boolean cell value) and no row (issue 23 item 19)."""
    path = put(export, tmp_path / "typed.xlsx", header, inner, attrs)
    errors = import_refused(bureau_db, path, capsys)
    ref = cell_ref(export, LISTINGS, header)
    assert f"工作表“{LISTINGS}”，第 2 行，“{ref[:-1]}”列：{said}" in errors, errors
    assert not re.search(r"Calamine|Error|Unrecognized|cell value", errors), errors  # no library English


def test_a_superscript_digit_in_a_shared_string_index_or_a_row_number_is_named(
    bureau_db, export, tmp_path, capsys
) -> None:  # noqa: ANN001
    """² passes str.isdigit() (and int() refuses it): a shared-string index or a row number written
    with it was called 共享字符串表与单元格不符 / 文件内容不符合 Excel 工作簿格式 for the whole sheet or
    workbook, naming no row or cell (from an independent review)."""
    ref = cell_ref(export, LISTINGS, "专利名称")
    index = put(export, tmp_path / "index.xlsx", "专利名称", "<v>²</v>", ' t="s"')
    errors = import_refused(bureau_db, index, capsys)
    assert f"工作表“{LISTINGS}”，第 2 行，“{ref[:-1]}”列：共享字符串编号“²”无效" in errors, errors

    part = sheet_part(export, LISTINGS)
    row = rebuild(export, tmp_path / "row.xlsx", {part: lambda d: d.replace(b'<row r="2"', '<row r="²"'.encode(), 1)})
    said = f"工作表“{LISTINGS}”，第 2 行：行号“²”无效，工作表无法读取；请在 Excel/WPS 中打开后另存再导入"
    assert said in import_refused(bureau_db, row, capsys)
    # the same row in a sheet with a formula cell: the formulas' own look through the sheet stumbled first
    cell = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)')

    def with_formula(data: bytes) -> bytes:
        data = data.replace(b'<row r="2"', '<row r="²"'.encode(), 1)
        return cell.sub(lambda _m: b'<c r="%s"><f>1+1</f><v>2</v></c>' % ref.encode(), data, count=1)

    formula = rebuild(export, tmp_path / "formula.xlsx", {part: with_formula})
    assert said in import_refused(bureau_db, formula, capsys)
