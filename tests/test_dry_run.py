"""`--dry-run` writes nothing, whatever the file: every kind of workbook the program reads is
previewed with --dry-run (and with --json, which prints JSON) and the ledger's folder is compared
byte for byte before and after — the ledger file, and no backup, held copy or journal left behind."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.cli.main import main
from app.merge import apply_plan, plan_import
from app.outgoing.prefill import write_prefill
from app.outgoing.submission import export_submission, write_template
from app.plans.workbook import write_plan_workbook
from app.reports.consolidated import consolidate
from app.review import comments
from app.review.feedback import return_submission
from app.vocabulary.kinds import PATENT_LISTING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, add_record, edit_record, make_ledger
from tests.test_plan_load import GOOD_INDICATORS, GOOD_TASKS, fill_plan_workbook

ME, BUREAU = "长寿路街道", "区知识产权局"
Q1 = parse_period("2025Q1")


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One file of each kind, and the two ledgers that read them (each alone in its folder)."""
    tmp = tmp_path_factory.mktemp("kinds")
    (tmp / "unit").mkdir()
    (tmp / "bureau").mkdir()
    out: dict[str, Path] = {"unit_db": tmp / "unit" / "unit.db", "bureau_db": tmp / "bureau" / "bureau.db"}
    unit, bureau = make_ledger(out["unit_db"], ME), make_ledger(out["bureau_db"], BUREAU)
    try:
        listing = add_listing(unit)
        add_record(unit, TASK_PROGRESS, period=Q1.code, task_number=1, status="推进中", progress="走访企业")
        sent = export_submission(unit, Q1, tmp / "报送_已导入.xlsx").path
        apply_plan(bureau, plan_import(bureau, [sent]))
        with bureau.session() as s:
            comments.add_comment(s, "请补充走访企业名单", unit_id=_unit_id(s, ME), period=Q1)
        out["feedback"], _n = return_submission(bureau, ME, Q1, path=tmp / "反馈.xlsx")
        out["answers"] = tmp / "反馈_已答复.xlsx"  # the same workbook with an answer written in, sent back
        wb = openpyxl.load_workbook(out["feedback"])
        ws = wb["反馈意见"]
        header = next(r for r in ws.iter_rows(min_row=1, max_row=10) if any(c.value == "意见编号" for c in r))
        cols = {c.value: c.column for c in header}
        ws.cell(header[0].row + 1, cols["处理方式"], "情况说明")
        ws.cell(header[0].row + 1, cols["答复"], "名单已补充在进展情况中")
        wb.save(out["answers"])
        out["template"] = write_template(tmp / "模板.xlsx")
        wb = openpyxl.load_workbook(out["template"])
        ws = wb[PATENT_LISTING.sheet]
        headers = [c.value for c in ws[1]]
        row = [None] * len(headers)
        for header, value in {
            "专利号": "ZL202310999999.4",
            "专利名称": "一种测试装置",
            "专利权人": "华东师范大学",
            "交易方式": "转让",
            "挂牌日期": "2025-02-01",
            "挂牌状态": "在架",
        }.items():
            if header in headers:
                row[headers.index(header)] = value
        ws.append(row)
        wb.save(out["template"])
        out["prefill"] = write_prefill(bureau, ME, parse_period("2025Q2"), tmp / "预填.xlsx").path
        out["consolidated"], _ = consolidate(bureau, Q1, tmp / "汇总.xlsx")
        edit_record(unit, PATENT_LISTING, listing, holder="上海大学")  # the unit's next file: not imported yet
        out["submission"] = export_submission(unit, Q1, tmp / "报送.xlsx").path
        out["plan"] = write_plan_workbook(tmp / "方案.xlsx", [BUREAU, ME])
        fill_plan_workbook(out["plan"], GOOD_TASKS, GOOD_INDICATORS)
    finally:
        unit.close()
        bureau.close()
    with make_ledger(out["unit_db"], ME) as again, again.session() as s:
        assert not comments.comments(s, statuses=(comments.OPEN,))  # the unit has not seen the feedback yet
    return out


def _unit_id(s, name: str) -> int:  # noqa: ANN001
    from app.review.state import find_unit

    return find_unit(s, name).id


# (file kind, ledger that reads it, extra arguments)
CASES = [
    ("submission", "bureau_db", []),
    ("template", "unit_db", []),
    ("prefill", "bureau_db", []),
    ("feedback", "unit_db", []),
    ("answers", "bureau_db", []),
    ("consolidated", "bureau_db", ["--consolidated"]),
]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize(("kind", "db", "extra"), CASES, ids=[c[0] for c in CASES])
def test_import_dry_run_writes_nothing(files, kind, db, extra, as_json, capsys) -> None:  # noqa: ANN001
    folder = files[db].parent
    before = folder_bytes(folder)
    args = ["--db", str(files[db]), "import", "--dry-run", *extra, *(["--json"] if as_json else []), str(files[kind])]
    code = main(args)
    out = capsys.readouterr().out
    assert code == 0, out
    assert folder_bytes(folder) == before
    if as_json:
        plan = json.loads(out)  # JSON and nothing else
        assert [f["status"] for f in plan["files"]] == ["ready"]
        if kind in ("feedback", "answers"):
            assert plan["files"][0]["feedback"]["period"] == "2025Q1"
    else:
        assert "文件：" in out


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_load_plan_dry_run_writes_nothing(files, as_json, capsys) -> None:  # noqa: ANN001
    folder = files["bureau_db"].parent
    before = folder_bytes(folder)
    code = main(
        [
            "--db",
            str(files["bureau_db"]),
            "load-plan",
            "--dry-run",
            *(["--json"] if as_json else []),
            str(files["plan"]),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert folder_bytes(folder) == before
    if as_json:
        assert json.loads(out)["loaded"] == ""


def test_a_feedback_workbook_is_imported_listed_and_undone_like_any_file(files, tmp_path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "unit.db"
    db.write_bytes(files["unit_db"].read_bytes())
    assert main(["--db", str(db), "import", str(files["feedback"])]) == 0
    out = capsys.readouterr().out
    assert "区局反馈：2025年第一季度 已退回" in out and "待处理意见共 1 条" in out
    assert main(["--db", str(db), "imports"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "反馈.xlsx" in x)
    assert line.split("\t")[0] == "1" and ME in line and "意见 1" in line
    assert main(["--db", str(db), "import", str(files["feedback"])]) == 0  # the same file again
    assert "已于" in capsys.readouterr().out  # already imported: nothing done twice
    assert main(["--db", str(db), "undo-import", "1"]) == 0
    with make_ledger(db, ME) as ledger, ledger.session() as s:
        assert not comments.comments(s, statuses=(comments.OPEN,))
        assert s.get(comments.ReviewState, (_unit_id(s, ME), "2025Q1")) is None
    capsys.readouterr()


def test_the_bureau_takes_answers_written_into_a_feedback_workbook(files, tmp_path, capsys) -> None:  # noqa: ANN001
    db = tmp_path / "bureau.db"
    db.write_bytes(files["bureau_db"].read_bytes())
    assert main(["--db", str(db), "import", str(files["answers"])]) == 0
    assert "答复 1 条" in capsys.readouterr().out
    with make_ledger(db, BUREAU) as ledger, ledger.session() as s:
        (c,) = comments.comments(s)
        assert c.status == comments.ANSWERED and c.answer == "名单已补充在进展情况中"
    assert main(["--db", str(db), "undo-import", "2"]) == 0  # import 1 is the unit's submission
    with make_ledger(db, BUREAU) as ledger, ledger.session() as s:
        (c,) = comments.comments(s)
        assert c.status == comments.OPEN and c.answer is None
