"""A second plan from end to end: the bureau loads the 2026–2027 plan, it reaches an office in a
workbook, the office reports a 2026 quarter against it, another office still reports under the old
plan, and the bureau consolidates 2025 and 2026, each against its own plan."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from sqlalchemy import select

from app.cli.main import main
from app.exchange.reader import read_workbook
from app.store import catalogue
from app.vocabulary.kinds import INDICATOR_VALUE, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from db.models import TaskProgress
from tests.conftest import add_record, make_ledger

NOTICE_2026 = Path(__file__).parent / "data" / "plan_2026_notice.txt"
NEW_PLAN = "普陀区知识产权强区建设行动方案（2026-2027）"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def report(db: Path, unit: str, **values) -> None:  # noqa: ANN003
    with make_ledger(db, unit) as ledger:
        kind = INDICATOR_VALUE if "indicator_number" in values else TASK_PROGRESS
        add_record(ledger, kind, **values)


def sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    """The sheet from its header row on (report sheets have a printed title above it)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()  # a read-only workbook keeps its file open until closed (a ResourceWarning otherwise)
    start = next(i for i, r in enumerate(rows) if {"任务编号", "指标编号", "报告期"} & set(r))
    return rows[start:]


def test_a_second_plan_travels_from_the_bureau_to_an_office_and_back(tmp_path: Path, capsys) -> None:  # noqa: ANN001, PLR0915
    bureau, office, late = tmp_path / "bureau.db", tmp_path / "changshou.db", tmp_path / "caoyang.db"
    for db, unit in ((bureau, "区知识产权局"), (office, "长寿路街道"), (late, "曹杨新村街道")):
        make_ledger(db, unit).close()
    assert run(bureau, "load-plan", str(NOTICE_2026)) == 0

    # 2025: both offices report under the built-in plan.
    report(office, "长寿路街道", period="2025Q4", task_number=48, status="已完成", progress="宣传周活动 12 场")
    report(office, "长寿路街道", period="2025Q4", indicator_number=7, value=55)
    q4 = tmp_path / "长寿路街道_2025Q4.xlsx"
    assert run(office, "export", "--period", "2025Q4", "-o", str(q4)) == 0
    assert run(bureau, "import", str(q4)) == 0

    # The office's first 2026 file, made before it had the new plan: the bureau returns it with
    # a comment, and the feedback workbook carries the plan.
    first = tmp_path / "长寿路街道_2026Q1_first.xlsx"
    assert run(office, "export", "--period", "2026Q1", "-o", str(first)) == 0
    assert read_workbook(first).meta.plan == catalogue.BUILTIN_UID
    assert run(bureau, "import", str(first)) == 0
    feedback = tmp_path / "反馈_长寿路街道_2026Q1.xlsx"
    assert (
        run(
            bureau,
            "return",
            "--unit",
            "长寿路街道",
            "--period",
            "2026Q1",
            "--comment",
            "请按2026年新方案填报",
            "-o",
            str(feedback),
        )
        == 0
    )
    capsys.readouterr()
    assert run(office, "import", str(feedback)) == 0
    assert f"已添加行动方案：{NEW_PLAN}" in capsys.readouterr().out
    assert run(office, "plans", "--json") == 0
    plans = json.loads(capsys.readouterr().out)["plans"]
    assert [(p["start_year"], p["tasks"], p["indicators"]) for p in plans] == [(2024, 53, 7), (2026, 10, 6)]

    # The office reports 2026Q1 against the new plan: its task 4 (专利超市 service points) and the
    # new indicator 4 (数据知识产权登记量), numbers that mean something else in the old plan.
    report(office, "长寿路街道", period="2026Q1", task_number=4, status="推进中", progress="设立专利超市服务点 2 个")
    report(office, "长寿路街道", period="2026Q1", indicator_number=4, value=3)
    second = tmp_path / "长寿路街道_2026Q1.xlsx"
    assert run(office, "export", "--period", "2026Q1", "-o", str(second)) == 0
    rows = sheet_rows(second, "任务进展")
    text_col = rows[0].index("任务内容")
    assert rows[1][text_col].startswith("深化连锁“专利超市”建设")  # the new plan's task 4, not the old one's
    assert read_workbook(second).meta.plan_name == NEW_PLAN

    # Another office never got the new plan and reports 2026Q1 under the old one: still imported.
    report(late, "曹杨新村街道", period="2026Q1", task_number=48, status="推进中", progress="知识产权宣传进社区")
    old_plan_file = tmp_path / "曹杨新村街道_2026Q1.xlsx"
    assert run(late, "export", "--period", "2026Q1", "-o", str(old_plan_file)) == 0
    capsys.readouterr()
    assert run(bureau, "import", str(second), str(old_plan_file)) == 0, capsys.readouterr().err

    with make_ledger(bureau, "区知识产权局") as ledger, ledger.session() as s:
        new_plan = catalogue.plan_of_period(s, parse_period("2026Q1"))
        by_unit = {
            (r.unit_id, r.task_number): r.plan_id
            for r in s.scalars(select(TaskProgress).where(TaskProgress.period == "2026Q1"))
        }
        changshou, caoyang = catalogue.find_unit(s, "长寿路街道").id, catalogue.find_unit(s, "曹杨新村街道").id
        assert by_unit == {(changshou, 4): new_plan.id, (caoyang, 48): catalogue.builtin_plan(s).id}

    # A task number the period's plan does not have is refused, located (a hand-filled template).
    template = tmp_path / "模板.xlsx"
    assert run(bureau, "template", "-o", str(template)) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb["任务进展"]
    header = [c.value for c in ws[1]]
    filled = (
        ("报告期", "2026Q2"),
        ("任务编号", 30),
        ("推进状态", "推进中"),
        ("进展情况", "误填"),
        ("填报单位", "长寿路街道"),
    )
    for label, value in filled:
        ws.cell(2, header.index(label) + 1, value)
    wb.save(template)
    capsys.readouterr()
    assert run(bureau, "import", str(template)) == 1
    assert f"“任务编号”列：任务编号 30 不在《{NEW_PLAN}》中（该方案的任务编号为 1–10）" in capsys.readouterr().out

    # 2025 and 2026 side by side, each against its own plan.
    c25, c26 = tmp_path / "汇总_2025.xlsx", tmp_path / "汇总_2026.xlsx"
    assert run(bureau, "consolidate", "--period", "2025", "-o", str(c25)) == 0
    assert run(bureau, "consolidate", "--period", "2026", "-o", str(c26)) == 0
    m25, m26 = sheet_rows(c25, "任务推进矩阵"), sheet_rows(c26, "任务推进矩阵")
    col25, col26 = m25[0].index("长寿路街道"), m26[0].index("长寿路街道")
    tasks25 = {r[0]: r for r in m25[1:] if isinstance(r[0], int)}
    tasks26 = {r[0]: r for r in m26[1:] if isinstance(r[0], int)}
    assert sorted(tasks25) == list(range(1, 54)) and sorted(tasks26) == list(range(1, 11))
    assert tasks25[48][col25] == "已完成" and tasks26[4][col26] == "推进中"
    assert str(tasks26[4][1]).startswith("深化连锁“专利超市”建设")
    # the old-plan report of task 48 for 2026 does not land on the new plan's rows
    assert all(r[m26[0].index("曹杨新村街道")] in ("未报送", "—") for r in tasks26.values())

    i25, i26 = sheet_rows(c25, "指标完成情况"), sheet_rows(c26, "指标完成情况")
    head25, head26 = i25[0], i26[0]
    ind25 = {r[0]: r for r in i25[1:] if isinstance(r[0], int)}
    ind26 = {r[0]: r for r in i26[1:] if isinstance(r[0], int)}
    assert sorted(ind25) == list(range(1, 8)) and sorted(ind26) == list(range(1, 7))
    assert ind26[4][head26.index("指标名称")] == "数据知识产权登记量"
    assert (ind26[4][head26.index("目标值")], ind26[4][head26.index("报告值")]) == (10, 3)
    assert (ind25[7][head25.index("目标值")], ind25[7][head25.index("报告值")]) == (60, 55)


def test_a_units_file_never_brings_the_bureau_a_plan(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """A ledger set up as bureau under a street's name loads a made-up plan for 2024–2025 and sends
    its 2025Q2 submission: the real bureau said 已添加行动方案 without asking, and its 2025Q2 report
    showed the made-up plan's tasks (issue 23 item 7). Plans travel from the bureau to the units, never
    back; and no two plans claim a year unless the bureau chooses which governs it."""
    from datetime import date

    from app.reports.progress import build_report
    from app.vocabulary.periods import parse_period

    made_up = tmp_path / "made_up.txt"
    made_up.write_text(
        NOTICE_2026.read_text(encoding="utf-8").replace("2026", "2024").replace("2027", "2025"), encoding="utf-8"
    )
    fake, bureau = tmp_path / "fake.db", tmp_path / "bureau.db"
    make_ledger(fake, "长寿路街道", "bureau").close()
    make_ledger(bureau, "区知识产权局").close()
    capsys.readouterr()
    assert run(fake, "load-plan", str(made_up)) != 0  # the built-in plan governs 2024–2025
    assert "同管辖 2024年、2025年" in capsys.readouterr().err
    assert run(fake, "load-plan", "--governs", str(made_up)) == 0  # chosen deliberately
    report(fake, "长寿路街道", period="2025Q2", task_number=1, status="推进中", progress="按自编方案推进")
    sent = tmp_path / "长寿路街道_2025Q2.xlsx"
    assert run(fake, "export", "--period", "2025Q2", "-o", str(sent)) == 0
    capsys.readouterr()

    assert run(bureau, "import", str(sent)) == 0
    out = capsys.readouterr().out
    assert "本台账没有的行动方案" not in out and "已添加行动方案" not in out
    assert "区局台账中没有该方案" in out  # flagged
    with make_ledger(bureau, "区知识产权局") as ledger:
        with ledger.session() as s:
            assert len(catalogue.plans(s)) == 1
        tasks = build_report(ledger, parse_period("2025Q2"), today=date(2025, 7, 20)).tasks
    assert len(tasks) == 53


def test_a_plan_arriving_by_workbook_is_the_one_its_hint_reads(tmp_path: Path) -> None:
    """The unfilled-task hint of a workbook that brings the 2026 plan listed the task numbers of the
    plan the office had until then (issue 23 item 12); and “（各街道、镇）” in the notice means the ten
    streets and towns (it was two unknown units, 各街道 and 镇)."""
    from app.merge import plan_import
    from app.outgoing.prefill import write_prefill
    from app.plans.load import check_draft, read_plan_file, save_plan
    from app.vocabulary.periods import parse_period

    notice = tmp_path / "2026.txt"
    lines = NOTICE_2026.read_text(encoding="utf-8").split("\n")
    leads = "（区知识产权局、各街道、镇）"
    lines = [line[: line.rindex("（")] + leads if line.startswith("4. ") else line for line in lines]
    notice.write_text("\n".join(lines), encoding="utf-8")
    assert "（区知识产权局、各街道、镇）" in notice.read_text(encoding="utf-8")
    with make_ledger(tmp_path / "bureau.db", "区知识产权局") as bureau:
        with bureau.session() as s:
            draft = check_draft(s, read_plan_file(notice))
            assert draft.errors == [], [str(e) for e in draft.errors]
            task4 = next(t for t in draft.data["tasks"] if t["number"] == 4)
            streets = [u.name for u in catalogue.units(s) if u.kind in ("街道", "镇")]
            assert len(streets) == 10 and task4["lead_units"] == ["区知识产权局", *streets]
            save_plan(s, draft)
            plan = catalogue.plan_of_year(s, 2026)
            mine = [t.number for t in catalogue.tasks(s, plan) if "长寿路街道" in [u.name for u in t.lead_units]]
            mine += [t.number for t in catalogue.tasks(s, plan) if t.all_members]
        sent = write_prefill(bureau, "长寿路街道", parse_period("2026Q1"), tmp_path / "预填.xlsx").path
    with make_ledger(tmp_path / "office.db", "长寿路街道") as office:
        preview = plan_import(office, [sent])
    [hint] = [str(w) for f in preview.files for w in f.warnings if "尚未填报推进情况" in str(w)]
    listed = hint.split("任务编号 ")[1].rstrip("）").rstrip("等").split("、")
    assert sorted(map(int, listed)) == sorted(set(mine))[:12], hint
