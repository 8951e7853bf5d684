"""A large sheet is streamed row by row (python-calamine-plus) instead of loaded whole: the rows,
values, digests and messages are those of the whole-sheet read, for our own export, the same
file re-saved by LibreOffice (shared strings, its own styles) and one edited in a spreadsheet
(cells merged down, an error value, a date typed in)."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import demo
from app.exchange import reader, safety
from app.outgoing.submission import export_submission
from app.vocabulary.periods import parse_period
from tests.conftest import make_ledger
from tests.test_libreoffice import resave_with_libreoffice
from tests.test_packed_plan import _read_rows


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("streamed")
    unit = make_ledger(tmp / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=9)
    path = export_submission(unit, parse_period("2025"), tmp / "year.xlsx").path
    unit.close()
    return path


def _streamed(path: Path) -> object:
    part = reader.sheet_parts(reader.ReadResult(path), ["专利超市挂牌"])["专利超市挂牌"]
    return reader._streamed(path, "专利超市挂牌", part, reader._Where())  # noqa: SLF001


def _chunks_of(path: Path) -> list[bytes]:
    part = reader.sheet_parts(reader.ReadResult(path), ["专利超市挂牌"])["专利超市挂牌"]
    with zipfile.ZipFile(path) as zf:
        return list(safety._chunks(zf, zf.getinfo(part)))  # noqa: SLF001


def _both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    def read() -> tuple[list, list[str]]:
        result = reader.read_workbook(path)
        rows = _read_rows(path)[0] if not result.errors else []
        return rows, [f"{i.warning} {i}" for i in result.issues]

    monkeypatch.setattr(reader, "STREAM_OVER", 10**12)
    whole = read()
    monkeypatch.setattr(reader, "STREAM_OVER", 0)
    streamed = read()
    return whole, streamed


def test_streamed_rows_are_the_rows_read_whole(exported: Path, tmp_path: Path, monkeypatch) -> None:
    for path in (exported, resave_with_libreoffice(exported, tmp_path / "lo")):
        whole, streamed = _both_ways(path, monkeypatch)
        assert len(whole[0]) > 200 and not whole[1]
        assert streamed == whole, path.name
        assert _streamed(path) is not None


def test_a_sheet_edited_in_a_spreadsheet_streams_as_it_loads(exported: Path, tmp_path: Path, monkeypatch) -> None:
    wb = load_workbook(exported)
    ws = wb["任务进展"]
    headers = [c.value for c in ws[1]]
    status = headers.index("推进状态") + 1
    ws.cell(row=3, column=status).value = ws.cell(row=2, column=status).value
    ws.cell(row=4, column=status).value = None
    ws.merge_cells(start_row=3, start_column=status, end_row=4, end_column=status)  # one status for two tasks
    listing = wb["专利超市挂牌"]
    listing.cell(row=5, column=2).value = 12.0  # a whole number typed where a name belongs
    listing.cell(row=6, column=2).value = datetime.date(2025, 5, 6)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    whole, streamed = _both_ways(edited, monkeypatch)
    assert streamed == whole and whole[0]

    listing.cell(row=7, column=2).value = "#N/A"  # an error value: "" to python-calamine
    with_error = tmp_path / "error.xlsx"
    wb.save(with_error)
    whole, streamed = _both_ways(with_error, monkeypatch)
    assert streamed == whole
    assert _streamed(with_error) is None  # loaded whole


def _with_value(source: Path, target: Path, marker: bytes, value: bytes) -> int:
    """Copy the workbook with one cell's <v>marker</v> written as <v>value</v> (as another writer
    might have it); the offset, in the listing sheet's XML, of the byte just after that <v>."""
    part = reader.sheet_parts(reader.ReadResult(source), ["专利超市挂牌"])["专利超市挂牌"]
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                assert data.count(b"<v>" + marker + b"</v>") == 1
                data = data.replace(b"<v>" + marker + b"</v>", b"<v>" + value + b"</v>")
                offset = data.index(b"<v>" + value + b"</v>") + len(b"<v>")
            zout.writestr(info, data)
    return offset


def test_an_odd_value_just_after_a_chunk_boundary_still_loads_the_sheet_whole(
    exported: Path, tmp_path: Path, monkeypatch
) -> None:
    # -0 as a listing's name: python-calamine reads -0.0, the streaming fork 0 (both show "0", but
    # the row's cells digest differs), so the sheet is to be loaded whole. The check
    # that finds it reads the sheet's XML in chunks each cut after a '>'; here one is cut just
    # after the cell's <v>, so that the value begins the next chunk.
    wb = load_workbook(exported)
    wb["专利超市挂牌"].cell(row=5, column=2).value = 987654321
    marked = tmp_path / "marked.xlsx"
    wb.save(marked)
    odd = tmp_path / "minus-zero.xlsx"
    cut = _with_value(marked, odd, b"987654321", b"-0")
    monkeypatch.setattr(safety, "CHUNK", cut)
    chunks = _chunks_of(odd)
    assert any(c.endswith(b"<v>") for c in chunks) and any(c.startswith(b"-0</v>") for c in chunks)

    assert _streamed(odd) is None  # loaded whole
    whole, streamed = _both_ways(odd, monkeypatch)
    assert streamed == whole and whole[0]
    # the row with -0 is read as it is whole, cells digest included (streamed, -0 was 0 and the
    # row's digest another: the ledger would hold it as a row the unit had changed)
    listing = [r for r in whole[0] if r[0] == "patent_listing" and r[1] == 5]
    assert listing and listing == [r for r in streamed[0] if r[0] == "patent_listing" and r[1] == 5]
