"""The cells of a written workbook read back as they were written: whatever a clerk typed (text that
looks like a formula, XML, an escape or a control character, spaces at either end, a text longer
than a cell holds), numbers and dates, through the reader the import uses and after a re-save by
LibreOffice. And the rows our writer writes are the cells XlsxWriter wrote, byte for byte."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from app.exchange.layout import SUBMISSION, Meta
from app.exchange.printing import row_height
from app.exchange.row_xml import STRING_MAX, RowSpool
from app.exchange.writer import OPTIONS, write_workbook
from app.vocabulary.kinds import KINDS, PATENT_LISTING
from app.vocabulary.periods import parse_period
from tests.test_libreoffice import resave_with_libreoffice

TEXTS = [
    "=1+1",  # stays text: never a formula
    "+86 021-5762",
    "@所有人",
    "<r><t>粗体</t></r>",  # what XlsxWriter's constant-memory mode wrote as raw rich-text XML
    'a & b < c > d "e"',
    "_x0041_ stays as typed",
    "tab\there",
    "line one\nline two",
    "bell\x07 and form feed\x0c",
    " leading space",
    "trailing space ",
    "\u3000全角空格开头",
    "结尾全角空格\u3000",
    "emoji 🎉 and 汉字",
    "0021",  # a leading zero kept
    "x" * (STRING_MAX + 10),  # longer than a cell holds: cut at Excel's limit
]


def listing_row(i: int, title: str) -> list[object]:
    """A 专利超市挂牌 row: the title carries the text under test; a price, a date; the machine columns."""
    values = {f.key: None for f in PATENT_LISTING.fields}
    values.update(patent_no=f"2023{i:08d}.0", title=title, holder="华东师范大学", deal_mode="转让")
    values.update(price=12.5 + i, listed_on=date(2025, 3, i % 28 + 1), listing_status="在架")
    return [values[f.key] for f in PATENT_LISTING.fields] + ["长寿路街道", f"id-{i}", i + 1]


def expected_text(text: str) -> str:
    if len(text) > STRING_MAX:
        return text[:STRING_MAX]
    return text


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cells") / "cells.xlsx"
    meta = Meta(
        kind=SUBMISSION, unit="长寿路街道", period=parse_period("2025Q1"), exported_at=datetime.now().isoformat()
    )
    rows = [listing_row(i, text) for i, text in enumerate(TEXTS)]
    sheets = [(kind, rows if kind is PATENT_LISTING else []) for kind in KINDS]
    counts = write_workbook(path, meta, lambda _counts: [("说明",)], sheets)
    assert counts[PATENT_LISTING.sheet] == len(TEXTS)
    return path


def read_listing(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(PATENT_LISTING.sheet).to_python()


def check_cells(rows: list[list[object]]) -> None:
    labels = [f.label for f in PATENT_LISTING.fields]
    assert rows[0][: len(labels)] == labels
    title, price, listed = labels.index("专利名称"), labels.index("挂牌价格(万元)"), labels.index("挂牌日期")
    for i, text in enumerate(TEXTS):
        row = rows[i + 1]
        assert row[title] == expected_text(text), (i, text[:40])
        assert row[price] == 12.5 + i
        assert row[listed] == date(2025, 3, i % 28 + 1)


def test_cells_read_back_as_written(written: Path) -> None:
    check_cells(read_listing(written))


def test_cells_survive_a_libreoffice_resave(written: Path, tmp_path: Path) -> None:
    check_cells(read_listing(resave_with_libreoffice(written, tmp_path / "resaved")))


def sheet_rows_xml(path: Path, sheet_number: int) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read(f"xl/worksheets/sheet{sheet_number}.xml").decode()
    return re.findall(r"<row [^>]*?(?:/>|>.*?</row>)", xml, re.S)


def test_rows_are_the_cells_xlsxwriter_wrote(tmp_path: Path) -> None:
    """The same rows through XlsxWriter's constant-memory mode and through RowSpool: the same XML,
    except the one text XlsxWriter took for rich-text XML, which we escape."""
    rows = [listing_row(i, text) for i, text in enumerate(TEXTS)]
    rows += [[None] * 5, ["", "only blanks"], [True, 3, 2.5e-7, 10**15 + 0.5, datetime(2025, 1, 2, 12, 30)]]
    path = tmp_path / "xlsxwriter.xlsx"
    options = {k: v for k, v in OPTIONS.items() if k != "in_memory"}
    wb = xlsxwriter.Workbook(str(path), {**options, "constant_memory": True})
    ws = wb.add_worksheet()
    styles = [wb.add_format({"num_format": "@", "valign": "top"}) for _ in range(len(rows[0]))]
    wrapped = [(1, 28.0)]
    for r, row in enumerate(rows, start=1):
        height = row_height(row, wrapped)
        if height:
            ws.set_row(r, height)
        for j, value in enumerate(row):
            if value is not None:
                ws.write(r, j, value, styles[j])
    wb.close()
    ours = RowSpool(1, [s._get_xf_index() for s in styles], wrapped)  # noqa: SLF001 - as the writer does
    ours.write(rows)
    ours.file.seek(0)
    mine = re.findall(r"<row [^>]*?(?:/>|>.*?</row>)", ours.file.read().decode(), re.S)
    theirs = sheet_rows_xml(path, 1)
    assert len(mine) == len(theirs)
    rich = TEXTS.index("<r><t>粗体</t></r>")
    for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        if i == rich:
            assert "&lt;r&gt;&lt;t&gt;粗体&lt;/t&gt;&lt;/r&gt;" in a and "<is><r><t>粗体</t></r></is>" in b
        else:
            assert a == b, (i, a[:300], b[:300])
    ours.close()
