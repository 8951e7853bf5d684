"""Planning blocks of rows column by column (app.merge.planner.COLUMN_PLANNING) leaves the officer
with what planning row by row leaves: the same preview, the same refusals, and after applying the
same records, history (who changed what, by which import) and local-modification marks — for the
batches where the two paths could part: ids a spreadsheet upper-cased, a file twice in a batch,
overlapping quarters, rows naming another unit, a unit's two PCs, records deleted or edited here."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
from sqlalchemy import select

from app import demo
from app.merge import apply_plan, plan_import
from app.merge import planner as planner_module
from app.outgoing.submission import export_submission
from app.store.ledger import Ledger
from app.vocabulary.kinds import KINDS, PATENT_LISTING
from app.vocabulary.periods import parse_period
from db.models import RecordHistory
from tests.conftest import add_listing, delete_record, edit_record, make_ledger
from tests.test_packed_plan import _ledger_rows


def _unit_files(tmp_path: Path, rows: int = 120) -> tuple[Path, Path]:
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=rows, seed=5)
    q1, q2 = (export_submission(unit, parse_period(q), tmp_path / f"{q}.xlsx").path for q in ("2025Q1", "2025Q2"))
    unit.close()
    return q1, q2


def _outcome(bureau: Ledger, files: list[Path]) -> tuple:
    plan = plan_import(bureau, files)
    preview = plan.as_json()
    for f in preview["files"]:
        f.pop("file", None)  # (a temporary path)
    errors = [str(e) for e in plan.errors]
    if not errors:
        apply_plan(bureau, plan)
    with bureau.session() as s:
        history = sorted(
            ((h.kind, h.record_id, h.revision, h.action, h.import_id) for h in s.scalars(select(RecordHistory))),
            key=repr,  # (a change made here has no import)
        )
        marks = {
            kind.key: sorted(s.execute(select(kind.model.id, kind.model.locally_modified, kind.model.deleted)).all())
            for kind in KINDS
        }
    return preview, errors, history, marks, _ledger_rows(bureau)


def _both_ways(
    tmp_path: Path, monkeypatch, before: list[Path], batch: list[Path], here: Callable[[Ledger], None] | None = None
) -> tuple:
    """The batch planned and applied by columns and row by row, each into its own bureau that has
    imported `before` and then had `here` done to it; asserts the two outcomes are the same."""
    outcomes = []
    for by_columns in (False, True):
        monkeypatch.setattr(planner_module, "COLUMN_PLANNING", by_columns)
        bureau = make_ledger(tmp_path / f"bureau-{by_columns}.db", "区知识产权局")
        if before:
            apply_plan(bureau, plan_import(bureau, before))
        if here:
            here(bureau)
        outcomes.append(_outcome(bureau, batch))
        bureau.close()
    row_by_row, by_columns = outcomes
    for what, a, b in zip(("preview", "errors", "history", "marks", "records"), row_by_row, by_columns, strict=True):
        assert a == b, what
    return by_columns


def _listing_ids(path: Path, n: int) -> list[str]:
    ws = openpyxl.load_workbook(path)[PATENT_LISTING.sheet]
    col = [c.value for c in ws[1]].index("记录ID") + 1
    return [ws.cell(r, col).value for r in range(2, 2 + n)]


def _rewrite_listing(path: Path, column: str, cells: dict[int, object]) -> None:
    """What a clerk's spreadsheet does to some cells of the listing sheet (Excel row → new value)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[PATENT_LISTING.sheet]
    col = [c.value for c in ws[1]].index(column) + 1
    for row, value in cells.items():
        ws.cell(row, col).value = value
    wb.save(path)


def test_records_deleted_and_edited_here(tmp_path: Path, monkeypatch) -> None:
    q1, q2 = _unit_files(tmp_path)
    ids = _listing_ids(q1, 2)

    def here(bureau: Ledger) -> None:
        delete_record(bureau, PATENT_LISTING, ids[0])
        edit_record(bureau, PATENT_LISTING, ids[1], title="本局改过")

    _preview, errors, history, _marks, _records = _both_ways(tmp_path, monkeypatch, [q1], [q2], here)
    assert not errors and history


def test_ids_a_spreadsheet_upper_cased(tmp_path: Path, monkeypatch) -> None:
    q1, q2 = _unit_files(tmp_path)
    _rewrite_listing(q2, "记录ID", {r: str(i).upper() for r, i in enumerate(_listing_ids(q2, 5), start=2)})
    (tmp_path / "known").mkdir()
    _both_ways(tmp_path / "known", monkeypatch, [q1], [q2])  # ids the ledger holds
    (tmp_path / "new").mkdir()
    _both_ways(tmp_path / "new", monkeypatch, [], [q2])  # ids it does not


def test_one_file_twice_and_overlapping_quarters_in_a_batch(tmp_path: Path, monkeypatch) -> None:
    q1, q2 = _unit_files(tmp_path)
    again = tmp_path / "again.xlsx"
    shutil.copy(q2, again)
    (tmp_path / "twice").mkdir()
    _both_ways(tmp_path / "twice", monkeypatch, [], [q2, again])
    (tmp_path / "overlap").mkdir()
    _both_ways(tmp_path / "overlap", monkeypatch, [q1], [q1, q2])


def test_a_row_copied_within_its_sheet(tmp_path: Path, monkeypatch) -> None:
    q1, q2 = _unit_files(tmp_path)
    wb = openpyxl.load_workbook(q2)
    ws = wb[PATENT_LISTING.sheet]
    ws.append([c.value for c in ws[2]])  # the first listing pasted again below the last, id and all
    wb.save(q2)
    (tmp_path / "known").mkdir()
    _preview, errors, *_ = _both_ways(tmp_path / "known", monkeypatch, [q1], [q2])
    assert errors  # one record given twice is refused, named the same way both ways
    (tmp_path / "new").mkdir()
    _both_ways(tmp_path / "new", monkeypatch, [], [q2])


def test_rows_naming_another_unit_or_none(tmp_path: Path, monkeypatch) -> None:
    q1, q2 = _unit_files(tmp_path)
    _rewrite_listing(q2, "填报单位", {3: "曹杨新村街道", 4: "区知识产权局", 5: ""})
    (tmp_path / "known").mkdir()
    _preview, errors, *_ = _both_ways(tmp_path / "known", monkeypatch, [q1], [q2])
    assert errors  # another unit's rows in a unit's file are refused, named the same way both ways
    (tmp_path / "new").mkdir()
    _both_ways(tmp_path / "new", monkeypatch, [], [q2])


def test_a_units_two_pcs_in_one_batch(tmp_path: Path, monkeypatch) -> None:
    pc1 = make_ledger(tmp_path / "pc1.db", "长寿路街道")
    with pc1.session() as s:
        demo.fill(s, units=1, rows=80, seed=5)
    pc1.close()
    shutil.copy(tmp_path / "pc1.db", tmp_path / "pc2.db")
    pc1, pc2 = Ledger(tmp_path / "pc1.db"), Ledger(tmp_path / "pc2.db")
    q1 = parse_period("2025Q1")
    first = export_submission(pc1, q1, tmp_path / "first.xlsx").path
    ids = _listing_ids(first, 5)
    edit_record(pc2, PATENT_LISTING, ids[0], title="另一台电脑改的")
    delete_record(pc2, PATENT_LISTING, ids[1])
    edit_record(pc1, PATENT_LISTING, ids[2], title="这台电脑改的")
    for i in range(3):
        add_listing(pc2, title=f"另一台电脑新增的{i}")
    from_pc1 = export_submission(pc1, q1, tmp_path / "pc1.xlsx").path
    from_pc2 = export_submission(pc2, q1, tmp_path / "pc2.xlsx").path
    pc1.close()
    pc2.close()

    def here(bureau: Ledger) -> None:
        delete_record(bureau, PATENT_LISTING, ids[3])
        edit_record(bureau, PATENT_LISTING, ids[4], title="区局改的")

    (tmp_path / "after").mkdir()
    _both_ways(tmp_path / "after", monkeypatch, [first], [from_pc1, from_pc2], here)
    (tmp_path / "fresh").mkdir()
    _both_ways(tmp_path / "fresh", monkeypatch, [], [from_pc2, from_pc1, first])


def test_rows_without_ids_found_among_records_an_earlier_file_adds(tmp_path: Path, monkeypatch) -> None:
    # The second file's first listings lost their 记录ID and 版本 in a spreadsheet: each is found by
    # its natural key among the records the first file of the batch adds (not added a second time)
    q1, q2 = _unit_files(tmp_path)
    cleared = tmp_path / "cleared.xlsx"
    shutil.copy(q2, cleared)
    _rewrite_listing(cleared, "记录ID", {2: None, 3: None, 4: None})
    _rewrite_listing(cleared, "版本", {2: None, 3: None, 4: None})
    preview, errors, _history, _marks, records = _both_ways(tmp_path, monkeypatch, [], [q2, cleared])
    assert not errors
    assert preview["files"][1]["counts"]["new"] == 0
    listed = openpyxl.load_workbook(q2, read_only=True)[PATENT_LISTING.sheet].max_row - 1
    assert len(records[PATENT_LISTING.key]) == listed


def test_a_quarter_sent_again_as_it_was(tmp_path: Path, monkeypatch) -> None:
    # every block of the second export leaves its records as they are: against the ledger's
    # records, and against those the first file of the same batch adds
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=120, seed=5)
    first, again = (export_submission(unit, parse_period("2025Q1"), tmp_path / f"{n}.xlsx").path for n in "ab")
    unit.close()
    (tmp_path / "known").mkdir()
    preview, errors, *_ = _both_ways(tmp_path / "known", monkeypatch, [first], [again])
    assert not errors
    counts = preview["files"][0]["counts"]
    assert counts["unchanged"] > 0 and counts["new"] == 0
    (tmp_path / "batch").mkdir()
    preview, errors, *_ = _both_ways(tmp_path / "batch", monkeypatch, [], [first, again])
    assert not errors and preview["files"][1]["counts"]["unchanged"] == counts["unchanged"]
    # row for row the same plan: each unchanged row with the record as it was seen, and its name
    (tmp_path / "rows").mkdir()
    planned = []
    for by_columns in (False, True):
        monkeypatch.setattr(planner_module, "COLUMN_PLANNING", by_columns)
        bureau = make_ledger(tmp_path / "rows" / f"bureau-{by_columns}.db", "区知识产权局")
        files = plan_import(bureau, [first, again]).files  # against the records the batch adds
        apply_plan(bureau, plan_import(bureau, [first]))
        files += plan_import(bureau, [again]).files  # against the ledger's
        planned.append(
            [
                (r.kind.key, r.action, r.record_id, r.unit_id, r.revision, r.digest, r.sheet_row, r.seen, r.name)
                for fp in files
                for r in fp.rows
            ]
        )
        bureau.close()
    assert planned[0] == planned[1]
