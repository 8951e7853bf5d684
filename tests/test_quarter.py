"""A whole quarter through the command line and real workbooks (SPEC §9, §12): three units — one on
time, one late, one not at all; a return with a field comment; the unit sees it on that field, fixes
the record, answers and resubmits; the bureau accepts; a later file is held, then merged after
re-open. `status --json` is checked at every step."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.cli.main import main
from app.vocabulary.kinds import TASK_PROGRESS
from tests.conftest import add_record, edit_record, record_values

ON_TIME, LATE, SILENT = "长寿路街道", "曹杨新村街道", "长风新村街道"


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, db: Path, *args: str, code: int = 0) -> str:
        self.capsys.readouterr()
        result = main(["--db", str(db), *args])
        out = self.capsys.readouterr()
        assert result == code, out.out + out.err
        return out.out + out.err

    def json(self, db: Path, *args: str) -> object:
        return json.loads(self(db, *args, "--json"))

    def status(self, db: Path) -> dict[str, dict]:
        out = self.json(db, "status", "--period", "2025Q1")
        assert out["due"] == "2025-04-10"
        return {u["unit"]: u for u in out["units"]}


def test_a_quarter_of_review(ledgers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(capsys)
    units = {name: ledgers(name) for name in (ON_TIME, LATE, SILENT)}
    bureau = ledgers("区知识产权局").path
    records = {
        name: add_record(
            units[name],
            TASK_PROGRESS,
            period="2025Q1",
            task_number=1,
            status="推进中",
            progress="召开推进会",
            reporter="王敏",
            phone="021-62000000",
        )
        for name in (ON_TIME, LATE)
    }

    status = cli.status(bureau)
    assert {status[u]["state_label"] for u in (ON_TIME, LATE, SILENT)} == {"未报送"}
    assert all(status[u]["due"] == "2025-04-10" for u in status)

    files = {}
    for name, received in ((ON_TIME, "2025-04-08"), (LATE, "2025-04-16")):
        files[name] = Path(
            cli(units[name].path, "export", "--period", "2025Q1", "-o", str(tmp_path / f"{name}.xlsx")).splitlines()[0]
        )  # the path is the first line; a warning of the unit's unreported tasks follows on stderr
        assert "已导入" in cli(bureau, "import", str(files[name]), "--received", received)
    status = cli.status(bureau)
    assert (status[ON_TIME]["state_label"], status[ON_TIME]["late"]) == ("待审核", False)
    assert (status[LATE]["state_label"], status[LATE]["late"], status[LATE]["timeliness_label"]) == (
        "待审核",
        True,
        "逾期",
    )
    assert (status[SILENT]["state_label"], status[SILENT]["timeliness_label"]) == ("未报送", "未报送")

    # The bureau returns the on-time unit's submission with a comment on one field.
    rid = records[ON_TIME]
    cli(bureau, "comment", "--record", rid, "--field", "进展情况", "请写明推进会的日期和参会企业数")
    feedback = tmp_path / "反馈.xlsx"
    assert str(feedback) in cli(
        bureau, "return", "--unit", ON_TIME, "--period", "2025Q1", "--comment", "请核对任务1", "-o", str(feedback)
    )
    status = cli.status(bureau)
    assert (status[ON_TIME]["state_label"], status[ON_TIME]["open_comments"]) == ("已退回", 2)
    sheet = openpyxl.load_workbook(feedback)["反馈意见"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    by_field = {r[header.index("字段")]: r for r in rows[1:]}
    assert by_field["进展情况"][header.index("对象")] == "任务 1（2025Q1）"
    assert by_field["进展情况"][header.index("当前值")] == "召开推进会"
    answer = header.index("答复") + 1  # the unit types its answer as text: a phone keeps its leading 0
    assert [d.number_format for d in sheet.column_dimensions.values() if d.min <= answer <= d.max] == ["@"]

    # The unit imports the feedback: the comment sits on its record and field, waiting (待处理).
    unit_db = units[ON_TIME].path
    assert "待处理意见共 2 条" in cli(unit_db, "import", str(feedback))
    received = cli.json(unit_db, "comments")
    on_field = next(c for c in received if c["record_id"] == rid)
    assert (on_field["field"], on_field["current"], on_field["status_label"]) == ("进展情况", "召开推进会", "待处理")
    assert on_field["text"] == "请写明推进会的日期和参会企业数"
    assert cli.json(unit_db, "status", "--period", "2025Q1")["units"][0]["state_label"] == "已退回"

    # It fixes the field, answers both comments and sends the period again.
    edit_record(units[ON_TIME], TASK_PROGRESS, rid, progress="3月12日召开推进会，18家企业参加")
    whole = next(c for c in received if c["record_id"] is None)
    cli(unit_db, "answer", on_field["id"], "--fixed", "已补充日期和企业数")
    cli(unit_db, "answer", whole["id"], "--explain", "任务1已核对无误")
    assert [c["status_label"] for c in cli.json(unit_db, "comments")] == ["已答复", "已答复"]
    again = Path(cli(unit_db, "export", "--period", "2025Q1", "-o", str(tmp_path / "again.xlsx")).splitlines()[0])
    cli(bureau, "import", str(again))
    status = cli.status(bureau)
    assert (status[ON_TIME]["state_label"], status[ON_TIME]["late"], status[ON_TIME]["answered_comments"]) == (
        "待审核",
        False,
        2,
    )
    sent = {c["id"]: c for c in cli.json(bureau, "comments")}
    assert sent[on_field["id"]]["status_label"] == "已答复"
    assert sent[on_field["id"]]["answer"] == "已补充日期和企业数"
    assert sent[whole["id"]]["answer_kind"] == "explained"
    assert _value(bureau, rid, "progress") == "3月12日召开推进会，18家企业参加"

    # Accepted: the period is locked, its comments closed.
    cli(bureau, "accept", "--unit", ON_TIME, "--period", "2025Q1")
    assert cli.status(bureau)[ON_TIME]["state_label"] == "已接收"
    assert cli.json(bureau, "comments") == []

    # A later file for the accepted period is held, not merged …
    edit_record(units[ON_TIME], TASK_PROGRESS, rid, status="已完成")
    later = Path(cli(unit_db, "export", "--period", "2025Q1", "-o", str(tmp_path / "later.xlsx")).splitlines()[0])
    assert "待重新审核" in cli(bureau, "import", str(later))
    status = cli.status(bureau)
    assert (status[ON_TIME]["state_label"], status[ON_TIME]["held"]) == ("已接收", 1)
    assert _value(bureau, rid, "status") == "推进中"

    # … until the bureau re-opens the period; then it merges.
    assert "later.xlsx" in cli(bureau, "reopen", "--unit", ON_TIME, "--period", "2025Q1")
    cli(bureau, "import", str(later))
    status = cli.status(bureau)
    assert (status[ON_TIME]["state_label"], status[ON_TIME]["held"]) == ("待审核", 0)
    assert _value(bureau, rid, "status") == "已完成"
    assert (status[LATE]["state_label"], status[SILENT]["state_label"]) == ("待审核", "未报送")


def _value(path: Path, record_id: str, key: str) -> object:
    from app.store.ledger import Ledger

    with Ledger(path) as ledger:
        return record_values(ledger, TASK_PROGRESS, record_id)[key]


def test_the_status_of_a_year_is_said_quarter_by_quarter(ledgers, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """The officer asks `status --period 2025` at the year's end: units report per quarter, so the
    answer is each quarter's states (the unit that sent Q1 is 待审核 there), not one line per
    unit reading 未报送 for a year nobody reports as such."""
    cli = Cli(capsys)
    unit = ledgers(ON_TIME)
    bureau = ledgers("区知识产权局").path
    add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="召开推进会")
    sent = cli(unit.path, "export", "--period", "2025Q1", "-o", str(tmp_path / "q1.xlsx")).splitlines()[0]
    cli(bureau, "import", sent, "--received", "2025-04-08")

    out = cli.json(bureau, "status", "--period", "2025")
    assert [p["period"] for p in out["periods"]] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    q1 = {u["unit"]: u["state_label"] for u in out["periods"][0]["units"]}
    assert (q1[ON_TIME], q1[LATE]) == ("待审核", "未报送")
    text = cli(bureau, "status", "--period", "2025")
    assert "2025年第一季度（2025Q1）  截止日期 2025-04-10" in text and "2025年第四季度（2025Q4）" in text
    assert f"{ON_TIME}\t待审核" in text
    assert cli.json(bureau, "status", "--period", "2025Q1")["period"] == "2025Q1"  # one quarter: as before


def test_a_comment_names_an_amount_column_as_the_officer_says_it(ledgers, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """`comment --field 融资金额`: the officer names the column without its (万元); it was refused
    with “质押融资”没有名为“融资金额”的列."""
    from datetime import date

    from app.vocabulary.kinds import PLEDGE_FINANCING

    cli = Cli(capsys)
    unit = ledgers(ON_TIME)
    bureau = ledgers("区知识产权局").path
    rid = add_record(
        unit,
        PLEDGE_FINANCING,
        company="上海某新材料有限公司",
        credit_code="91310107MA1G000010",
        pledgee="上海农商银行普陀支行",
        collateral_type="专利",
        amount=500.0,
        registered_on=date(2025, 3, 5),
    )
    sent = cli(unit.path, "export", "--period", "2025Q1", "-o", str(tmp_path / "q1.xlsx")).splitlines()[0]
    cli(bureau, "import", sent)
    cli(bureau, "comment", "--record", rid, "--field", "融资金额", "金额与登记证明不符，请核对")
    [comment] = cli.json(bureau, "comments")
    assert comment["field"] == "融资金额(万元)", comment
