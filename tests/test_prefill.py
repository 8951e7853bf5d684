"""Pre-filled workbooks (一表同享, SPEC §10): the bureau writes the workbook a unit should return,
a clerk without the app checks and updates it in a spreadsheet, and it imports as that unit's
submission with the full merge — also after LibreOffice re-saved it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.cli.main import main
from app.exchange.layout import META_SHEET, Meta
from app.merge import EDITED, NEW, UNCHANGED, apply_plan, plan_import
from app.outgoing.prefill import prefill_units, write_prefill
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import BRAND_STATION, PATENT_LISTING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, add_record, make_ledger
from tests.test_libreoffice import resave_with_libreoffice
from tests.workbooks import meta_of

ROOT = Path(__file__).resolve().parents[1]
ME, OTHER = "长寿路街道", "曹杨新村街道"
NEW_PATENT = "202320123456.1"


def lead_tasks(unit: str) -> dict[int, str]:
    """The tasks a unit leads, read straight from the plan the app ships."""
    plan = json.loads((ROOT / "resources" / "plan.json").read_text(encoding="utf-8"))
    return {t["number"]: t["text"] for t in plan["tasks"] if unit in t["lead_units"] or t["all_members"]}


def sheet(wb, name: str) -> tuple[list[str], list[dict[str, object]]]:  # noqa: ANN001
    rows = list(wb[name].iter_rows(values_only=True))
    headers = list(rows[0])
    return headers, [dict(zip(headers, r, strict=False)) for r in rows[1:]]


@pytest.fixture(scope="module")
def bureau_with_two_units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bureau ledger holding what two streets reported for 2025Q1."""
    tmp = tmp_path_factory.mktemp("prefill")
    bureau = make_ledger(tmp / "bureau.db", "区知识产权局")
    for name, patent in ((ME, "202310123456.6"), (OTHER, "202110345678.3")):
        unit = make_ledger(tmp / f"{name}.db", name)
        add_record(
            unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress=f"{name}上季度走访企业"
        )
        add_record(
            unit,
            BRAND_STATION,
            name=f"{name}商标品牌指导站",
            host_org=f"{name}企业服务中心",
            street=name,
            status="已揭牌",
        )
        add_listing(unit, patent_no=patent, title=f"{name}的专利", holder=f"{name}某公司")
        sent = export_submission(unit, parse_period("2025Q1"), tmp / f"{name}.xlsx").path
        unit.close()
        plan = plan_import(bureau, [sent])
        assert not plan.errors, [str(e) for e in plan.errors]
        apply_plan(bureau, plan)
    bureau.close()
    return tmp / "bureau.db"


@pytest.fixture
def bureau(bureau_with_two_units: Path, tmp_path: Path):
    """A fresh copy of that ledger for each test."""
    from app.store.ledger import Ledger

    path = tmp_path / "bureau.db"
    shutil.copy(bureau_with_two_units, path)
    with Ledger(path) as ledger:
        yield ledger


def fill_as_a_clerk(path: Path, out: Path) -> None:
    """What a clerk does in Excel or WPS: reports task 1 (a phone typed as text), marks the
    listing as sold, adds a listing at the end; every other row left as it was."""
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_PROGRESS.sheet]
    headers = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, headers.index("任务编号") + 1).value == 1)
    ws.cell(row, headers.index("推进状态") + 1, "持续推进")
    ws.cell(row, headers.index("进展情况") + 1, "本季度走访企业 12 家")
    ws.cell(row, headers.index("联系电话") + 1, "02162000000")
    ws = wb[PATENT_LISTING.sheet]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("挂牌状态") + 1, "已成交")
    new = {"专利号": NEW_PATENT, "专利名称": "一种新装置", "专利权人": "某科技公司", "交易方式": "普通许可"}
    new |= {"挂牌日期": "2025-05-06", "挂牌状态": "在架"}
    ws.append([new.get(h) for h in headers])
    wb.save(out)


def test_the_workbook_holds_exactly_the_units_tasks_and_registries(bureau, tmp_path: Path) -> None:
    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    wb = openpyxl.load_workbook(path)
    cover = [tuple(c for c in r if c is not None) for r in wb["说明"].iter_rows(values_only=True)]
    assert ("填报单位", ME) in cover and ("报告期", "2025年第二季度（2025Q2）") in cover
    steps = [line for line in cover if line and str(line[0]).startswith("第")]
    assert len(steps) == 3 and "发回区知识产权局" in steps[2][1]
    meta = Meta.from_rows(wb[META_SHEET].iter_rows(values_only=True))
    assert (meta.kind, meta.unit, meta.period.code) == ("submission", ME, "2025Q2")

    headers, tasks = sheet(wb, TASK_PROGRESS.sheet)
    expected = lead_tasks(ME)
    assert {r["任务编号"]: r["任务内容"] for r in tasks} == expected
    assert headers.index("上期推进状态") < headers.index("推进状态")  # last period's words beside this one's
    first = next(r for r in tasks if r["任务编号"] == 1)
    assert (first["上期推进状态"], first["上期进展情况"]) == ("推进中", f"{ME}上季度走访企业")
    assert all(r["所属章节"] for r in tasks)
    for r in tasks:  # this period's cells are the clerk's: nothing carried over
        assert r["报告期"] == "2025Q2" and r["填报单位"] == ME
        assert r["推进状态"] is r["进展情况"] is r["记录ID"] is None
    _h, stations = sheet(wb, BRAND_STATION.sheet)
    _h, listings = sheet(wb, PATENT_LISTING.sheet)
    assert [s["站点名称"] for s in stations] == [f"{ME}商标品牌指导站"] and stations[0]["记录ID"]
    assert [x["专利号"] for x in listings] == ["202310123456.6"] and listings[0]["记录ID"]
    shown = [ws for ws in wb if ws.title != "_lists"]  # the street list names every street
    everything = " ".join(str(c) for ws in shown for r in ws.iter_rows(values_only=True) for c in r if c)
    assert OTHER not in everything
    assert f"{OTHER}的专利" not in everything and f"{OTHER}商标品牌指导站" not in everything

    # drop-downs: streets from the unit list, stations from its registry, 填报单位 fixed
    ws = wb[TASK_PROGRESS.sheet]
    column = {c.value: c.column_letter for c in ws[1]}
    sources = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}
    assert sources[column["填报单位"]].formula1 == f'"{ME}"'
    assert sources[column["推进状态"]].formula1 == '"未启动,推进中,已完成,持续推进,滞后"'
    lists = wb["_lists"]
    assert lists.sheet_state == "hidden"
    values = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert values["站点名称"] == [f"{ME}商标品牌指导站"] and {ME, OTHER, "桃浦镇"} <= set(values["所属街道镇"])
    ws = wb[BRAND_STATION.sheet]
    street = {c.value: c.column_letter for c in ws[1]}["所属街道镇"]
    assert any(
        str(dv.sqref).startswith(street) and "_lists" in dv.formula1 for dv in ws.data_validations.dataValidation
    )
    # text columns are text: a phone typed in keeps its leading 0
    ws = wb[TASK_PROGRESS.sheet]
    phone = [c.value for c in ws[1]].index("联系电话") + 1
    assert [d.number_format for d in ws.column_dimensions.values() if d.min <= phone <= d.max] == ["@"]


def import_counts(ledger, path: Path) -> tuple[dict[str, set[str]], list[str]]:  # noqa: ANN001
    plan = plan_import(ledger, [path])
    assert not plan.errors, [str(e) for e in plan.errors]
    fp = plan.files[0]
    assert fp.unit_id is not None and not fp.missing
    found: dict[str, set[str]] = {}
    for r in fp.rows:
        found.setdefault(r.action, set()).add(f"{r.kind.sheet}:{r.name}")
    return found, [str(w) for w in fp.warnings]


def check_outcome(bureau, path: Path) -> None:  # noqa: ANN001
    found, warnings = import_counts(bureau, path)
    assert {a: len(v) for a, v in found.items()} == {NEW: 2, EDITED: 1, UNCHANGED: 1}, found
    assert any(PATENT_LISTING.sheet in x and NEW_PATENT in x for x in found[NEW])
    assert any(TASK_PROGRESS.sheet in x for x in found[NEW])
    assert [x.split(":")[0] for x in found[EDITED]] == [PATENT_LISTING.sheet]  # edited outside the app, flagged
    left = len(lead_tasks(ME)) - 1
    assert any(f"{ME}牵头的 {left} 项任务本期尚未填报" in w for w in warnings), warnings


def test_a_filled_prefill_imports_as_the_units_submission(bureau, tmp_path: Path) -> None:
    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    untouched, _ = import_counts(bureau, path)
    assert set(untouched) == {UNCHANGED}  # a workbook sent back as it came reports nothing new

    filled = tmp_path / "填好的.xlsx"
    fill_as_a_clerk(path, filled)
    check_outcome(bureau, filled)
    apply_plan(bureau, plan_import(bureau, [filled]))
    with bureau.session() as s:
        m = TASK_PROGRESS.model
        row = s.execute(select(m.status, m.phone).where(m.period == "2025Q2")).one()
        assert tuple(row) == ("持续推进", "02162000000")  # the leading 0 kept
        statuses = dict(s.execute(select(PATENT_LISTING.model.patent_no, PATENT_LISTING.model.listing_status)).all())
    assert statuses["202310123456.6"] == "已成交" and statuses[NEW_PATENT] == "在架"
    assert statuses["202110345678.3"] == "在架"  # the other unit's listing untouched


def test_the_same_file_resaved_by_libreoffice_imports_the_same_way(bureau, tmp_path: Path) -> None:
    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    filled = tmp_path / "填好的.xlsx"
    fill_as_a_clerk(path, filled)
    resaved = resave_with_libreoffice(filled, tmp_path / "lo")
    check_outcome(bureau, resaved)
    apply_plan(bureau, plan_import(bureau, [resaved]))
    with bureau.session() as s:
        assert (
            s.scalar(select(TASK_PROGRESS.model.phone).where(TASK_PROGRESS.model.period == "2025Q2")) == "02162000000"
        )


def test_prefill_all_writes_one_valid_file_per_unit(bureau, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "预填表"
    assert main(["--db", str(bureau.path), "prefill", "--all", "--period", "2025Q2", "-o", str(folder)]) == 0
    files = sorted(folder.glob("*.xlsx"))
    units = prefill_units(bureau)
    assert len(files) == len(units) and "区知识产权局" not in units and ME in units
    for path in files:
        plan = plan_import(bureau, [path])
        assert not plan.errors, path.name
        meta = meta_of(path)
        assert meta.unit in path.name and meta.unit in units
    assert str(folder) in capsys.readouterr().out


@pytest.mark.parametrize("which", [["--unit", ME], ["--all"]])
def test_a_period_no_plan_covers_is_refused_saying_so(bureau, tmp_path: Path, capsys, which) -> None:
    """2026Q1 with only the 2024–2025 plan loaded: the workbooks went out silently with the ended
    plan's tasks for a year it never had."""
    target = tmp_path / ("out.xlsx" if "--unit" in which else "out")
    assert main(["--db", str(bureau.path), "prefill", *which, "--period", "2026Q1", "-o", str(target)]) == 1
    out, err = capsys.readouterr()
    assert "没有覆盖2026年第一季度的行动方案" in err and "（2024–2025年）" in err and "load-plan" in err
    assert out == "" and not target.exists()


def test_an_office_writes_its_own_prefill_and_imports_it_back(tmp_path: Path, capsys) -> None:
    office = make_ledger(tmp_path / "office.db", ME)
    add_listing(office)
    path = tmp_path / "mine.xlsx"
    assert main(["--db", str(office.path), "prefill", "--unit", OTHER, "--period", "2025Q2", "-o", str(path)]) == 1
    assert "只能生成本单位的预填表" in capsys.readouterr().err
    write_prefill(office, ME, parse_period("2025Q2"), path)
    filled = tmp_path / "filled.xlsx"
    fill_as_a_clerk(path, filled)
    plan = plan_import(office, [filled])
    assert not plan.errors
    assert sorted(r.action for r in plan.files[0].rows) == sorted([NEW, NEW, EDITED])
    apply_plan(office, plan)
    with office.session() as s:
        assert s.scalar(select(TASK_PROGRESS.model.phone)) == "02162000000"
    office.close()


def test_a_row_left_blank_reports_nothing_but_a_half_filled_one_is_an_error(bureau, tmp_path: Path) -> None:
    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_PROGRESS.sheet]
    headers = [c.value for c in ws[1]]
    ws.cell(3, headers.index("存在问题") + 1, "人手不足")  # a problem written, the status forgotten
    wb.save(path)
    plan = plan_import(bureau, [path])
    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [(TASK_PROGRESS.sheet, 3, "推进状态")]


def test_a_returned_prefill_counts_as_sent_when_the_unit_saved_it(bureau, tmp_path: Path) -> None:
    """The bureau wrote the workbook in June; the unit filled it in and LibreOffice saved it. The
    review shows when the unit's spreadsheet saved it, not when the bureau wrote it (which made
    every unit without the app look on time), nor when the bureau imported it."""
    from datetime import datetime, timedelta

    from app.review import state as review
    from tests.workbooks import resign, set_meta

    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    written_in_june = resign(set_meta(path, tmp_path / "六月.xlsx", "exported_at", "2025-06-20T09:00:00"), bureau)
    filled = tmp_path / "已填.xlsx"
    fill_as_a_clerk(written_in_june, filled)
    # the spreadsheet stamps its save to the second (seen a second early under load): a second of slack
    before = datetime.now().replace(microsecond=0) - timedelta(seconds=1)
    resaved = resave_with_libreoffice(filled, tmp_path / "lo")
    after = datetime.now()
    apply_plan(bureau, plan_import(bureau, [resaved]))
    with bureau.session() as s:
        status = next(st for st in review.statuses(s, parse_period("2025Q2")) if st.unit == ME)
    assert status.submitted_at is not None and before <= status.submitted_at <= after


@pytest.mark.skipif(not hasattr(__import__("time"), "tzset"), reason="sets the time zone (Unix)")
def test_a_prefill_saved_in_shanghai_counts_in_local_time_and_one_never_saved_when_imported(
    bureau, tmp_path: Path, monkeypatch
) -> None:
    """The spreadsheet stamps its save in UTC; the review shows it in local time. A returned copy
    that no spreadsheet saved after the bureau wrote it says nothing later: it counts from its import."""
    import time
    from datetime import datetime

    from app.review import state as review
    from tests.workbooks import resign, set_meta, stamp_saved

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
        june = resign(set_meta(path, tmp_path / "六月.xlsx", "exported_at", "2025-06-20T09:00:00"), bureau)

        saved = stamp_saved(june, tmp_path / "七月保存.xlsx", "2025-07-08T02:30:00Z")
        apply_plan(bureau, plan_import(bureau, [saved]))
        with bureau.session() as s:
            status = next(st for st in review.statuses(s, parse_period("2025Q2")) if st.unit == ME)
        assert status.submitted_at == datetime(2025, 7, 8, 10, 30)  # 02:30 UTC is 10:30 in Shanghai

        q3 = resign(set_meta(path, tmp_path / "q3.xlsx", "period", "2025Q3"), bureau)
        never = stamp_saved(q3, tmp_path / "未保存.xlsx", "")
        before = datetime.now()
        apply_plan(bureau, plan_import(bureau, [never]))
        with bureau.session() as s:
            status = next(st for st in review.statuses(s, parse_period("2025Q3")) if st.unit == ME)
        assert status.submitted_at is not None and status.submitted_at >= before
    finally:
        monkeypatch.undo()
        time.tzset()


def test_two_filled_copies_of_one_prefill_merge_in_the_order_the_unit_saved_them(bureau, tmp_path: Path) -> None:
    """Both copies say the bureau wrote them at the same moment; the unit saved the correction
    four days after the first. Dropped in together, the correction first by name, it still has the
    last word, and the submission counts from it."""
    from datetime import datetime, timedelta, timezone

    from app.review import state as review
    from tests.workbooks import stamp_saved

    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path

    def filled_at(price: float, when: str, name: str) -> Path:
        wb = openpyxl.load_workbook(path)
        ws = wb[PATENT_LISTING.sheet]
        ws.cell(2, [c.value for c in ws[1]].index("挂牌价格(万元)") + 1, price)
        wb.save(tmp_path / f"tmp-{name}")
        return stamp_saved(tmp_path / f"tmp-{name}", tmp_path / name, when)

    day = datetime.now(timezone.utc).replace(microsecond=0)
    first = filled_at(60.0, f"{day + timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}", "b-初稿.xlsx")
    correction = filled_at(70.0, f"{day + timedelta(days=5):%Y-%m-%dT%H:%M:%SZ}", "a-更正.xlsx")
    plan = plan_import(bureau, [correction, first])
    assert [f.name for f in plan.files] == [first.name, correction.name]
    assert plan.files[0].newer_in_batch is plan.files[1]
    apply_plan(bureau, plan)
    with bureau.session() as s:
        assert s.scalar(select(PATENT_LISTING.model.price)) == 70.0
        status = next(st for st in review.statuses(s, parse_period("2025Q2")) if st.unit == ME)
    assert status.submitted_at == (day + timedelta(days=5)).astimezone().replace(tzinfo=None)


def test_a_unit_without_the_app_is_told_how_to_ask_for_a_deletion_and_the_bureau_sees_it(bureau, tmp_path) -> None:
    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    wb = openpyxl.load_workbook(path)
    cover = " ".join(str(c) for r in wb["说明"].iter_rows(values_only=True) for c in r if c)
    assert "在程序中操作" not in cover  # it has no program
    assert "“情况说明”列写“请删除”" in cover
    ws = wb[PATENT_LISTING.sheet]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("情况说明") + 1, "请删除：与另一条挂牌重复录入")
    wb.save(path)
    wb.close()
    plan = plan_import(bureau, [path])
    assert not plan.errors, [str(e) for e in plan.errors]
    asked = [f for f in plan.files[0].flags if "要求删除" in f.message]
    assert [(f.sheet, f.row, f.column) for f in asked] == [(PATENT_LISTING.sheet, 2, "情况说明")]
    assert "重复录入" in str(asked[0])


def test_a_status_and_reporter_merged_down_over_three_tasks_count_for_each_task(bureau, tmp_path: Path) -> None:
    """A clerk in WPS merges the 推进状态 and 填报人 cells of three tasks into one (the same for
    all three) and the file goes through LibreOffice: every task takes the value it shows, as the
    clerk reads it; none is refused as 推进状态为必填项."""
    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_PROGRESS.sheet]
    headers = [c.value for c in ws[1]]
    column = {h: openpyxl.utils.get_column_letter(headers.index(h) + 1) for h in ("推进状态", "填报人", "进展情况")}
    for row in (2, 3, 4):
        ws[f"{column['进展情况']}{row}"] = f"第 {row} 行的进展"
    ws[f"{column['推进状态']}2"], ws[f"{column['填报人']}2"] = "持续推进", "王芳"
    ws.merge_cells(f"{column['推进状态']}2:{column['推进状态']}4")
    ws.merge_cells(f"{column['填报人']}2:{column['填报人']}4")
    wb.save(tmp_path / "合并.xlsx")
    resaved = resave_with_libreoffice(tmp_path / "合并.xlsx", tmp_path / "lo")
    plan = plan_import(bureau, [resaved])
    assert not plan.errors, [str(e) for e in plan.errors]
    apply_plan(bureau, plan)
    with bureau.session() as s:
        m = TASK_PROGRESS.model
        rows = s.execute(select(m.progress, m.status, m.reporter).where(m.period == "2025Q2")).all()
    assert sorted(map(tuple, rows)) == [(f"第 {r} 行的进展", "持续推进", "王芳") for r in (2, 3, 4)]


def test_the_total_counts_an_edited_row_where_the_files_line_does(bureau, tmp_path: Path, capsys) -> None:
    """The listing the clerk marked as sold is 表外修改（已采用） in the file's line; the 合计 line
    counted it under 更新 (更新 1，表外修改 0) — the two lines now agree."""
    path = write_prefill(bureau, ME, parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    filled = tmp_path / "填好的.xlsx"
    fill_as_a_clerk(path, filled)
    capsys.readouterr()
    assert main(["--db", str(bureau.path), "import", "--dry-run", str(filled)]) == 0
    out = capsys.readouterr().out
    file_line = next(line for line in out.splitlines() if "未变" in line and not line.startswith("合计"))
    total = next(line for line in out.splitlines() if line.startswith("合计"))
    assert "新增 2" in file_line and "表外修改（已采用） 1" in file_line and "更新" not in file_line, out
    assert "新增 2，更新 0，表外修改 1，未变 1" in total, out  # none of the new rows was edited outside
    assert main(["--db", str(bureau.path), "import", "--dry-run", "--json", str(filled)]) == 0
    totals = json.loads(capsys.readouterr().out)
    assert (totals["new"], totals["updated"], totals["edited_outside"]) == (2, 0, 1)
