"""A blank template keeps its word (SPEC §8, §10): what its cover says the program fills in
(填报单位), the import never asks of the clerk; the bureau says which unit a blank template speaks for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.cli.main import main
from app.outgoing.submission import write_template
from app.vocabulary.kinds import PATENT_LISTING
from tests.conftest import make_ledger

ROW = [
    "202310123456.6",
    "一种检测装置",
    None,
    "华东师范大学",
    None,
    None,
    None,
    None,
    "转让",
    None,
    None,
    "2025-01-05",
    "在架",
]


def filled_template(tmp_path: Path, unit_cell: str | None = None) -> Path:
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[PATENT_LISTING.sheet]
    ws.append(ROW)
    if unit_cell:
        ws.cell(2, [c.value for c in ws[1]].index("填报单位") + 1, unit_cell)
    wb.save(path)
    return path


def cover_promises_the_program_fills_the_unit(path: Path) -> bool:
    cover = " ".join(str(c) for r in openpyxl.load_workbook(path)["说明"].iter_rows(values_only=True) for c in r if c)
    return "填报单位、记录ID、版本三列由程序填写" in cover


@pytest.fixture
def bureau_db(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.db"
    make_ledger(path, "区知识产权局").close()
    return path


def owners(db: Path) -> list[str]:
    from sqlalchemy import select

    from app.store.ledger import Ledger
    from db.models import PatentListing, Unit

    with Ledger(db) as ledger, ledger.session() as s:
        return list(s.scalars(select(Unit.name).join(PatentListing, PatentListing.unit_id == Unit.id)))


def test_bureau_picks_the_unit_a_blank_template_speaks_for(bureau_db, tmp_path, capsys) -> None:
    path = filled_template(tmp_path)
    assert cover_promises_the_program_fills_the_unit(path)
    assert main(["--db", str(bureau_db), "import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "工作表“专利超市挂牌”，第 2 行，“填报单位”列" in out and "--unit" in out
    assert owners(bureau_db) == []

    assert main(["--db", str(bureau_db), "import", "--unit", "长寿路街道", str(path)]) == 0
    assert owners(bureau_db) == ["长寿路街道"]


def test_a_row_naming_its_unit_needs_no_pick_and_must_agree_with_it(bureau_db, tmp_path, capsys) -> None:
    path = filled_template(tmp_path, unit_cell="曹杨新村街道")
    assert main(["--db", str(bureau_db), "import", "--unit", "长寿路街道", "--dry-run", str(path)]) == 1
    assert "与本文件的单位“长寿路街道”不符" in capsys.readouterr().out
    assert main(["--db", str(bureau_db), "import", str(path)]) == 0
    assert owners(bureau_db) == ["曹杨新村街道"]


def test_an_unknown_picked_unit_and_a_submission_of_another_unit_are_refused(bureau_db, tmp_path, capsys) -> None:
    path = filled_template(tmp_path)
    assert main(["--db", str(bureau_db), "import", "--unit", "长寿街道", str(path)]) == 1
    assert "长寿路街道" in capsys.readouterr().out  # the close name is suggested

    from app.outgoing.submission import export_submission
    from app.vocabulary.periods import parse_period
    from tests.conftest import add_listing

    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    add_listing(unit)
    sent = export_submission(unit, parse_period("2025Q1"), tmp_path / "sent.xlsx").path
    unit.close()
    assert main(["--db", str(bureau_db), "import", "--unit", "桃浦镇", str(sent)]) == 1
    assert "不是所选单位“桃浦镇”的" in capsys.readouterr().out
    assert owners(bureau_db) == []


def test_an_office_fills_its_template_without_naming_itself(tmp_path, capsys) -> None:
    db = tmp_path / "office.db"
    make_ledger(db, "长寿路街道").close()
    path = filled_template(tmp_path)
    assert main(["--db", str(db), "import", str(path)]) == 0
    assert owners(db) == ["长寿路街道"]


def test_a_wrong_patent_number_in_a_pledged_list_is_refused_naming_the_cell(bureau_db, tmp_path, capsys) -> None:
    from app.vocabulary.kinds import PLEDGE_FINANCING

    path = write_template(tmp_path / "质押.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[PLEDGE_FINANCING.sheet]
    headers = [c.value for c in ws[1]]
    row = dict.fromkeys(headers)
    row.update(
        {
            "出质企业": "上海长寿科技有限公司",
            "统一社会信用代码": "91310107MA1K88888N",
            "质权人": "上海农商银行",
            "质物类型": "专利",
            "质物清单": "ZL202310234567.4；202310234567.3",
            "融资金额(万元)": 1000,
            "登记日期": "2025-09-28",
        }
    )
    ws.append([row[h] for h in headers])
    wb.save(path)
    code = main(["--db", str(bureau_db), "import", str(path), "--unit", "长寿路街道"])
    out = capsys.readouterr().out
    assert code == 1
    error = next(line for line in out.splitlines() if "质物清单" in line)
    for part in ("质押.xlsx", "工作表“质押融资”", "第 2 行", "“质物清单”列", "第 2 项", "校验位错误"):
        assert part in error, error


def test_the_clerk_is_told_an_indicator_value_is_the_year_so_far(tmp_path: Path) -> None:
    """The year's report takes each unit's latest indicator value of the year: a clerk who wrote
    each quarter's own count (10 new PCT filings in Q1, 15 in Q2 …) would see the year read 15.
    The template's cover and the window's 数值 field say what to write: the year so far."""
    from app.vocabulary.kinds import INDICATOR_VALUE

    cover = " ".join(
        str(c)
        for r in openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx"))["说明"].iter_rows(values_only=True)
        for c in r
        if c
    )
    assert "“指标”表的数值为本年累计：填当年1月1日至报告期末的合计（如第二季度填1—6月合计）" in cover
    assert "本年累计" in INDICATOR_VALUE.field("value").hint  # the form's tooltip on 数值


def test_headers_wrapped_in_their_cell_or_without_their_unit_are_their_columns(bureau_db, tmp_path, capsys) -> None:
    """A clerk keeps the pledge sheet narrow: 融资金额（万元） wrapped onto two lines with Alt+Enter,
    登记日期 too, and 贴息金额 written without its (万元). Each is still its column (they were
    多余的列 … 已忽略, then 缺少必填列)."""
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["质押融资"]
    rename = {"融资金额(万元)": "融资金额\n（万元）", "登记日期": "登记\n日期", "贴息金额(万元)": "贴息金额"}
    headers = [c.value for c in ws[1]]
    for cell in ws[1]:
        cell.value = rename.get(cell.value, cell.value)
    row = {
        "出质企业": "上海某新材料有限公司",
        "统一社会信用代码": "91310107MA1G000010",
        "质权人": "上海农商银行普陀支行",
    }
    row |= {"质物类型": "专利", "融资金额(万元)": 500, "登记日期": "2025-03-05", "贴息金额(万元)": 5}
    ws.append([row.get(h) for h in headers])
    wb.save(path)
    assert main(["--db", str(bureau_db), "import", "--unit", "长寿路街道", str(path)]) == 0, capsys.readouterr().out
    assert "多余的列" not in capsys.readouterr().out

    from sqlalchemy import select

    from app.store.ledger import Ledger
    from db.models import PledgeFinancing

    with Ledger(bureau_db) as ledger, ledger.session() as s:
        found = s.execute(
            select(PledgeFinancing.amount, PledgeFinancing.registered_on, PledgeFinancing.interest_subsidy)
        )
        assert [tuple(r) for r in found] == [(500.0, date(2025, 3, 5), 5.0)]


def task_template(tmp_path: Path, name: str, progress: str) -> Path:
    """长风新村街道's clerk, without the program, fills the blank template for 2025Q4 in Excel."""
    path = write_template(tmp_path / name)
    wb = openpyxl.load_workbook(path)
    ws = wb["任务进展"]
    headers = [c.value for c in ws[1]]
    row = {"报告期": "2025Q4", "任务编号": 1, "推进状态": "推进中", "进展情况": progress, "填报人": "王小红"}
    ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


def test_a_blank_template_filled_for_a_quarter_is_that_units_submission(bureau_db, tmp_path, capsys) -> None:
    """The officer imports 长风新村街道's filled blank template for 2025Q4, picking the unit: its rows
    went in, but the unit stayed 未报送 for 2025Q4 — on 审核 and on the 催报 list the officer chased a
    unit whose file was in. It now waits for review (待审核) like a submission; once accepted, the
    unit's next template for the quarter is held (待重新审核) until re-opened, and then imports as
    that unit's without being picked again."""
    from app.review import state as review
    from app.store.ledger import Ledger
    from app.vocabulary.periods import parse_period
    from db.models import TaskProgress

    q4 = parse_period("2025Q4")
    first = task_template(tmp_path, "长风-1.xlsx", "走访企业32家")
    assert main(["--db", str(bureau_db), "import", "--unit", "长风新村街道", str(first)]) == 0
    capsys.readouterr()
    assert main(["--db", str(bureau_db), "status", "--period", "2025Q4"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("长风新村街道"))
    assert "待审核" in line and "未报送" not in line
    with Ledger(bureau_db) as ledger:
        review.accept(ledger, "长风新村街道", q4)
    second = task_template(tmp_path, "长风-2.xlsx", "走访企业40家")
    assert main(["--db", str(bureau_db), "import", "--unit", "长风新村街道", str(second)]) == 0
    with Ledger(bureau_db) as ledger:
        with ledger.session() as s:
            assert s.query(TaskProgress).one().progress == "走访企业32家"  # the accepted quarter is kept
        held = review.reopen(ledger, "长风新村街道", q4)
        assert len(held) == 1
        paths = review.held_paths(ledger, held)
    assert main(["--db", str(bureau_db), "import", *map(str, paths)]) == 0
    with Ledger(bureau_db) as ledger, ledger.session() as s:
        assert s.query(TaskProgress).one().progress == "走访企业40家"


def test_a_blank_template_closing_the_year_is_the_fourth_quarters_submission(bureau_db, tmp_path, capsys) -> None:
    """长征镇's clerk fills the blank template for 2025Q4 and adds a 2025年度 row for a task finished in
    the year: the rows went in, but the file counted for no period — 长征镇 stayed 未报送 for 2025Q4
    on 审核, on the 催报 list and in the year's 报送情况, and the officer could not accept it, with
    nothing said. A year's row ends with the fourth quarter: the file is that quarter's. Rows of
    quarters that do not end together (2025Q3 and 2025Q4) still count for none, and the preview
    says so."""

    def status_line() -> str:
        capsys.readouterr()
        assert main(["--db", str(bureau_db), "status", "--period", "2025Q4"]) == 0
        return next(x for x in capsys.readouterr().out.splitlines() if x.startswith("长征镇"))

    path = task_template(tmp_path, "长征镇.xlsx", "走访企业32家")
    wb = openpyxl.load_workbook(path)
    ws = wb["任务进展"]
    headers = [c.value for c in ws[1]]
    year = {"报告期": "2025年度", "任务编号": 9, "推进状态": "已完成", "进展情况": "全年完成", "填报人": "张三"}
    ws.append([year.get(h) for h in headers])
    wb.save(path)
    assert main(["--db", str(bureau_db), "import", "--unit", "长征镇", "--received", "2026-01-09", str(path)]) == 0
    assert "待审核" in status_line() and "未报送" not in status_line()

    ws.cell(ws.max_row, headers.index("报告期") + 1, "2025Q3")
    wb.save(two := tmp_path / "两个季度.xlsx")
    capsys.readouterr()
    assert main(["--db", str(bureau_db), "import", "--dry-run", "--unit", "长风新村街道", str(two)]) == 0
    out = capsys.readouterr().out
    assert "文件中的行属于多个报告期（2025年第三季度、2025年第四季度），不计为长风新村街道任何一期的报送" in out
