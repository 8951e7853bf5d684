"""`ipledger import FILE` begins reading the file as the program starts (app.exchange.early): the
import reads the same rows and says the same things as when it reads the file itself, for a good
file, a hostile one, and one replaced after its reading began."""

from __future__ import annotations

import shutil
import subprocess
import sys
import traceback
import zipfile
from pathlib import Path

import pytest

from app.cli.main import build_parser
from app.exchange import early, reader
from app.exchange.reader import read_workbook
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import PATENT_LISTING
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, make_ledger
from tests.interrupts import interrupted_by_ctrl_c
from tests.workbooks import cell_ref, rebuild, replace_cell, sheet_part

Q1 = parse_period("2025Q1")


@pytest.fixture
def submissions(tmp_path: Path) -> tuple[Path, Path]:
    """Two different submissions of one unit (the second has one more listing)."""
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    for i in range(3):
        add_listing(unit, title=f"一种装置{i}")
    first = export_submission(unit, Q1, tmp_path / "first.xlsx").path
    add_listing(unit, title="另一种装置")
    second = export_submission(unit, Q1, tmp_path / "second.xlsx").path
    unit.close()
    return first, second


def seen(result: reader.ReadResult) -> tuple[object, ...]:
    """What the import takes from a read: its rows, issues, metadata and signature."""
    rows = [(r.kind.key, r.row, dict(r.values), r.unit, r.record_id, r.revision, r.cells_digest) for r in result.rows]
    issues = [(i.sheet, i.row, i.column, i.message, i.warning) for i in result.issues]
    return rows, issues, result.hash, result.sheets, result.meta, result.signature, result.comment_cells


def read_early(path: Path) -> reader.ReadResult:
    early.begin(path)
    return read_workbook(path)


def test_a_workbook_read_early_is_read_as_the_reader_reads_it(submissions, tmp_path: Path) -> None:
    first, _ = submissions
    alone = tmp_path / "alone.xlsx"  # (another path: nothing remembered of the first's reading)
    shutil.copy(first, alone)
    result = read_early(first)
    assert len(result.rows) == 3 and not result.errors
    assert seen(result) == seen(read_workbook(alone))
    assert early.take(first) is None  # taken once


def test_a_hostile_or_damaged_file_read_early_is_refused_as_before(submissions, tmp_path: Path) -> None:
    first, _ = submissions
    bomb = tmp_path / "bomb.xlsx"
    shutil.copy(first, bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/pad.xml", "w") as part:
        for _ in range(64):
            part.write(b"\0" * (1 << 20))
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(first.read_bytes()[: first.stat().st_size // 2])
    for path in (bomb, truncated):
        again = tmp_path / f"again-{path.name}"
        shutil.copy(path, again)
        result = read_early(path)
        assert result.errors and not result.rows
        assert seen(result)[1] == seen(read_workbook(again))[1], path


def test_a_sheet_no_reader_can_parse_is_refused_as_before(submissions, tmp_path: Path) -> None:
    """The early reading fails on the sheet (a cell of an unknown type) and goes on with the next; the
    reader parses it again, and names the cell in Chinese as it does when it reads the file itself."""
    first, _ = submissions
    sheet = PATENT_LISTING.sheet
    ref = cell_ref(first, sheet, "专利名称")
    bad = replace_cell(first, tmp_path / "typed.xlsx", sheet, ref, f'<c r="{ref}" t="zz"><v>1</v></c>')
    again = tmp_path / "again.xlsx"
    shutil.copy(bad, again)
    result = read_early(bad)
    assert result.errors and "单元格类型“zz”无法识别" in str(result.errors[0])
    assert seen(result)[1] == seen(read_workbook(again))[1]


def test_a_file_replaced_after_its_reading_began_is_read_as_it_is_now(submissions, tmp_path: Path) -> None:
    first, second = submissions
    path = tmp_path / "报送.xlsx"
    shutil.copy(first, path)
    early.begin(path)
    early._reads[early._key(path)].thread.join()  # noqa: SLF001 - its reading done before the file changes
    shutil.copy(second, path)
    assert len(read_workbook(path).rows) == 4


def test_the_file_read_early_is_the_one_the_parser_imports() -> None:
    """The early reading only guesses from the command line; whenever it names a file, it is the one
    file of an import as the parser reads the same command line."""
    parser = build_parser()
    taken = [
        ["import", "a.xlsx"],
        ["--db", "x.db", "import", "a.xlsx"],
        ["--db=x.db", "import", "--dry-run", "a.XLSX"],
        ["import", "--unit", "长寿路街道", "a.xlsm", "--json"],
        ["import", "--received=2025-04-01", "--take-theirs", "--skip-bad", "--consolidated", "--follow-up", "a.xlsx"],
    ]
    left = [
        ["import", "a.xlsx", "b.xlsx"],
        ["import", "a.zip"],
        ["import", "--unit", "a.xlsx"],
        ["export", "--period", "2025Q1", "-o", "a.xlsx"],
        ["--db", "a.xlsx", "imports"],
        ["import", "--dry", "a.xlsx"],
        ["import", "-h", "a.xlsx"],
        [],
    ]
    for argv in taken + left:
        guess = early.import_file(argv)
        if argv in taken:
            assert guess is not None, argv
        if guess is not None:
            args = parser.parse_args(argv)
            assert args.command == "import" and args.files == [guess], argv
    for argv in left:
        assert early.import_file(argv) is None, argv


def test_the_early_reading_knows_every_option_of_import() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 - argparse has no public API
    options = [a for a in sub.choices["import"]._actions if a.option_strings and a.dest != "help"]  # noqa: SLF001
    assert {a.option_strings[-1] for a in options if a.nargs == 0} == set(early.FLAGS)
    assert {a.option_strings[-1] for a in options if a.nargs != 0} == set(early.WITH_VALUE)
    assert early.STREAM_OVER == reader.STREAM_OVER


def test_an_import_read_early_imports_as_before(submissions, tmp_path: Path) -> None:
    """The program as started (python -m app): the file's reading begun before anything loads."""
    first, _ = submissions
    db = tmp_path / "bureau.db"
    make_ledger(db, "区知识产权局").close()
    r = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "import", str(first)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "新增 3，" in r.stdout and "已导入（导入编号 1" in r.stdout, r.stdout


def test_a_workbook_too_large_to_hold_whole_is_parsed_by_the_reader_sheet_by_sheet(
    submissions, tmp_path: Path, monkeypatch
) -> None:
    """The reader holds one parsed sheet at a time; so does the early reading of a large workbook
    (here any: the bound lowered), which then only scans the file."""
    first, _ = submissions
    alone = tmp_path / "alone.xlsx"
    shutil.copy(first, alone)
    monkeypatch.setattr(early, "HELD_AT_MOST", 1000)
    early.begin(first)
    read = early._reads[early._key(first)]  # noqa: SLF001
    read.thread.join()
    assert read.workbook is not None and read.sheets == {}
    assert seen(read_workbook(first)) == seen(read_workbook(alone))


def listing_sheet(rows: int, *, refs: bool) -> bytes:
    """A listing sheet of `rows` rows of ten numbers: with each cell's reference (scanned quickly,
    parsed in a fraction of a second) or without (the exact scan then looks at every cell tag)."""
    if refs:
        body = "".join(
            f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFGHIJ") + "</row>"
            for r in range(1, rows + 1)
        )
    else:
        body = ("<row>" + "<c><v>1</v></c>" * 10 + "</row>") * rows
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def test_ctrl_c_while_the_import_waits_for_the_files_scan_stops_it(submissions, tmp_path: Path) -> None:
    """Found in review: on Windows the wait for the early reading heard Ctrl+C only once the file's
    scan or a sheet's parse had ended. The waits are cut into short steps (Linux hears the signal
    either way: this pins what the user sees, the import stopped in the wait)."""
    first, _ = submissions
    slow = rebuild(
        first, tmp_path / "slow.xlsx", {sheet_part(first, PATENT_LISTING.sheet): listing_sheet(40_000, refs=False)}
    )
    early.begin(slow)
    read = early._reads[early._key(slow)]  # noqa: SLF001
    stopped, returns = interrupted_by_ctrl_c(lambda: read_workbook(slow), after=0.4)
    assert not read.opened.is_set()  # still scanning: the import stopped in its wait, not after it
    assert "take" in [f.name for f in traceback.extract_tb(stopped.__traceback__)]
    assert returns >= 2  # the wait came back to Python while the scan went on, as Windows needs
    read.thread.join()


def test_ctrl_c_while_the_import_waits_for_a_sheets_parse_stops_it(submissions, tmp_path: Path) -> None:
    first, _ = submissions
    sheet = PATENT_LISTING.sheet
    big = rebuild(first, tmp_path / "big.xlsx", {sheet_part(first, sheet): listing_sheet(45_000, refs=True)})
    early.begin(big)
    read = early._reads[early._key(big)]  # noqa: SLF001
    parsed = early.take(big)  # scanned and opened; its sheets are being parsed, _meta first
    assert parsed is not None
    interrupted_by_ctrl_c(lambda: parsed.get_sheet_by_name(sheet))
    assert sheet not in read.sheets and not read.done  # still parsing it
    read.thread.join()
