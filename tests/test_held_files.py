"""Held files (待重新审核) are kept in the ledger (SPEC §9, §13): any officer of a shared ledger opens
and re-reviews them, copy-ledger and backup carry them, and a file an older version kept beside
the ledger is moved in at the upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.review import state as review
from app.review.rules import PENDING
from app.store.copying import copy_ledger
from app.store.ledger import Ledger
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from db.models import HeldContent, HeldFile
from tests.conftest import add_record, edit_record

Q1 = parse_period("2025Q1")


def _held_correction(ledgers, tmp_path: Path):  # noqa: ANN001, ANN202
    """A bureau that accepted 长寿路街道's Q1 and then received a correction: held."""
    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    rid = add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    apply_plan(bureau, plan_import(bureau, [export_submission(street, Q1, tmp_path / "in" / "首次.xlsx").path]))
    review.accept(bureau, "长寿路街道", Q1)
    edit_record(street, TASK_PROGRESS, rid, progress="已部署并完成验收")
    later = export_submission(street, Q1, tmp_path / "in" / "更正.xlsx").path
    plan = plan_import(bureau, [later])
    assert plan.files[0].held
    apply_plan(bureau, plan)
    return bureau, rid, later


@pytest.mark.both_backends
def test_another_officer_re_reviews_a_file_held_by_the_first(ledgers, tmp_path: Path) -> None:
    bureau, rid, later = _held_correction(ledgers, tmp_path)
    sent = later.read_bytes()
    later.unlink()  # the receiving officer's mail folder is of no help to the other
    if bureau.path is not None:
        assert not (bureau.path.parent / "held").exists()  # nothing kept beside the ledger file
    other = Ledger(bureau.location)  # a second officer, on the same ledger
    try:
        [held] = review.reopen(other, "长寿路街道", Q1)
        with other.session() as s:
            inputs = review.held_inputs(s, held, tmp_path / "officer2")
        assert [p.name for p in inputs] == ["更正.xlsx"] and inputs[0].read_bytes() == sent
        plan = plan_import(other, inputs)
        assert not plan.errors and not plan.files[0].held, plan.errors
        apply_plan(other, plan)
    finally:
        other.close()
    with bureau.session() as s:
        assert s.get(TASK_PROGRESS.model, rid).progress == "已部署并完成验收"
        assert [h.outcome for h in s.scalars(select(HeldFile))] == [review.MERGED]
        [st] = [x for x in review.statuses(s, Q1) if x.unit == "长寿路街道"]
        assert st.state == PENDING and st.held == []


@pytest.mark.both_backends
def test_copy_ledger_carries_the_held_files(ledgers, new_location, tmp_path: Path) -> None:
    bureau, rid, later = _held_correction(ledgers, tmp_path)
    target = new_location("copy.db")
    report = copy_ledger(bureau, target)
    assert report.tables["held_contents"][0] == 1
    later.unlink()
    with Ledger(target) as copy:
        [held] = review.reopen(copy, "长寿路街道", Q1)
        apply_plan(copy, plan_import(copy, review.held_paths(copy, [held])))
        with copy.session() as s:
            assert s.get(TASK_PROGRESS.model, rid).progress == "已部署并完成验收"


def test_a_file_an_older_version_kept_beside_the_ledger_is_moved_in(ledgers, tmp_path: Path) -> None:
    """A ledger of revision 0008 kept its held files in a folder beside it: the upgrade moves them in."""
    bureau, rid, later = _held_correction(ledgers, tmp_path)
    path = bureau.path
    bureau.close()
    old_copy = path.parent / "held" / f"{review.held_name('ab' * 32)}"
    old_copy.parent.mkdir()
    old_copy.write_bytes(later.read_bytes())
    later.unlink()
    with sqlite3.connect(path) as conn:  # as 0008 left it: the copy beside, no held_contents
        conn.execute("UPDATE held_files SET stored_path = ?", (str(old_copy),))
        conn.execute("DROP TABLE held_contents")
        conn.execute("DROP INDEX uq_task_progress_live")  # made by 0010
        conn.execute("DROP TABLE record_aliases")  # made by 0011
        conn.execute("UPDATE alembic_version SET version_num = '0008'")
    conn.close()
    with Ledger(path) as upgraded:
        with upgraded.session() as s:
            assert s.scalar(select(func.count()).select_from(HeldContent)) == 1
            assert s.scalar(select(HeldFile.stored_path)) == ""
        old_copy.unlink()  # the copy beside is no longer needed
        [held] = review.reopen(upgraded, "长寿路街道", Q1)
        [again] = review.held_paths(upgraded, [held])
        assert again.name == "更正.xlsx"
        apply_plan(upgraded, plan_import(upgraded, [again]))
        with upgraded.session() as s:
            assert s.get(TASK_PROGRESS.model, rid).progress == "已部署并完成验收"


def test_a_held_file_whose_copy_is_on_another_pc_says_so(ledgers, tmp_path: Path) -> None:
    """An entry of an older version whose copy was not there at the upgrade: read where it lies, if
    it is there, else the officer is told where it was kept."""
    bureau, _rid, later = _held_correction(ledgers, tmp_path)
    with bureau.session() as s:
        s.execute(HeldContent.__table__.delete())
        s.execute(HeldFile.__table__.update().values(stored_path=str(later)))
    [held] = review.reopen(bureau, "长寿路街道", Q1)
    assert review.held_paths(bureau, [held]) == [later]
    later.unlink()
    with pytest.raises(review.ReviewError, match="不在本机"):
        review.held_paths(bureau, [held])
