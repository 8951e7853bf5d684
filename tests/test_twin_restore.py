"""A bureau ledger that held twin task reports before migration 0010 (one unit × period × task
imported twice, from two PCs of the unit): the upgrade kept one and tombstoned the other. When the
unit later edits the tombstoned twin, taking the unit's version would make two live reports of one
task — the import is refused in plain words (file, sheet, row, task, what to do), and the preview
already says so, instead of stopping with 程序遇到意外问题."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.cli.main import main
from app.merge import THEIRS, apply_plan, plan_import
from app.merge.apply import ImportRefused
from app.merge.plan import READY, REFUSED_FILE
from app.merge.rules import DELETION
from app.outgoing.submission import export_submission
from app.store import records
from app.store.ledger import Ledger
from app.vocabulary.kinds import PATENT_LISTING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from db.models import ImportLog
from tests.conftest import add_listing, add_record, db_arg, edit_record, make_ledger, record_values

Q1 = parse_period("2025Q1")
M = TASK_PROGRESS.model
UNIT = "长寿路街道"


def report(progress: str) -> dict[str, object]:
    return {"period": Q1.code, "task_number": 2, "status": "推进中", "progress": progress}


def live(ledger: Ledger) -> list[tuple[str, str]]:
    with ledger.session() as s:
        rows = s.execute(select(M.id, M.progress).where(M.task_number == 2, M.deleted.is_(False)))
        return sorted((rid, progress) for rid, progress in rows)


def _import(bureau: Ledger, path: Path) -> None:
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    apply_plan(bureau, plan)


@pytest.fixture
def twins(tmp_path: Path):
    """(bureau, pc2, kept id, dropped id): the bureau upgraded from a ledger holding the unit's
    task 2 twice — one report from each of the unit's two PCs — and pc2, whose report was dropped
    (pc1, whose report was kept, is at tmp_path / "pc1.db")."""
    pc1 = make_ledger(tmp_path / "pc1.db", UNIT)
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    assert main(["--db", db_arg(pc1), "backup", "-o", str(tmp_path / "pc2.db")]) == 0
    pc2 = Ledger(tmp_path / "pc2.db")
    kept = add_record(pc1, TASK_PROGRESS, **report("一号机：召开推进会"))
    edit_record(pc1, TASK_PROGRESS, kept, results="走访企业 3 家")  # revision 2: the twin the upgrade keeps
    dropped = add_record(pc2, TASK_PROGRESS, **report("二号机：制定方案"))
    _import(bureau, export_submission(pc1, Q1, tmp_path / "pc1.xlsx").path)
    # Before 0010 an import matched a row by its id alone: pc2's report came in beside pc1's.
    with bureau.engine.begin() as conn:
        conn.execute(text("DROP INDEX uq_task_progress_live"))
        conn.execute(text("DROP TABLE record_aliases"))  # made by 0011
        conn.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    with pc2.session() as s:
        values = {f.key: getattr(s.get(M, dropped), f.key) for f in TASK_PROGRESS.input_fields}
    with bureau.session() as s:
        unit = s.get(M, kept).unit_id
        records.create(s, TASK_PROGRESS, unit, values, id=dropped, synced_revision=1)
    assert len(live(bureau)) == 2
    bureau.close()
    pc1.close()
    upgraded = Ledger(tmp_path / "bureau.db")  # migration 0010 tombstones the twin with fewer revisions
    assert [rid for rid, _ in live(upgraded)] == [kept]
    yield upgraded, pc2, kept, dropped
    upgraded.close()
    pc2.close()


def test_taking_the_units_edit_of_a_dropped_twin_is_refused_in_plain_words(twins, tmp_path: Path) -> None:
    bureau, pc2, kept, dropped = twins
    edit_record(pc2, TASK_PROGRESS, dropped, progress="二号机：方案已印发")
    path = export_submission(pc2, Q1, tmp_path / "pc2-edited.xlsx").path
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    (row,) = [r for r in plan.files[0].rows if r.record_id == dropped]
    assert DELETION in row.conflicts
    # The preview already says that taking the unit's version cannot be done, and why.
    said = [str(w) for w in plan.files[0].warnings]
    assert any("任务 2" in w and "第" in w and "行" in w and "保留本台账" in w for w in said), said
    # Taking it anyway is refused, naming the file, sheet, row and task and saying what to do.
    with pytest.raises(ImportRefused) as refused:
        apply_plan(bureau, plan, {(dropped, DELETION): THEIRS}, default=THEIRS)
    message = str(refused.value)
    assert "pc2-edited.xlsx" in message and TASK_PROGRESS.sheet in message, message
    assert f"第 {row.sheet_row} 行" in message and "任务 2" in message, message
    assert "保留本台账" in message and "删除" in message, message
    assert live(bureau) == [(kept, "一号机：召开推进会")]  # nothing written
    # Keeping this ledger's version imports, and the kept report stays the one live report.
    apply_plan(bureau, plan_import(bureau, [path]))
    assert live(bureau) == [(kept, "一号机：召开推进会")]


def test_once_the_unit_deletes_the_kept_twin_its_edit_of_the_other_can_be_taken(twins, tmp_path: Path) -> None:
    """What the message advises: the unit deletes the other report (on the PC that filled it in)
    and sends that; then the edit of the dropped one comes in as the task's one live report."""
    bureau, pc2, kept, dropped = twins
    edit_record(pc2, TASK_PROGRESS, dropped, progress="二号机：方案已印发")
    path = export_submission(pc2, Q1, tmp_path / "pc2-edited.xlsx").path
    with Ledger(tmp_path / "pc1.db") as pc1:
        with pc1.session() as s:
            records.delete(s, TASK_PROGRESS, s.get(M, kept))
        _import(bureau, export_submission(pc1, Q1, tmp_path / "pc1-deleted.xlsx").path)
    assert live(bureau) == []
    plan = plan_import(bureau, [path])
    assert not [w for w in plan.files[0].warnings if "任务 2" in str(w)]
    apply_plan(bureau, plan, {(dropped, DELETION): THEIRS}, default=THEIRS)
    assert live(bureau) == [(dropped, "二号机：方案已印发")]


# --- undoing an import: a deleted report comes back only where the task has no other live one ------


@pytest.fixture
def unit_and_bureau(tmp_path: Path):
    unit = make_ledger(tmp_path / "unit.db", UNIT)
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    yield unit, bureau
    unit.close()
    bureau.close()


def test_undoing_an_import_that_replaced_a_report_brings_the_first_one_back(unit_and_bureau, tmp_path) -> None:
    """The unit deleted its report and filled the task in again; undoing that import at the bureau
    puts the first report back and takes the second away (it stopped with 程序遇到意外问题)."""
    from app.merge import undo_import

    unit, bureau = unit_and_bureau
    first = add_record(unit, TASK_PROGRESS, **report("第一稿"))
    _import(bureau, export_submission(unit, Q1, tmp_path / "1.xlsx").path)
    with unit.session() as s:
        records.delete(s, TASK_PROGRESS, s.get(M, first))
    add_record(unit, TASK_PROGRESS, **report("重新填写"))
    _import(bureau, export_submission(unit, Q1, tmp_path / "2.xlsx").path)
    assert [p for _, p in live(bureau)] == ["重新填写"]
    with bureau.session() as s:
        from db.models import ImportLog

        last = s.scalar(select(ImportLog.id).order_by(ImportLog.id.desc()).limit(1))
    undo_import(bureau, last)
    assert live(bureau) == [(first, "第一稿")]


def test_undoing_an_import_that_deleted_a_report_since_filled_in_again_is_refused_in_plain_words(
    unit_and_bureau, tmp_path
) -> None:
    from app.merge import undo_import
    from db.models import ImportLog

    unit, bureau = unit_and_bureau
    first = add_record(unit, TASK_PROGRESS, **report("第一稿"))
    _import(bureau, export_submission(unit, Q1, tmp_path / "1.xlsx").path)
    with unit.session() as s:
        records.delete(s, TASK_PROGRESS, s.get(M, first))
    _import(bureau, export_submission(unit, Q1, tmp_path / "2.xlsx").path)  # the deletion alone
    with bureau.session() as s:
        deleting = s.scalar(select(ImportLog.id).order_by(ImportLog.id.desc()).limit(1))
    again = add_record(unit, TASK_PROGRESS, **report("重新填写"))
    _import(bureau, export_submission(unit, Q1, tmp_path / "3.xlsx").path)
    with pytest.raises(ImportRefused) as refused:
        undo_import(bureau, deleting)
    message = str(refused.value)
    assert "任务 2" in message and "2.xlsx" in message and again in message, message
    assert live(bureau) == [(again, "重新填写")]


def restored_twin(tmp_path: Path) -> tuple[Ledger, Ledger, Path, str, str]:
    """(bureau, pc1, path, restored id, twin id): the bureau took pc1's deletion of its task 2 report,
    then pc2 (a copy of pc1) filled task 2 in again; pc1 restored its report and sent `path`."""
    pc1 = make_ledger(tmp_path / "pc1.db", UNIT)
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    first = add_record(pc1, TASK_PROGRESS, **report("一号机：第一稿"))
    _import(bureau, export_submission(pc1, Q1, tmp_path / "1.xlsx").path)
    with pc1.session() as s:
        records.delete(s, TASK_PROGRESS, s.get(M, first))
    _import(bureau, export_submission(pc1, Q1, tmp_path / "2.xlsx").path)  # deleted at the bureau too
    assert main(["--db", db_arg(pc1), "backup", "-o", str(tmp_path / "pc2.db")]) == 0
    with Ledger(tmp_path / "pc2.db") as pc2:
        other = add_record(pc2, TASK_PROGRESS, **report("二号机：重新填写"))
        _import(bureau, export_submission(pc2, Q1, tmp_path / "pc2.xlsx").path)
    assert live(bureau) == [(other, "二号机：重新填写")]
    with pc1.session() as s:
        records.undelete(s, TASK_PROGRESS, s.get(M, first))
    path = export_submission(pc1, Q1, tmp_path / "3.xlsx").path
    return bureau, pc1, path, first, other


def other_units_file(tmp_path: Path) -> tuple[Path, str]:
    """(path, listing id): another unit's good submission, to import in the same batch."""
    with make_ledger(tmp_path / "c.db", "区科委") as c:
        listing = add_listing(c, patent_no="202320123456.1", title="一种数据处理方法")
        return export_submission(c, Q1, tmp_path / "区科委_2025Q1.xlsx").path, listing


def test_a_report_the_unit_restored_while_its_twin_lives_refuses_its_file_alone(tmp_path: Path, capsys) -> None:
    """Not a conflict — the bureau took the unit's deletion, then the unit restored the report on one
    PC while its other PC had filled the task in again. There is nothing to choose, so the file is
    refused in the preview like any bad file (file, sheet, row, task, what to do) and the batch's
    other files import; pressing 导入 refused the whole batch until the officer unticked the file."""
    bureau, pc1, path, first, other = restored_twin(tmp_path)
    good, listing = other_units_file(tmp_path)
    plan = plan_import(bureau, [path, good])
    restored, fine = plan.files
    assert fine.status == READY and restored.status == REFUSED_FILE
    (row,) = [r for r in restored.rows if r.record_id == first]
    assert not row.conflicts  # nothing to choose for this row
    (error,) = restored.errors
    said = str(error)
    assert "3.xlsx" in said and "任务进展" in said and f"第 {row.sheet_row} 行" in said, said
    assert "任务 2" in said and "恢复" in said and other in said and "请填报单位" in said, said
    assert "保留本台账" not in said and "取消勾选" not in said, said
    assert not [w for w in restored.warnings if "任务 2" in str(w)]  # said once, as the error

    db = db_arg(bureau)
    assert main(["--db", db, "import", str(path), str(good)]) == 1  # as for any refused file
    assert "有错误，未导入任何数据" in capsys.readouterr().err
    assert record_values(bureau, PATENT_LISTING, listing) is None
    assert main(["--db", db, "import", "--skip-bad", str(path), str(good)]) == 1
    out, err = capsys.readouterr()
    assert said in out and "已拒绝 1 个有错误的文件：3.xlsx" in err, (out, err)
    assert record_values(bureau, PATENT_LISTING, listing)["title"] == "一种数据处理方法"
    assert live(bureau) == [(other, "二号机：重新填写")]
    with bureau.session() as s:
        assert s.scalars(select(ImportLog.file_name).order_by(ImportLog.id.desc()).limit(1)).all() == [good.name]
    bureau.close()
    pc1.close()


def test_a_restored_report_is_still_refused_if_the_twin_comes_alive_after_the_preview(tmp_path: Path) -> None:
    """The preview planned the restore with no live twin; another window brought one in before 导入:
    applying refuses in plain words (file, sheet, row, task), not an IntegrityError."""
    bureau, pc1, path, first, other = restored_twin(tmp_path)
    with bureau.session() as s:
        records.delete(s, TASK_PROGRESS, s.get(M, other))
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    (row,) = [r for r in plan.files[0].rows if r.record_id == first]
    with bureau.session() as s:
        records.undelete(s, TASK_PROGRESS, s.get(M, other))
    with pytest.raises(ImportRefused) as refused:
        apply_plan(bureau, plan)
    message = str(refused.value)
    assert "3.xlsx" in message and f"第 {row.sheet_row} 行" in message and "恢复" in message, message
    assert "保留本台账" not in message and "“删除”" not in message, message
    assert live(bureau) == [(other, "二号机：重新填写")]
    bureau.close()
    pc1.close()
