"""A plan keeps the values of the rows it will write packed in chunks (app.exchange.packed): the
import writes exactly what it writes with every row's values held as objects."""

from __future__ import annotations

import pickle
import uuid
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app import demo
from app.exchange.packed import ChunkValues, PackedValues, pack_rows
from app.merge import apply_plan, plan_import
from app.merge import plan as plan_module
from app.merge import planner as planner_module
from app.merge.apply import StalePlan
from app.merge.plan import IN_BATCH, NO_VALUES, PlannedRows, RowPlan, Seen
from app.merge.rules import ASK, CONFLICT, DELETED, NEW, STALE, UNCHANGED, FieldChange
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import KINDS, PATENT_LISTING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import make_ledger


def _ledger_rows(ledger) -> dict[str, list[tuple]]:  # noqa: ANN001
    out = {}
    with ledger.session() as s:
        for kind in KINDS:
            m = kind.model
            cols = [m.id, m.unit_id, m.revision, m.synced_revision, m.synced_digest, m.deleted]
            cols += [getattr(m, f.key) for f in kind.input_fields]
            out[kind.key] = sorted(tuple(r) for r in s.execute(select(*cols)))
    return out


def test_packed_values_import_the_same_ledger(tmp_path: Path, monkeypatch) -> None:
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=5)
    files = [export_submission(unit, parse_period(q), tmp_path / f"{q}.xlsx").path for q in ("2025Q1", "2025Q2")]
    unit.close()

    results, previews = [], []
    # Row by row with every value an object, and new rows planned column by column (their values
    # read from the reader's blocks) with the rest packed in chunks of 4
    for name, chunk in (("objects", 10**9), ("packed", 4)):
        monkeypatch.setattr(plan_module, "PACK_ROWS", chunk)
        monkeypatch.setattr(planner_module, "COLUMN_PLANNING", name == "packed")
        bureau = make_ledger(tmp_path / f"{name}.db", "区知识产权局")
        plan = plan_import(bureau, files)
        packed = [r for f in plan.files for r in f.rows if isinstance(r.values, ChunkValues)]
        assert bool(packed) == (name == "packed")
        previews.append(plan.as_json())
        apply_plan(bureau, plan)
        results.append(_ledger_rows(bureau))
        bureau.close()
    assert sum(len(rows) for rows in results[0].values()) > 200
    for kind in KINDS:
        ids = lambda rows: [r[:1] + r[2:] for r in rows]  # noqa: E731 - record ids are the files'
        assert ids(results[0][kind.key]) == ids(results[1][kind.key]), kind.sheet
    for p in previews:
        for f in p["files"]:
            f.pop("file", None)
            for r in f["rows"]:
                r.pop("record_id", None)
    assert previews[0] == previews[1]


def test_planned_rows_read_back_as_planned() -> None:
    """A file's planned rows are kept as column arrays: each reads back as the RowPlan it was,
    whatever its id, digest and state seen (a text id, a digest in another spelling, none)."""
    listing = PackedValues({"name": "一种装置", "patent_no": "ZL2025100000001"})
    planned = [
        RowPlan(PATENT_LISTING, NEW, 3, "0f8e2a1c-5b7d-4e3f-9a1b-2c3d4e5f6a7b", 1, listing, "00ff00ff00ff00ff", 2),
        RowPlan(TASK_PROGRESS, UNCHANGED, 4, "not-a-uuid", 7, NO_VALUES, "abc", 9, known_as="任务 3"),
        RowPlan(
            PATENT_LISTING,
            CONFLICT,
            3,
            "00000000-0000-0000-0000-000000000000",
            5,
            {"name": "另一种装置"},
            "0123456789abcdef",
            11,
            fields={"name": FieldChange("旧", "新", ASK)},
            duplicate_of="长寿路街道",
            outside=True,
            seen=Seen(4, False, "fedcba9876543210"),
        ),
        RowPlan(TASK_PROGRESS, DELETED, 4, "AB8E2A1C-5B7D-4E3F-9A1B-2C3D4E5F6A7B", 2, {}, "", None, seen=IN_BATCH),
        RowPlan(
            TASK_PROGRESS,
            STALE,
            4,
            "1f8e2a1c-5b7d-4e3f-9a1b-2c3d4e5f6a7b",
            2,
            NO_VALUES,
            "x" * 16,
            3,
            seen=Seen(3, True, "not hex"),
        ),
        RowPlan(
            TASK_PROGRESS,
            STALE,
            4,
            "2f8e2a1c-5b7d-4e3f-9a1b-2c3d4e5f6a7b",
            2,
            NO_VALUES,
            "",
            4,
            seen=Seen(3, False, None),
        ),
        # named early and carrying nothing else: the name kept alone
        RowPlan(
            TASK_PROGRESS, UNCHANGED, 4, "3f8e2a1c-5b7d-4e3f-9a1b-2c3d4e5f6a7b", 2, NO_VALUES, "", 5, known_as="任务 5"
        ),
    ]
    rows = PlannedRows(planned)
    rows.pack()
    assert len(rows) == len(planned) and rows[-1] == planned[-1]
    assert [(r.kind, r.action, r.record_id, r.revision, dict(r.values), r.digest, r.sheet_row) for r in rows] == [
        (r.kind, r.action, r.record_id, r.revision, dict(r.values), r.digest, r.sheet_row) for r in planned
    ]
    assert [(r.fields, r.duplicate_of, r.outside, r.seen, r.known_as) for r in rows] == [
        (r.fields, r.duplicate_of, r.outside, r.seen, r.known_as) for r in planned
    ]
    assert rows[3].seen is IN_BATCH and rows[1].values is NO_VALUES
    assert [r.record_id for r in rows.with_action(STALE, kind=TASK_PROGRESS)] == [
        planned[4].record_id,
        planned[5].record_id,
    ]
    assert rows.count(STALE) == 2 and rows.outside() == 1 and rows.duplicates() == 1
    assert [r.sheet_row for r in rows.changed()] == [11]
    assert [r.record_id for r in rows.having_ids(["not-a-uuid", planned[2].record_id])] == [
        planned[1].record_id,
        planned[2].record_id,
    ]
    assert len(rows.ids()) == len(planned) and rows.unit_ids(NEW, CONFLICT) == {3}
    assert planned[6].record_id in [r.record_id for r in rows.extras()]


def test_a_chunk_reads_like_the_rows_it_holds() -> None:
    rows = [PackedValues({"a": i, "b": f"第{i}行", "c": None}) for i in range(7)]
    packed = pack_rows(rows, 3)
    assert [dict(p) for p in packed] == [dict(r) for r in rows]
    assert packed[5].get("b") == "第5行" and packed[5].get("zz", "默认") == "默认" and "c" in packed[5]
    packed[2]["c"] = "补上"  # kind.complete() may fill a field after packing
    assert packed[2]["c"] == "补上" and packed[1]["c"] is None
    assert len(pickle.dumps([r._chunk for r in packed])) < len(pickle.dumps(rows)) * 2  # noqa: SLF001


def _read_rows(path: Path) -> list[tuple]:
    from app.exchange.reader import read_workbook

    result = pickle.loads(pickle.dumps(read_workbook(path)))  # as the read-ahead helper hands it over
    assert not result.errors, [str(e) for e in result.errors[:3]]
    return [
        (
            r.kind.key,
            r.row,
            dict(r.values),
            r.unit,
            r.record_id,
            r.revision,
            r.cells_digest,
            r.untouched,
            r.edited_outside,
        )
        for r in result.rows
    ], len(result.blocks)


def test_rows_read_in_blocks_are_the_rows_read_whole(tmp_path: Path, monkeypatch) -> None:
    """The reader keeps a sheet's rows in blocks of column arrays (the helper process sends them as
    bytes): every row comes back with its values, unit, record id, revision, digest and whether it
    is as exported, whatever the block size; a row edited in the spreadsheet included."""
    from openpyxl import load_workbook

    from app.exchange import reader

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=5)
    path = export_submission(unit, parse_period("2025"), tmp_path / "year.xlsx").path
    unit.close()
    wb = load_workbook(path)
    ws = wb["专利超市挂牌"]
    ws.cell(row=3, column=2).value = "表外改过的名称"  # edited outside the app: no longer as exported
    headers = [c.value for c in ws[1]]
    copied = [c.value for c in ws[4]]
    for header in ("记录ID", "版本"):
        copied[headers.index(header)] = None
    ws.append(copied)  # a row copied by hand as a new one: no record id, no revision
    wb.save(path)

    monkeypatch.setattr(reader, "BLOCK_ROWS", 10**9)
    whole, one_block_each = _read_rows(path)
    monkeypatch.setattr(reader, "BLOCK_ROWS", 7)
    blocks, many = _read_rows(path)
    assert many > one_block_each and len(whole) > 200
    assert blocks == whole
    monkeypatch.setattr(reader, "FAST_PATH", False)  # every row read cell by cell, as before batches
    assert _read_rows(path)[0] == whole
    assert any(r[4] is None and r[5] is None for r in whole)  # the added row
    assert any(not r[7] for r in whole) and any(r[7] for r in whole)  # edited and untouched rows


def test_a_batch_with_a_bad_cell_names_every_issue_as_cell_by_cell(tmp_path: Path, monkeypatch) -> None:
    """Rows are read in batches column by column; a batch holding an invalid value, a warning or a
    formula is read cell by cell: the file's errors and warnings are the same, in the same order."""
    from openpyxl import load_workbook

    from app.exchange import reader

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=5)
    path = export_submission(unit, parse_period("2025"), tmp_path / "year.xlsx").path
    unit.close()
    wb = load_workbook(path)
    ws = wb["专利超市挂牌"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=5, column=2).value = 12.5  # a number where a name belongs is taken as text
    for row, header, value in ((3, "挂牌日期", "下周二"), (9, "专利号", "不是专利号"), (4, "挂牌日期", "2025-13-45")):
        if header in headers:
            ws.cell(row=row, column=headers.index(header) + 1).value = value
    ws.cell(row=12, column=3).value = "=1+1"  # a formula without a stored result
    wb.save(path)

    def issues() -> list[str]:
        result = reader.read_workbook(path)
        return [f"{i.warning} {i}" for i in result.issues]

    monkeypatch.setattr(reader, "BLOCK_ROWS", 7)
    batched = issues()
    monkeypatch.setattr(reader, "FAST_PATH", False)
    assert batched == issues()
    assert len([i for i in batched if i.startswith("False")]) >= 3, batched


def test_a_block_reads_the_same_as_bytes_and_as_columns(tmp_path: Path) -> None:
    """A block's rows read with their record ids and digests as bytes (decoded_raw) or as columns
    are the rows decoded() gives as text: the planner may take whichever it needs."""
    from app.exchange.packed import EDITED_OUTSIDE, HAS_ID, UNTOUCHED
    from app.exchange.reader import read_workbook

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=5)
    path = export_submission(unit, parse_period("2025"), tmp_path / "year.xlsx").path
    unit.close()
    result = pickle.loads(pickle.dumps(read_workbook(path)))
    assert result.blocks and not result.errors
    for block in result.blocks:
        rows = list(block.decoded())
        raw = list(block.decoded_raw())
        assert len(rows) == len(raw) == block.count
        for r, b in zip(rows, raw, strict=True):
            assert (r[0], dict(r[1]), r[2], r[4], r[6], r[7]) == (b[0], dict(b[1]), b[2], b[4], b[6], b[7])
            assert r[3] == (None if b[3] is None else str(uuid.UUID(bytes=b[3])))
            assert r[5] == b[5].hex() and len(b[5]) == 8
        c = block.columns()
        assert list(c.rows) == [r[0] for r in rows]
        as_dicts = [dict(zip(block.keys, v, strict=True)) for v in zip(*c.values, strict=True)]
        assert as_dicts == [dict(r[1]) for r in rows]
        for i, r in enumerate(rows):
            flag = c.flags[i]
            assert r[3] == (str(uuid.UUID(bytes=c.ids[16 * i : 16 * i + 16])) if flag & HAS_ID else None)
            assert r[5] == c.digests[8 * i : 8 * i + 8].hex() and r[2] == c.units[i]
            assert (r[4] or 0, r[6], r[7]) == (c.revisions[i], bool(flag & UNTOUCHED), bool(flag & EDITED_OUTSIDE))
    assert any(r[3] for b in result.blocks for r in b.decoded())  # rows with record ids among them


def test_checks_across_fields_read_in_batches_as_row_by_row(tmp_path: Path, monkeypatch) -> None:
    """The checks across fields and what they fill in (a patent's type from its number) come out
    the same whether a batch is read column by column or row by row: blank types filled in, a
    type that contradicts its number and a progress missing under 推进中 refused in the same words."""
    from openpyxl import load_workbook

    from app.exchange import reader

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=5)
    path = export_submission(unit, parse_period("2025"), tmp_path / "year.xlsx").path
    unit.close()
    wb = load_workbook(path)

    def column(ws, header: str) -> int:  # noqa: ANN001
        return [c.value for c in ws[1]].index(header) + 1

    listing = wb["专利超市挂牌"]
    for row in range(2, min(listing.max_row, 40), 3):  # blank: filled in from the number
        listing.cell(row=row, column=column(listing, "专利类型")).value = None
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    listing.cell(row=6, column=column(listing, "专利类型")).value = "外观设计"  # against its number, maybe
    tasks = wb["任务进展"]
    tasks.cell(row=2, column=column(tasks, "推进状态")).value = "推进中"
    tasks.cell(row=2, column=column(tasks, "进展情况")).value = None
    pledges = wb["质押融资"]
    assert pledges.max_row >= 3
    pledges.cell(row=3, column=column(pledges, "质物类型")).value = "专利"
    pledges.cell(row=3, column=column(pledges, "质物清单")).value = "202310123456.6；商标第123号"
    refused = tmp_path / "refused.xlsx"
    wb.save(refused)

    def read(path: Path) -> tuple[list[tuple], list[str]]:
        result = reader.read_workbook(path)
        rows = [(r.kind.key, r.row, dict(r.values), r.cells_digest, r.untouched) for r in result.rows]
        return rows, [f"{i.warning} {i}" for i in result.issues]

    monkeypatch.setattr(reader, "BLOCK_ROWS", 50)
    batched = read(filled), read(refused)
    monkeypatch.setattr(reader, "FAST_PATH", False)
    assert batched == (read(filled), read(refused))
    rows, issues = batched[0]
    assert not issues and all(r[2]["patent_type"] for r in rows if r[0] == "patent_listing")
    assert any("“进展情况”为必填项" in i for i in batched[1][1]), batched[1][1]
    assert any("质物清单应为专利号：第 2 项" in i for i in batched[1][1]), batched[1][1]


def test_rows_in_another_order_than_exported_are_still_known_as_exported(tmp_path: Path, monkeypatch) -> None:
    """The _meta's row digests are looked up batch by batch in the order they were exported; rows
    sorted otherwise in the spreadsheet (newest first) are as exported all the same, and a row
    edited there is not."""
    from openpyxl import load_workbook

    from app.exchange import reader

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=5)
    path = export_submission(unit, parse_period("2025"), tmp_path / "year.xlsx").path
    unit.close()
    wb = load_workbook(path)
    ws = wb["专利超市挂牌"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    for i, values in enumerate(reversed(rows), start=2):
        for j, value in enumerate(values, start=1):
            ws.cell(row=i, column=j).value = value
    ws.cell(row=5, column=2).value = "表外改过的名称"
    wb.save(path)

    monkeypatch.setattr(reader, "BLOCK_ROWS", 7)
    batched = [(r.row, r.record_id, r.untouched, r.edited_outside) for r in reader.read_workbook(path).rows]
    monkeypatch.setattr(reader, "FAST_PATH", False)
    assert batched == [(r.row, r.record_id, r.untouched, r.edited_outside) for r in reader.read_workbook(path).rows]
    assert sum(1 for r in batched if r[3]) == 1 and sum(1 for r in batched if r[2]) > len(rows) - 2


def test_row_digests_read_as_a_mapping() -> None:
    """The _meta's digests of a sheet, as read, answer like the dict they were written from, in the
    order they were written or not; a _meta naming an id twice keeps the last, as a dict would."""
    from app.exchange.layout import Meta, RowDigests

    ids = [str(uuid.UUID(int=i * 7919 + 1)) for i in range(2000)]
    written = Meta(digests={"专利超市挂牌": {rid: (i % 5 + 1, f"{i:016x}") for i, rid in enumerate(ids)}})
    read = Meta.from_rows(written.rows())
    by_id = read.digests["专利超市挂牌"]
    assert type(by_id) is RowDigests and sum(r[0] == "digests" for r in written.rows()) > 3  # several cells
    assert dict(by_id.items()) == written.digests["专利超市挂牌"] and read == written
    assert by_id.many(ids[:10]) == [written.digests["专利超市挂牌"][r] for r in ids[:10]]
    assert by_id.many(ids[500:490:-1]) == [written.digests["专利超市挂牌"][r] for r in ids[500:490:-1]]
    assert by_id.many([ids[3], str(uuid.UUID(int=5))]) == [written.digests["专利超市挂牌"][ids[3]], None]
    twice = list(written.rows())
    twice.append(["digests", "专利超市挂牌", f"{ids[0]},9,{'f' * 16}"])
    again = Meta.from_rows(twice).digests["专利超市挂牌"]
    assert again[ids[0]] == (9, "f" * 16) and again[ids[1]] == (2, f"{1:016x}")


def test_rows_planned_by_columns_are_refused_and_named_as_row_by_row(tmp_path: Path, monkeypatch) -> None:
    """A block mixing rows the planner takes column by column (new, unchanged) with rows that need
    the rules or are refused (a record id twice, an unknown 填报单位, a row edited in a spreadsheet)
    gives the same preview, errors and all, as planning every row by itself."""
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=5)
    q1, q2 = (export_submission(unit, parse_period(q), tmp_path / f"{q}.xlsx").path for q in ("2025Q1", "2025Q2"))
    unit.close()
    wb = openpyxl.load_workbook(q2)
    ws = wb[PATENT_LISTING.sheet]
    header = [c.value for c in ws[1]]
    assert ws.max_row > 8
    ws.append([c.value for c in ws[5]])  # the same record id twice
    ws.cell(6, header.index("填报单位") + 1).value = "不存在的单位"
    ws.cell(7, 2).value = f"{ws.cell(7, 2).value}（改）"  # edited in a spreadsheet
    wb.save(q2)

    previews, errors = [], []
    for by_columns in (False, True):
        monkeypatch.setattr(planner_module, "COLUMN_PLANNING", by_columns)
        bureau = make_ledger(tmp_path / f"bureau-{by_columns}.db", "区知识产权局")
        apply_plan(bureau, plan_import(bureau, [q1]))
        plan = plan_import(bureau, [q2])
        errors.append([str(e) for e in plan.errors])
        preview = plan.as_json()
        for f in preview["files"]:
            f.pop("file", None)
        previews.append(preview)
        bureau.close()
    assert any("出现两次" in e for e in errors[1]) and any("不存在的单位" in e for e in errors[1])
    assert errors[0] == errors[1]
    assert previews[0] == previews[1]
    assert previews[1]["files"][0]["counts"]["unchanged"] > 50


def test_an_import_gives_back_the_larger_page_cache_it_writes_with(tmp_path: Path) -> None:
    # the window keeps its ledger connection for hours: the import's 16 MiB SQLite page cache is
    # set back to what the connection had, after the import and after a refused one alike
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=40, seed=5)
    q1 = export_submission(unit, parse_period("2025Q1"), tmp_path / "q1.xlsx").path
    unit.close()
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    with bureau.session() as s:
        before = s.connection().exec_driver_sql("PRAGMA cache_size").scalar()
    plan = plan_import(bureau, [q1])
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == before
    with pytest.raises(StalePlan):
        apply_plan(bureau, plan)  # the same plan again: the file is imported, nothing is written
    with bureau.session() as s:
        assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == before
    bureau.close()


def _with_cells(path: Path, dst: Path, changes: list[tuple[str, str, list[object]]]) -> Path:
    """dst: path with the cells under each (sheet, header) set to the values, a few rows apart
    (some batches of 7 rows hold one of them, some several)."""
    wb = openpyxl.load_workbook(path)
    for sheet, header, values in changes:
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        for k, value in enumerate(values):
            ws.cell(row=3 + 5 * k, column=headers.index(header) + 1).value = value
    wb.save(dst)
    return dst


def test_odd_cells_read_the_same_in_batches_and_cell_by_cell(tmp_path: Path, monkeypatch) -> None:
    """The batched reading (a column's patent numbers or credit codes checked at once, digests from
    the columns) gives the rows, errors and warnings that reading cell by cell gives, whatever the
    cells hold: full-width digits, an ideographic space, line breaks, ², booleans, blanks, numbers
    where texts belong, numbers no cell holds, a wrong check digit or check character."""
    from app.exchange import reader

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=300, seed=7)
    path = export_submission(unit, parse_period("2025"), tmp_path / "year.xlsx").path
    unit.close()
    patents = [
        "２０２３１０１２３４５６.６",
        "\u3000202310123456.6",
        "202310123456.6\r\n",
        "zl 202310123456.6",
        "2023101234566",
    ]
    codes = ["９１３１０１０７MA1G8XQ57B", "91310107ma1g8xq57b", "\u300091310107MA1G8XQ57B", "91310107MA1G8XQ570"]
    texts = ["名称\r\n第二行", "\u3000名称\u3000", "²", True, 12.5, None, "", 1e300]
    taken = _with_cells(
        path,
        tmp_path / "taken.xlsx",
        [
            ("专利超市挂牌", "专利号", patents),
            ("专利超市挂牌", "专利类型", [None] * len(patents)),  # (filled in from the number)
            ("专利交易", "专利号", patents),
            ("专利超市挂牌", "权利人统一社会信用代码", codes),
            ("质押融资", "统一社会信用代码", codes),
            ("专利超市挂牌", "专利名称", texts[:5]),
            ("专利超市挂牌", "挂牌价格(万元)", [None, 0.0, 1e12, ""]),
        ],
    )
    wrong = ["202310123456.5", "202310123456.6²", True, 20231012345.0, 1e300, "91310107MA1G8XQ57T", "\r\n"]
    refused = _with_cells(
        path,
        tmp_path / "refused.xlsx",
        [
            ("专利超市挂牌", "专利号", wrong),
            ("专利交易", "专利号", wrong),
            ("专利超市挂牌", "权利人统一社会信用代码", ["91310107MA1G8XQ5７", True, 9.1e17, "²" * 18, "I" * 18]),
            ("专利超市挂牌", "专利名称", texts[5:]),
            ("专利超市挂牌", "挂牌价格(万元)", [float("nan"), float("inf"), -1.0, 1e300, "1,000万", True]),
        ],
    )

    def read(path: Path) -> tuple[list[str], list[tuple]]:
        result = pickle.loads(pickle.dumps(reader.read_workbook(path)))
        issues = [f"{i.warning} {i}" for i in result.issues]
        rows = [
            (r.kind.key, r.row, dict(r.values), r.unit, r.record_id, r.revision, r.cells_digest) for r in result.rows
        ]
        return issues, rows

    monkeypatch.setattr(reader, "BLOCK_ROWS", 7)
    batched = read(taken), read(refused)
    monkeypatch.setattr(reader, "FAST_PATH", False)
    assert (read(taken), read(refused)) == batched
    (warnings, rows), (errors, none) = batched
    assert rows and all(i.startswith("True") for i in warnings) and len(warnings) == 2, warnings  # 570 for 57B
    assert not none and len([i for i in errors if i.startswith("False")]) >= 15, errors


_ID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@given(
    st.lists(st.uuids().map(str), min_size=1, max_size=4),
    st.integers(0, 3),
    st.integers(0, 40),
    st.sampled_from(["0", "a", "F", "-", "\n", " ", "g", "²", "٣", "é", ""]),
    st.sampled_from(["replace", "insert", "delete", "none"]),
)
def test_a_batch_of_record_ids_is_as_the_app_writes_them_exactly_when_the_pattern_says(
    ids: list[str], which: int, at: int, char: str, change: str
) -> None:
    """The reader tells a batch's record ids written as the app writes them (lower-case uuids, one a
    line) by where their dashes and line ends stand, not by a pattern: the same answer, whatever
    was changed in one of them."""
    import re

    from app.exchange.reader import _id_lines

    k = which % len(ids)
    ids = [*ids[:k], _changed(ids[k], at, char, change), *ids[k + 1 :]]
    joined = "\n".join(ids)
    assert _id_lines(joined, len(ids)) == bool(re.fullmatch(rf"(?:{_ID_PATTERN}\n)*{_ID_PATTERN}", joined))


def _changed(text: str, at: int, char: str, change: str) -> str:
    """text with one character replaced, inserted or deleted at `at` (or as it is, for "none")."""
    if change == "replace":
        return text[:at] + char + text[at + 1 :]
    if change == "insert":
        return text[:at] + char + text[at:]
    if change == "delete":
        return text[:at] + text[at + 1 :]
    return text


_ITEM = rf"{_ID_PATTERN},[1-9][0-9]{{0,8}},[0-9a-f]{{16}}"


@given(
    st.lists(
        st.tuples(st.uuids().map(str), st.integers(1, 999_999_999).map(str), st.binary(min_size=8, max_size=8)),
        min_size=1,
        max_size=4,
    ),
    st.integers(0, 200),
    st.sampled_from(["0", "a", "F", "-", "\n", ",", ";", " ", "g", "²", "٣", ""]),
    st.sampled_from(["replace", "insert", "delete", "none"]),
)
def test_a_meta_cell_of_row_digests_is_taken_exactly_when_the_pattern_says(
    items: list[tuple[str, str, bytes]], at: int, char: str, change: str
) -> None:
    """A _meta cell of row digests ("id,revision,digest;…") is taken into the compact RowDigests
    exactly when written as the app writes them, whatever was changed in one place (else the
    digests are read as a plain dict), and gives back the ids, revisions and digests written."""
    import re

    from app.exchange.layout import RowDigests

    text = _changed(";".join(f"{rid},{rev},{digest.hex()}" for rid, rev, digest in items), at, char, change)
    as_written = bool(re.fullmatch(rf"{_ITEM}(?:;{_ITEM})*", text))
    digests = RowDigests()
    taken = digests.add(text)
    ids = [item.split(",")[0] for item in text.split(";")]
    assert taken == (as_written and len(set(ids)) == len(ids))  # (an id listed twice: read as a dict)
    if taken:
        assert dict(digests) == {i.split(",")[0]: (int(i.split(",")[1]), i.split(",")[2]) for i in text.split(";")}


def test_new_records_and_a_kinds_fields_read_by_stretches_as_row_by_row() -> None:
    """What a new record is made of (new_records) and a kind's fields (fields_of_kind, the pledge
    sum's) are read a chunk's stretch at a time: the same as reading each row's RowPlan, across
    chunks, packed and loose values, ids kept as text, digests not of 8 bytes and other actions."""
    from app.merge.plan import id_key

    keys = tuple(f.key for f in PATENT_LISTING.input_fields)
    planned: list[RowPlan] = []
    for n in range(1500):
        values = {k: f"{k}{n}" for k in reversed(keys)}  # (another order than the kind's)
        if n % 700 == 5:
            values.pop(keys[1])  # (rows alike in keys packed apart; a field missing)
        rid = str(uuid.UUID(int=n + 1))
        digest = f"{n:016x}"
        if n == 40:
            rid = rid.upper()  # (kept as text)
        if n == 41:
            digest = "short"
        action = STALE if n % 97 == 3 else NEW
        kind = TASK_PROGRESS if 600 <= n < 620 else PATENT_LISTING
        if action is STALE or kind is TASK_PROGRESS:
            values = NO_VALUES if n % 2 else {"period": "2025Q1"}
        planned.append(RowPlan(kind, action, 3 + n % 2, rid, 1 + n % 3, PackedValues(values), digest, n + 2))
    rows = PlannedRows(planned[:800])
    rows.pack()
    for r in planned[800:]:
        rows.append(r)
    rows.pack()
    expected = [
        (tuple(r.values.get(k) for k in keys), r.record_id, r.unit_id, r.revision, r.digest)
        for r in planned
        if r.kind is PATENT_LISTING and r.action == NEW
    ]
    parts = list(rows.new_records(PATENT_LISTING, 300))
    assert [x for part in parts for x in part] == expected
    assert all(len(part) == 300 for part in parts[:-1]) and 0 < len(parts[-1]) <= 300
    assert rows.kinds_with(NEW) == [PATENT_LISTING, TASK_PROGRESS] and rows.kinds_with(CONFLICT) == []
    picked = ("name", "period")
    assert list(rows.fields_of_kind(PATENT_LISTING, picked)) == [
        (id_key(r.record_id), r.unit_id, tuple(r.values.get(k) for k in picked))
        for r in planned
        if r.kind is PATENT_LISTING and r.values
    ]
    # the plausibility checks' reading (streets and 情况说明), a stretch at a time, as row by row
    picks = {k.key: ("name", "period") for k in KINDS}
    stretches = list(rows.picked_stretches([NEW, STALE], picks))
    flat = [(i, kind, tuple(c[n] for c in cols)) for places, kind, cols in stretches for n, i in enumerate(places)]
    assert flat == list(rows.picked_with_action([NEW, STALE], picks)) and len(stretches) < len(flat) / 10
