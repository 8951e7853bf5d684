"""Cells a unit changes in a spreadsheet after its app exported the file (issue 23 item 3): the
bureau sees it whether or not it already has the rows, a later file from the unit's app never
reverts that newer change, and the difference goes back to the unit with the next feedback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.exchange.reader import read_workbook
from app.merge import DIVERGED, NEW, apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.review import comments
from app.review.feedback import comment_rows, return_submission
from app.vocabulary.kinds import PLEDGE_FINANCING
from app.vocabulary.periods import parse_period
from tests.conftest import add_record
from tests.workbooks import cell_ref, replace_cell

Q4 = parse_period("2025Q4")


def amount_of(ledger, record_id: str) -> float:
    with ledger.session() as s:
        return float(s.get(PLEDGE_FINANCING.model, record_id).amount)


def _sent_and_edited(ledgers, tmp_path: Path):  # noqa: ANN001, ANN202
    """A street's pledge of 500 万元 exported, and the file's amount changed to 550 in a spreadsheet."""
    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    rid = add_record(
        street,
        PLEDGE_FINANCING,
        company="上海乙公司",
        credit_code="91310107MA1G5K3L1X",
        pledgee="上海农商银行",
        collateral_type="专利",
        amount=500.0,
        registration_no="Y2025-101",
        registered_on=date(2025, 11, 3),
        street="长寿路街道",
    )
    sent = export_submission(street, Q4, tmp_path / "app.xlsx").path
    ref = cell_ref(sent, "质押融资", "融资金额(万元)")
    edited = replace_cell(sent, tmp_path / "edited.xlsx", "质押融资", ref, f'<c r="{ref}"><v>550</v></c>')
    return street, bureau, rid, edited


def test_a_new_row_edited_in_a_spreadsheet_is_flagged_kept_and_sent_back(ledgers, tmp_path: Path) -> None:
    street, bureau, rid, edited = _sent_and_edited(ledgers, tmp_path)

    preview = plan_import(bureau, [edited])
    [row] = [r for f in preview.files for r in f.rows if r.kind is PLEDGE_FINANCING]
    assert (row.action, row.outside, row.label) == (NEW, True, "新增（表外修改）")
    assert preview.counts()["edited_outside"] == 1  # it said 0
    apply_plan(bureau, preview)
    assert amount_of(bureau, rid) == 550.0
    with bureau.session() as s:
        [note] = comments.comments(s)
        assert note.record_id == rid and "550" in note.text and note.status == comments.OPEN

    # The unit sends again from its app, which still holds 500 at the same revision: the unit's
    # spreadsheet change is the newer one and stands; the difference is shown, nothing reverted.
    again = export_submission(street, Q4, tmp_path / "again.xlsx").path
    preview = plan_import(bureau, [again])
    [row] = [r for f in preview.files for r in f.rows if r.kind is PLEDGE_FINANCING]
    assert row.action == DIVERGED and row.label == "表外修改（保留本台账的值）"
    assert (row.fields["amount"].old, row.fields["amount"].new) == (550.0, 500.0)
    apply_plan(bureau, preview)
    assert amount_of(bureau, rid) == 550.0

    # Both values travel back with the feedback workbook: the office sees them and keeps one.
    path, n = return_submission(bureau, "长寿路街道", Q4, "", tmp_path / "反馈.xlsx")
    rows = [r for r in comment_rows(read_workbook(path)) if r.record_id == rid]  # as an import reads it
    field_row = next(r for r in rows if r.field == "融资金额(万元)")
    assert field_row.current == "550" and "500" in field_row.text and "550" in field_row.text
    assert n == len(rows) == 2


def test_undoing_a_file_a_later_one_found_edited_outside_is_refused(ledgers, tmp_path: Path) -> None:
    """The unit's file was edited in a spreadsheet (550), its app then sent the row again as it
    exported it (500, 表外修改（保留本台账的值）). Undoing the first import alone deleted the record the
    later, still imported file vouches for — and that file cannot be imported again. Refused, naming
    the later import to undo first, as when the later file carried the record unchanged."""
    from sqlalchemy import select

    from app.merge import ImportRefused, undo_import
    from db.models import ImportLog

    street, bureau, rid, edited = _sent_and_edited(ledgers, tmp_path)
    apply_plan(bureau, plan_import(bureau, [edited]))
    again = plan_import(bureau, [export_submission(street, Q4, tmp_path / "again.xlsx").path])
    assert {r.action for f in again.files for r in f.rows} == {DIVERGED}  # its only row
    apply_plan(bureau, again)
    with bureau.session() as s:
        first, second = s.scalars(select(ImportLog.id).order_by(ImportLog.id)).all()
    with pytest.raises(ImportRefused, match=rf"之后的导入 {second}（again\.xlsx）.*先撤销导入 {second}"):
        undo_import(bureau, first)
    assert amount_of(bureau, rid) == 550.0
    undo_import(bureau, second)
    undo_import(bureau, first)
    with bureau.session() as s:
        assert s.get(PLEDGE_FINANCING.model, rid) is None
