"""The review cycle (SPEC §9): the rules as a table, then states kept by import, accept, re-open and undo."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.merge import ImportRefused, apply_plan, plan_import, undo_import
from app.outgoing.submission import export_submission
from app.review import rules as review_rules
from app.review import state as review
from app.review.rules import ACCEPTED, NOT_SUBMITTED, PENDING, RETURNED, ReviewError
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, db_arg, edit_record

Q1 = parse_period("2025Q1")


@pytest.mark.parametrize(
    ("state", "held", "after"),
    [
        (NOT_SUBMITTED, False, PENDING),
        (PENDING, False, PENDING),
        (RETURNED, False, PENDING),
        (ACCEPTED, True, ACCEPTED),
    ],
)
def test_a_submission_waits_for_review_unless_the_period_is_accepted(state: str, held: bool, after: str) -> None:
    assert review_rules.on_import(state) == review_rules.ImportOutcome(after, held)


@pytest.mark.parametrize(
    ("step", "state", "result"),
    [
        (review_rules.on_accept, PENDING, ACCEPTED),
        (review_rules.on_accept, RETURNED, ACCEPTED),
        (review_rules.on_accept, NOT_SUBMITTED, "尚未报送"),
        (review_rules.on_accept, ACCEPTED, "已经接收"),
        (review_rules.on_return, PENDING, RETURNED),
        (review_rules.on_return, RETURNED, RETURNED),
        (review_rules.on_return, NOT_SUBMITTED, "催报"),
        (review_rules.on_return, ACCEPTED, "重新打开"),
        (review_rules.on_reopen, ACCEPTED, PENDING),
        (review_rules.on_reopen, PENDING, "无需重新打开"),
    ],
)
def test_review_steps(step, state: str, result: str) -> None:  # noqa: ANN001
    if result in review_rules.STATE_LABELS:
        assert step(state, "长寿路街道", Q1.label) == result
    else:
        with pytest.raises(ReviewError, match=result):
            step(state, "长寿路街道", Q1.label)


def test_due_date_defaults_to_the_tenth_day_after_the_period() -> None:
    assert review_rules.default_due(Q1) == date(2025, 4, 10)
    assert review_rules.default_due(parse_period("2025-12")) == date(2026, 1, 10)
    assert review_rules.default_due(parse_period("2025")) == date(2026, 1, 10)


@pytest.mark.parametrize(
    ("submitted", "today", "expected"),
    [
        (datetime(2025, 4, 10, 23, 59), date(2025, 5, 1), review_rules.ON_TIME),
        (datetime(2025, 4, 11, 0, 1), date(2025, 5, 1), review_rules.LATE),
        (None, date(2025, 4, 10), review_rules.NOT_DUE),
        (None, date(2025, 4, 11), review_rules.MISSING),
    ],
)
def test_timeliness(submitted, today: date, expected: str) -> None:  # noqa: ANN001
    assert review_rules.timeliness(submitted, date(2025, 4, 10), today) == expected


def _submit(unit_ledger, tmp_path: Path, name: str) -> Path:
    return export_submission(unit_ledger, Q1, tmp_path / name).path


def _import(bureau, path: Path, received: datetime | None = None):  # noqa: ANN202
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    return plan, apply_plan(bureau, plan, received=received)


def _state(bureau, unit: str) -> review.UnitStatus:
    with bureau.session() as s:
        return next(r for r in review.statuses(s, Q1, today=date(2025, 5, 1)) if r.unit == unit)


@pytest.mark.both_backends
def test_accepting_locks_the_period_and_a_later_file_is_held_until_reopened(ledgers, tmp_path: Path) -> None:
    unit = ledgers("长寿路街道")
    bureau = ledgers("区知识产权局")
    rid = add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="召开推进会")
    assert _state(bureau, "长寿路街道").state == NOT_SUBMITTED
    assert _state(bureau, "长寿路街道").timeliness == review_rules.MISSING

    _import(bureau, _submit(unit, tmp_path, "first.xlsx"), received=datetime(2025, 4, 12, 9))
    first = _state(bureau, "长寿路街道")
    assert (first.state, first.timeliness, first.due) == (PENDING, review_rules.LATE, date(2025, 4, 10))

    review.accept(bureau, "长寿路街道", Q1)
    assert _state(bureau, "长寿路街道").state == ACCEPTED

    edit_record(unit, TASK_PROGRESS, rid, progress="召开推进会3次")
    later = _submit(unit, tmp_path, "later.xlsx")
    plan, ids = _import(bureau, later)
    assert plan.files[0].held and ids == []
    with bureau.session() as s:
        assert s.get(TASK_PROGRESS.model, rid).progress == "召开推进会"  # listed, not merged
    held = _state(bureau, "长寿路街道").held
    assert [h.file_name for h in held] == ["later.xlsx"]
    assert [p.read_bytes() for p in review.held_paths(bureau, held)] == [later.read_bytes()]

    with pytest.raises(ImportRefused, match="已接收"):
        undo_import(bureau, 1)

    reopened = review.reopen(bureau, "长寿路街道", Q1)
    assert [h.file_name for h in reopened] == ["later.xlsx"]
    [again] = review.held_paths(bureau, reopened)
    assert again.name == "later.xlsx"
    plan, ids = _import(bureau, again)
    assert not plan.files[0].held and ids
    status = _state(bureau, "长寿路街道")
    assert (status.state, status.held) == (PENDING, [])
    # on time or late is decided by the first submission
    assert status.timeliness == review_rules.LATE
    with bureau.session() as s:
        assert s.get(TASK_PROGRESS.model, rid).progress == "召开推进会3次"

    undo_import(bureau, ids[0])
    assert _state(bureau, "长寿路街道").state == PENDING
    undo_import(bureau, 1)
    assert _state(bureau, "长寿路街道").state == NOT_SUBMITTED


@pytest.mark.both_backends
def test_review_steps_are_refused_in_an_office_ledger(ledgers) -> None:
    unit = ledgers("长寿路街道")
    with pytest.raises(ValueError, match="区局"):
        review.accept(unit, "长寿路街道", Q1)


def test_due_date_is_a_bureau_setting(ledgers) -> None:
    bureau = ledgers("区知识产权局")
    with bureau.session() as s:
        review.set_due_date(s, Q1, date(2025, 4, 15))
    assert _state(bureau, "长寿路街道").due == date(2025, 4, 15)
    with bureau.session() as s:
        review.set_due_date(s, Q1, None)
        assert review.due_date(s, Q1) == date(2025, 4, 10)


@pytest.mark.both_backends
def test_status_accept_reopen_on_the_command_line(ledgers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from app.cli.main import main

    unit = ledgers("长寿路街道")
    bureau = ledgers("区知识产权局")
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="召开推进会")
    db = ["--db", db_arg(bureau)]
    path = _submit(unit, tmp_path, "s.xlsx")
    assert main([*db, "import", str(path), "--received", "2025-04-09"]) == 0
    capsys.readouterr()

    assert main([*db, "status", "--period", "2025Q1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["due"] == "2025-04-10"
    row = next(u for u in out["units"] if u["unit"] == "长寿路街道")
    assert (row["state_label"], row["late"], row["submitted_at"][:10]) == ("待审核", False, "2025-04-09")
    assert all(u["unit"] != "区知识产权局" for u in out["units"])

    assert main([*db, "accept", "--unit", "长寿路街道", "--period", "2025Q1"]) == 0
    assert main([*db, "accept", "--unit", "长寿路街道", "--period", "2025Q1"]) == 1
    assert "已经接收" in capsys.readouterr().err
    assert main([*db, "status", "--period", "2025Q1"]) == 0
    assert "长寿路街道\t已接收" in capsys.readouterr().out
    assert main([*db, "reopen", "--unit", "长寿路街道", "--period", "2025Q1"]) == 0
    assert main([*db, "accept", "--unit", "曹杨新村街道", "--period", "2025Q1"]) == 1
    assert "尚未报送" in capsys.readouterr().err
    assert main([*db, "due", "--period", "2025Q1", "--date", "2025-04-20"]) == 0
    assert "2025-04-20" in capsys.readouterr().out
    assert main([*db, "import", str(path), "--received", "4月9日"]) == 2


def test_return_and_export_into_a_folder(ledgers, tmp_path: Path, capsys) -> None:
    """`return … -o FOLDER/` failed with "Is a directory" (issue 23 item 19): a folder given as the
    output takes the file under its usual name, as `export -o FOLDER/` does."""
    from app.cli.main import main as cli
    from app.merge import apply_plan, plan_import
    from app.vocabulary.kinds import TASK_PROGRESS
    from tests.conftest import add_record

    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    sent = tmp_path / "寄出"
    sent.mkdir()
    assert cli(["--db", str(street.path), "export", "--period", "2025Q1", "-o", f"{sent}/"]) == 0
    [file] = sent.glob("*.xlsx")
    apply_plan(bureau, plan_import(bureau, [file]))
    folder = tmp_path / "反馈"  # not there yet: the trailing separator says it is a folder
    capsys.readouterr()
    args = ["--db", str(bureau.path), "return", "--unit", "长寿路街道", "--period", "2025Q1", "--comment", "请补充"]
    assert cli([*args, "-o", f"{folder}/"]) == 0, capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["知识产权台账_反馈_长寿路街道_2025Q1.xlsx"]


def test_a_held_file_a_return_with_a_new_due_date_and_the_resent_answers(ledgers, tmp_path: Path) -> None:
    """Issue 23 item 10: a held file re-opened and imported keeps the name it came with (it was logged
    as 3d957e….xlsx); the time beside 按时 is the one it is judged by, the later file's beside it; 退回
    can set a new due date; a re-send's preview counts the answers it carries; the unit's dashboard
    stops saying 区局已退回 once the answers and fixes are exported."""
    from datetime import date, datetime

    from sqlalchemy import select

    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission
    from app.reports.overview import RESENT, unit_overview
    from app.review import comments
    from app.review.feedback import return_submission
    from app.vocabulary.kinds import TASK_PROGRESS
    from app.vocabulary.periods import parse_period
    from db.models import ImportLog
    from tests.conftest import add_record

    q1 = parse_period("2025Q1")
    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    first = export_submission(street, q1, tmp_path / "长寿路街道_2025Q1.xlsx").path
    apply_plan(bureau, plan_import(bureau, [first]), received=datetime(2025, 4, 8, 9, 0))
    review.accept(bureau, "长寿路街道", q1)
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=2, status="推进中", progress="补报")
    later = export_submission(street, q1, tmp_path / "长寿路街道_2025Q1_补充.xlsx").path
    apply_plan(bureau, plan_import(bureau, [later]), received=datetime(2025, 7, 20, 10, 0))  # held
    [held] = review.reopen(bureau, "长寿路街道", q1)
    apply_plan(bureau, plan_import(bureau, review.held_paths(bureau, [held])), received=datetime(2025, 7, 20, 10, 0))
    with bureau.session() as s:
        assert s.query(ImportLog).order_by(ImportLog.id.desc()).first().file_name == "长寿路街道_2025Q1_补充.xlsx"
        [st] = [x for x in review.statuses(s, q1, date(2025, 7, 21)) if x.unit == "长寿路街道"]
    assert st.standing == "按时·待审核"
    assert st.sent_text == "2025-04-08 09:00（最新 07-20 10:00）"  # it read 2025-07-20 10:00 beside 按时

    with bureau.session() as s:
        rid = s.scalars(select(TASK_PROGRESS.model.id).where(TASK_PROGRESS.model.task_number == 2)).one()
        comments.add_comment(s, "请补充量化成果", record_id=rid, field="量化成果")
    feedback, _n = return_submission(bureau, "长寿路街道", q1, "", tmp_path / "反馈.xlsx", due=date(2025, 7, 31))
    apply_plan(street, plan_import(street, [feedback]))  # a feedback workbook imports like any file
    with street.session() as s:
        assert review.due_date(s, q1) == date(2025, 7, 31)  # the corrected file's due date reached the unit
        [c] = comments.comments(s)
        comments.answer(s, c.id, comments.FIXED, "已补充")
    before = unit_overview(street, q1, today=date(2025, 7, 25))
    assert any("区局已退回" in w for w in before.waiting)
    resent = export_submission(street, q1, tmp_path / "长寿路街道_2025Q1_改.xlsx").path
    after = unit_overview(street, q1, today=date(2025, 7, 25))
    assert after.state == RESENT and not any("区局已退回" in w for w in after.waiting)
    [fp] = plan_import(bureau, [resent]).files
    assert fp.answers == 1


def test_importing_only_a_feedback_workbook_says_what_it_takes(ledgers, tmp_path: Path, capsys) -> None:
    """The command line ended a feedback import with 合计：新增 0，更新 0 … — rows a feedback workbook
    never has; it says how many comments the unit takes and the state the bureau set."""
    from app.cli.main import main
    from app.review.comments import add_comment
    from app.review.feedback import return_submission

    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    apply_plan(bureau, plan_import(bureau, [export_submission(street, Q1, tmp_path / "u.xlsx").path]))
    with bureau.session() as s:
        unit_id = review.find_unit(s, "长寿路街道").id
        add_comment(s, "请补充推进会日期", unit_id=unit_id, period=Q1)
        add_comment(s, "请补充参会企业数", unit_id=unit_id, period=Q1)
    path, _n = return_submission(bureau, "长寿路街道", Q1, "", tmp_path / "反馈.xlsx")
    capsys.readouterr()
    assert main(["--db", db_arg(street), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "合计：反馈文件 1 个，将记入新收到或更新的审核意见 2 条，审核状态：已退回" in out, out
    assert "新增 0" not in out
    assert main(["--db", db_arg(street), "import", "--dry-run", str(path)]) == 0  # the same file again
    out = capsys.readouterr().out
    assert "合计：反馈文件 1 个，将记入新收到或更新的审核意见 0 条，已导入过 1 个" in out, out
