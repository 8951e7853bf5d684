"""A unit's row that lands on a record the bureau holds under another id — the same task report,
indicator value or station quarter typed again under a new id (the unit's other PC, or the
program after a filled workbook) — leaves its id known as that record's: the unit's later files
carrying that id are merged under the normal rules (an older file is stale, a deletion reaches the
record, an edit is an update, not 表外修改), and undoing the import forgets it.
Runs on an SQLite file and on a PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.merge import apply_plan, plan_import, undo_import
from app.merge.rules import DELETED, STALE, UPDATED
from app.outgoing.submission import export_submission
from app.store import records
from app.store.ledger import Ledger
from app.vocabulary.kinds import BRAND_STATION, INDICATOR_VALUE, STATION_SERVICE, TASK_PROGRESS, Kind
from app.vocabulary.periods import parse_period
from db.models import ImportLog, RecordAlias
from tests.conftest import add_record, db_arg, edit_record

pytestmark = pytest.mark.both_backends

Q1 = parse_period("2025Q1")
UNIT = "长寿路街道"
STATION = {"name": "长寿路商标品牌指导站", "host_org": "上海长寿企业服务有限公司", "street": UNIT}

# Each kind of which a unit has one record a period: its values with `n` in the field that changes
CASES = {
    TASK_PROGRESS.key: (
        TASK_PROGRESS,
        "progress",
        lambda n: {"period": Q1.code, "task_number": 2, "status": "推进中", "progress": f"第{n}稿"},
    ),
    INDICATOR_VALUE.key: (
        INDICATOR_VALUE,
        "value",
        lambda n: {"indicator_number": 3, "period": Q1.code, "value": n / 10},
    ),
    STATION_SERVICE.key: (
        STATION_SERVICE,
        "companies_served",
        lambda n: {"station_name": STATION["name"], "period": Q1.code, "companies_served": n},
    ),
}


@pytest.fixture(params=list(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Kind, str, object]:
    return CASES[request.param]


def live(ledger: Ledger, kind: Kind, key: str) -> list[object]:
    m = kind.model
    with ledger.session() as s:
        return list(s.scalars(select(getattr(m, key)).where(m.deleted.is_(False))))


def imported(bureau: Ledger, path: Path):  # noqa: ANN201 - the file's plan, applied
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    apply_plan(bureau, plan)
    return plan.files[0]


@pytest.fixture
def retyped(ledgers, tmp_path: Path, case):  # noqa: ANN001, ANN201
    """(bureau, pc2, id on pc2, held id, pc1): the bureau holds the unit's record from its PC 1; the
    unit's PC 2 (a copy of PC 1's ledger from before) typed it again under a new id, value 2, and
    that file is imported: it landed on the record the bureau holds."""
    kind, key, values = case
    pc1, bureau = ledgers(UNIT), ledgers("区知识产权局")
    add_record(pc1, BRAND_STATION, **STATION, status="已揭牌")
    assert main(["--db", db_arg(pc1), "backup", "-o", str(tmp_path / "pc2.db")]) == 0
    held = add_record(pc1, kind, **values(1))
    imported(bureau, export_submission(pc1, Q1, tmp_path / "pc1.xlsx").path)
    pc2 = Ledger(tmp_path / "pc2.db")
    retyped_id = add_record(pc2, kind, **values(2))
    plan = plan_import(bureau, [export_submission(pc2, Q1, tmp_path / "pc2-first.xlsx").path])
    (row,) = [r for r in plan.files[0].rows if r.kind is kind]
    assert row.record_id == held  # landed on the held record, and the preview says how
    assert "记录ID不同" in row.label and "本期的同一记录" in row.label, row.label
    (shown,) = [r for r in plan.as_json()["files"][0]["rows"] if r["sheet"] == kind.sheet]  # (--json)
    assert (shown["record_id"], shown["file_record_id"], shown["matched_by_key"]) == (held, retyped_id, True)
    apply_plan(bureau, plan)
    assert live(bureau, kind, key) == [values(2)[key]]
    yield bureau, pc2, retyped_id, held, pc1
    pc2.close()


def test_an_older_file_of_the_retyped_record_is_stale(retyped, case, tmp_path: Path) -> None:
    """The unit's file with version 3 of its id, then a late re-sent file with version 2: the
    older one is skipped as stale (it overwrote the newer value)."""
    kind, key, values = case
    bureau, pc2, retyped_id, held, _pc1 = retyped
    edit_record(pc2, kind, retyped_id, **{key: values(3)[key]})
    older = export_submission(pc2, Q1, tmp_path / "pc2-older.xlsx").path
    edit_record(pc2, kind, retyped_id, **{key: values(4)[key]})
    newer = export_submission(pc2, Q1, tmp_path / "pc2-newer.xlsx").path
    imported(bureau, newer)
    assert live(bureau, kind, key) == [values(4)[key]]
    fp = imported(bureau, older)
    assert [r.action for r in fp.rows if r.kind is kind] == [STALE]
    assert live(bureau, kind, key) == [values(4)[key]]  # the unit's last word stands


def test_the_units_deletion_of_the_retyped_record_reaches_the_held_one(retyped, case, tmp_path: Path) -> None:
    kind, key, _values = case
    bureau, pc2, retyped_id, held, _pc1 = retyped
    with pc2.session() as s:
        records.delete(s, kind, s.get(kind.model, retyped_id))
    fp = imported(bureau, export_submission(pc2, Q1, tmp_path / "pc2-deleted.xlsx").path)
    assert [(r.action, r.record_id) for r in fp.rows if r.kind is kind] == [(DELETED, held)]
    assert live(bureau, kind, key) == []


def test_a_later_edit_of_the_retyped_record_is_an_update_not_an_edit_outside(retyped, case, tmp_path: Path) -> None:
    """Edited in the unit's program, the row came in as 表外修改（已采用）: an edit outside the program."""
    kind, key, values = case
    bureau, pc2, retyped_id, held, _pc1 = retyped
    edit_record(pc2, kind, retyped_id, **{key: values(5)[key]})
    fp = imported(bureau, export_submission(pc2, Q1, tmp_path / "pc2-edited.xlsx").path)
    (row,) = [r for r in fp.rows if r.kind is kind]
    assert (row.action, row.label, row.record_id, row.outside) == (UPDATED, "更新", held, False)
    assert live(bureau, kind, key) == [values(5)[key]]
    # The same file's version again, from an untouched re-export: nothing new
    again = imported(bureau, export_submission(pc2, Q1, tmp_path / "pc2-again.xlsx").path)
    assert [r.label for r in again.rows if r.kind is kind] == ["未变"]


def test_undoing_the_import_that_merged_the_retyped_record_forgets_its_id(retyped, case, tmp_path: Path) -> None:
    """Undone, the import leaves the bureau as before it: the unit's id is not the record's, and
    the unit's deletion of it goes no further than before (the held record came from PC 1)."""
    kind, key, values = case
    bureau, pc2, retyped_id, held, _pc1 = retyped
    with bureau.session() as s:
        last = s.scalar(select(func.max(ImportLog.id)))
        assert s.scalar(select(func.count()).select_from(RecordAlias)) == 1
    undo_import(bureau, last)
    assert live(bureau, kind, key) == [values(1)[key]]
    with pc2.session() as s:
        records.delete(s, kind, s.get(kind.model, retyped_id))
    fp = imported(bureau, export_submission(pc2, Q1, tmp_path / "pc2-deleted.xlsx").path)
    assert not [r for r in fp.rows if r.kind is kind and r.action == DELETED]
    assert live(bureau, kind, key) == [values(1)[key]]


def test_a_comment_on_the_held_record_reaches_the_unit_on_the_record_it_typed(retyped, case, tmp_path: Path) -> None:
    """The bureau comments on the record and returns the submission: the feedback workbook names
    the record by the id the unit's ledger holds it under, so the comment shows on that record
    (it named the bureau's id, which the unit's ledger does not have)."""
    from app.review import comments
    from app.review.feedback import return_submission

    kind, key, _values = case
    bureau, pc2, retyped_id, held, _pc1 = retyped
    with bureau.session() as s:
        comments.add_comment(s, "请核对", record_id=held, field=kind.field(key).label, period=Q1)
    feedback, _count = return_submission(bureau, UNIT, Q1, path=tmp_path / "反馈.xlsx")
    apply_plan(pc2, plan_import(pc2, [feedback]))
    with pc2.session() as s:
        assert [c.text for c in comments.comments(s, record_id=retyped_id)] == ["请核对"]


def test_a_task_filled_in_a_workbook_then_typed_in_the_program_follows_the_program(ledgers, tmp_path: Path) -> None:
    """The unit sent a filled template for 2025Q1, then started in the program and typed the task
    again: that lands on the report the template brought in, and the unit's later deletion of it
    in the program deletes that report (it was ignored: the bureau kept the template's report)."""
    import openpyxl

    from app.outgoing.submission import write_template

    unit, bureau = ledgers(UNIT), ledgers("区知识产权局")
    path = write_template(tmp_path / "填好的模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_PROGRESS.sheet]
    header = next(ws.iter_rows(max_row=1, values_only=True))
    cells = {"报告期": Q1.code, "任务编号": 2, "推进状态": "推进中", "进展情况": "模板中填的", "填报单位": UNIT}
    ws.append([cells.get(str(h)) for h in header])
    wb.save(path)
    plan = plan_import(bureau, [path], template_unit=UNIT)
    assert plan.errors == [], [str(e) for e in plan.errors]
    apply_plan(bureau, plan)
    assert live(bureau, TASK_PROGRESS, "progress") == ["模板中填的"]

    typed = add_record(unit, TASK_PROGRESS, **CASES[TASK_PROGRESS.key][2](7))
    imported(bureau, export_submission(unit, Q1, tmp_path / "程序导出.xlsx").path)
    assert live(bureau, TASK_PROGRESS, "progress") == ["第7稿"]
    with unit.session() as s:
        records.delete(s, TASK_PROGRESS, s.get(TASK_PROGRESS.model, typed))
    imported(bureau, export_submission(unit, Q1, tmp_path / "删除后.xlsx").path)
    assert live(bureau, TASK_PROGRESS, "progress") == []


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_the_units_deletion_of_a_retyped_record_the_bureau_changed_is_asked(retyped, case, side, tmp_path) -> None:
    """The bureau corrected the record since; the unit deletes it under its id: a conflict on 删除,
    as for any record — kept with the bureau's correction, or deleted, as the officer chooses."""
    from app.merge import CONFLICT, THEIRS
    from app.merge.rules import DELETION

    kind, key, values = case
    bureau, pc2, retyped_id, held, _pc1 = retyped
    edit_record(bureau, kind, held, **{key: values(9)[key]})
    with pc2.session() as s:
        records.delete(s, kind, s.get(kind.model, retyped_id))
    plan = plan_import(bureau, [export_submission(pc2, Q1, tmp_path / "pc2-deleted.xlsx").path])
    (row,) = [r for r in plan.files[0].rows if r.kind is kind]
    assert (row.action, row.record_id, list(row.conflicts)) == (CONFLICT, held, [DELETION])
    apply_plan(bureau, plan, {(held, DELETION): side})
    assert live(bureau, kind, key) == ([values(9)[key]] if side != THEIRS else [])


def test_an_edit_on_the_pc_that_holds_the_record_under_its_own_id_still_comes_in(retyped, case, tmp_path) -> None:
    """Once PC 2's row landed on the record, PC 1 (which sent the record under its own id) edits
    it: an update, as before PC 2's row came. It came as 表外修改（保留本台账的值）: PC 2's merge had
    moved the record's synced revision to one PC 1's next version also has, and PC 1's edit was
    dropped (the record kept PC 2's value)."""
    kind, key, values = case
    bureau, pc2, retyped_id, held, pc1 = retyped
    edit_record(pc1, kind, held, **{key: values(6)[key]})
    fp = imported(bureau, export_submission(pc1, Q1, tmp_path / "pc1-edited.xlsx").path)
    assert [(r.action, r.outside) for r in fp.rows if r.kind is kind] == [(UPDATED, False)]
    assert live(bureau, kind, key) == [values(6)[key]]
    # PC 2's next version of its id, after it, comes in too
    edit_record(pc2, kind, retyped_id, **{key: values(7)[key]})
    fp = imported(bureau, export_submission(pc2, Q1, tmp_path / "pc2-edited.xlsx").path)
    assert [r.action for r in fp.rows if r.kind is kind] == [UPDATED]
    assert live(bureau, kind, key) == [values(7)[key]]


def test_an_edit_on_pc1_after_pc2_deleted_the_record_is_not_dropped_as_stale(retyped, case, tmp_path) -> None:
    """PC 2 deletes the record it typed again (its id the alias), then PC 1, which holds the record
    under its own id, edits it. The deletion had set the record's synced revision to the ledger's
    next one, so PC 1's edit was 过期（已跳过） or not by how the two counters stood (found by review)."""
    kind, key, values = case
    bureau, pc2, retyped_id, held, pc1 = retyped
    with pc2.session() as s:
        records.delete(s, kind, s.get(kind.model, retyped_id))
    imported(bureau, export_submission(pc2, Q1, tmp_path / "pc2-deleted.xlsx").path)
    assert live(bureau, kind, key) == []
    edit_record(pc1, kind, held, **{key: values(6)[key]})
    plan = plan_import(bureau, [export_submission(pc1, Q1, tmp_path / "pc1-edited.xlsx").path])
    assert [r.action for r in plan.files[0].rows if r.kind is kind] not in ([], [STALE])
