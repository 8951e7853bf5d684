"""The plan workbook (SPEC §12): the exchange contract in which a bureau writes a new action plan.

Sheet 方案: label and value pairs in columns A and B (方案名称, 文号, 印发日期, 起始年份, 结束年份).
Sheet 任务: 章节, 小节, 任务编号, 任务内容, 牵头单位 (several separated by 、).
Sheet 指标: 指标编号, 指标名称, 计量单位, 年份, 目标值 (one row per indicator and year).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.exchange.safety import UnsafeWorkbook, check_workbook_file
from app.paths import atomic_write
from app.plans.draft import ALL_MEMBERS, PlanDraft, split_leads
from app.vocabulary.validators import InvalidValue, is_blank, normalize_text, parse_date, parse_number

HEAD_SHEET, TASK_SHEET, INDICATOR_SHEET, UNIT_SHEET = "方案", "任务", "指标", "单位列表"
HEAD_LABELS = ("方案名称", "文号", "印发日期", "起始年份", "结束年份")
TASK_HEADERS = ("章节", "小节", "任务编号", "任务内容", "牵头单位")
INDICATOR_HEADERS = ("指标编号", "指标名称", "计量单位", "年份", "目标值")
SECTION_NUMBERS = "一二三四五六七八九十"

HELP = [
    "填写说明：",
    "1. “方案”表：在 B 列填写方案名称、文号、印发日期（如 2026-01-20）、起始年份和结束年份（四位数字）。",
    "2. “任务”表：每行一项任务。章节写“三”“四”等，小节写“一”“二”等（没有小节留空），"
    "章节或小节第一次出现时可写作“三、章节标题”“（一）小节标题”。",
    "3. 牵头单位从下拉列表中选择；有多个牵头单位时用“、”隔开；“区知识产权联席会议各成员单位”表示全体成员单位。",
    "4. “指标”表：每个指标每个年份一行，目标值填数字；分组的指标写作“组名：指标名称”。",
    "5. 任务编号不能重复；牵头单位须是单位列表中的单位；填好后在程序中“载入行动方案”。",
]


def write_plan_workbook(path: Path, unit_names: Sequence[str], data: dict[str, Any] | None = None) -> Path:
    """Write the plan workbook, blank or filled with `data` (a plan in the shape of plan.json),
    atomically (a temporary file moved into place)."""
    import xlsxwriter

    from app.exchange.printing import EXCEL_LAST_ROW as LAST_ROW
    from app.exchange.printing import PrintSpec, setup_page

    path = Path(path)
    options = {"strings_to_formulas": False, "strings_to_numbers": False}
    with atomic_write(path) as tmp, xlsxwriter.Workbook(str(tmp), options) as wb:  # closed however it ends
        bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        text = wb.add_format({"num_format": "@"})
        day = wb.add_format({"num_format": "yyyy-mm-dd"})
        d = data or {}

        head = wb.add_worksheet(HEAD_SHEET)
        head.set_column(0, 0, 14)
        head.set_column(1, 1, 70)
        head.set_column(3, 3, 90)
        values = [
            d.get("title", ""),
            d.get("doc_number", ""),
            d.get("issued_on", ""),
            d.get("start_year", ""),
            d.get("end_year", ""),
        ]
        for i, (label, value) in enumerate(zip(HEAD_LABELS, values, strict=True)):
            head.write_string(i, 0, label, bold)
            if label == "印发日期" and value:
                head.write_datetime(i, 1, datetime.combine(date.fromisoformat(str(value)), datetime.min.time()), day)
            elif isinstance(value, int):
                head.write_number(i, 1, value)
            elif value:
                head.write_string(i, 1, str(value), wrap)
        for row in (3, 4):
            head.data_validation(
                row,
                1,
                row,
                1,
                {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": 2000,
                    "maximum": 2100,
                    "error_message": "请填写四位年份，如 2026",
                },
            )
        head.data_validation(
            2,
            1,
            2,
            1,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": date(2000, 1, 1),
                "maximum": date(2100, 12, 31),
                "error_message": "请填写日期，如 2026-01-20",
            },
        )
        for i, line in enumerate(HELP):
            head.write_string(i, 3, line)

        units = wb.add_worksheet(UNIT_SHEET)
        names = [*unit_names, ALL_MEMBERS]
        units.write_string(0, 0, "单位名称", bold)
        units.set_column(0, 0, 30)
        for i, name in enumerate(names, start=1):
            units.write_string(i, 0, name)
        units.hide()

        tasks = wb.add_worksheet(TASK_SHEET)
        for j, (header, width) in enumerate(zip(TASK_HEADERS, (16, 16, 9, 80, 40), strict=True)):
            tasks.write_string(0, j, header, bold)
            tasks.set_column(j, j, width, None if header == "任务编号" else text)  # typed text stays text
        tasks.freeze_panes(1, 0)
        tasks.data_validation(
            1,
            2,
            LAST_ROW,
            2,
            {"validate": "integer", "criteria": ">=", "value": 1, "error_message": "任务编号应为正整数，且不能重复"},
        )
        tasks.data_validation(
            1,
            4,
            LAST_ROW,
            4,
            {
                "validate": "list",
                "source": f"='{UNIT_SHEET}'!$A$2:$A${len(names) + 1}",
                "error_type": "warning",
                "error_title": "牵头单位",
                "error_message": "请从列表中选择单位；有多个牵头单位时用“、”隔开（此时可点“是”继续）",
            },
        )
        titles = {s["number"]: s["title"] for s in d.get("sections", [])}
        subtitles = {(s["number"], c["number"]): c["title"] for s in d.get("sections", []) for c in s["subsections"]}
        shown: set[object] = set()
        for i, t in enumerate(d.get("tasks", []), start=1):
            sec, sub = t["section"], t.get("subsection")
            sec_cell = sec if sec in shown else f"{sec}、{titles.get(sec, '')}"
            shown.add(sec)
            sub_cell = ""
            if sub:
                sub_cell = sub if (sec, sub) in shown else f"（{sub}）{subtitles.get((sec, sub), '')}"
                shown.add((sec, sub))
            leads = [*t.get("lead_units", []), *([ALL_MEMBERS] if t.get("all_members") else [])]
            tasks.write_row(i, 0, [sec_cell, sub_cell, t["number"], t["text"], "、".join(leads)])

        ind = wb.add_worksheet(INDICATOR_SHEET)
        for j, (header, width) in enumerate(zip(INDICATOR_HEADERS, (9, 40, 9, 8, 10), strict=True)):
            ind.write_string(0, j, header, bold)
            ind.set_column(j, j, width, text if header in ("指标名称", "计量单位") else None)
        ind.freeze_panes(1, 0)
        ind.data_validation(
            1,
            0,
            LAST_ROW,
            0,
            {"validate": "integer", "criteria": ">=", "value": 1, "error_message": "指标编号应为正整数"},
        )
        ind.data_validation(
            1,
            3,
            LAST_ROW,
            3,
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 2000,
                "maximum": 2100,
                "error_message": "请填写四位年份，如 2026",
            },
        )
        ind.data_validation(
            1, 4, LAST_ROW, 4, {"validate": "decimal", "criteria": ">=", "value": 0, "error_message": "目标值应为数字"}
        )
        row = 1
        for i in d.get("indicators", []):
            for year, target in sorted(i["targets"].items()):
                name = f"{i['group']}：{i['name']}" if i.get("group") else i["name"]  # read back by _read_indicators
                ind.write_row(row, 0, [i["number"], name, i.get("measure_unit", ""), int(year), target])
                row += 1
        plan = d.get("title", "") or "行动方案"
        last = max(len(HELP), len(HEAD_LABELS))
        setup_page(head, PrintSpec(f"{plan} · {HEAD_SHEET}"), (14, 70, 8, 90), last_row=last)
        # the tasks and indicators sheets are filled in: the rows added print too
        setup_page(tasks, PrintSpec(f"{plan} · {TASK_SHEET}"), (16, 16, 9, 80, 40))
        setup_page(ind, PrintSpec(f"{plan} · {INDICATOR_SHEET}"), (9, 40, 9, 8, 10))
        head.activate()
    return path


def read_plan_workbook(path: Path) -> PlanDraft:
    """What a plan workbook says, with every problem of its cells located; nothing is checked
    against the ledger here (see draft.check)."""
    path = Path(path)
    draft = PlanDraft(path.name)
    try:
        check_workbook_file(path)
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
    except UnsafeWorkbook as exc:
        draft.add("", "", str(exc))
        return draft
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken files
        draft.add("", "", f"工作簿已损坏，无法读取（{exc}）")
        return draft
    names = {normalize_text(n): n for n in wb.sheet_names}
    missing = [s for s in (HEAD_SHEET, TASK_SHEET, INDICATOR_SHEET) if s not in names]
    if missing:
        draft.add("", "", f"不是行动方案工作簿：缺少工作表“{'”“'.join(missing)}”（请用“方案模板”生成的工作簿填写）")
        return draft
    rows = {s: wb.get_sheet_by_name(names[s]).to_python() for s in (HEAD_SHEET, TASK_SHEET, INDICATOR_SHEET)}
    data: dict[str, Any] = {"sections": [], "tasks": [], "indicators": []}
    draft.data = data
    _read_head(draft, rows[HEAD_SHEET])
    _read_tasks(draft, rows[TASK_SHEET])
    _read_indicators(draft, rows[INDICATOR_SHEET])
    return draft


def _where(sheet: str, row: int) -> str:
    return f"工作表“{sheet}”第 {row} 行"


def _read_head(draft: PlanDraft, rows: list[list[object]]) -> None:
    found: dict[str, tuple[object, int]] = {}
    for i, row in enumerate(rows, start=1):
        label = normalize_text(row[0]) if row else ""
        if label in HEAD_LABELS:
            found[label] = (row[1] if len(row) > 1 else None, i)
    data = draft.data
    for label in HEAD_LABELS:
        value, row = found.get(label, (None, 0))
        where = _where(HEAD_SHEET, row) if row else f"工作表“{HEAD_SHEET}”"
        draft.where_head[label] = where
        if label in ("方案名称", "文号"):
            data["title" if label == "方案名称" else "doc_number"] = _plain(value)
        elif label == "印发日期":
            try:
                data["issued_on"] = "" if is_blank(value) else parse_date(value).isoformat()
            except InvalidValue as exc:
                draft.add(where, label, str(exc))
                data["issued_on"] = ""
        else:
            key = "start_year" if label == "起始年份" else "end_year"
            data[key] = _int(value)
            if data[key] is None and not is_blank(value):
                data[key] = normalize_text(value)


def _plain(value: object) -> str:
    """A text cell as written (full-width punctuation kept: it is the plan's own wording)."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _int(value: object) -> int | None:
    if isinstance(value, bool) or is_blank(value):
        return None
    try:
        number = float(normalize_text(value)) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _header_map(
    draft: PlanDraft, sheet: str, rows: list[list[object]], headers: Sequence[str]
) -> dict[str, int] | None:
    if not rows:
        return {}
    found = {normalize_text(c).replace(" ", ""): j for j, c in enumerate(rows[0]) if not is_blank(c)}
    missing = [h for h in headers if h not in found]
    if missing:
        draft.add(_where(sheet, 1), "", f"缺少列“{'”“'.join(missing)}”：第一行应为表头 {'、'.join(headers)}")
        return None
    return {h: found[h] for h in headers}


_SECTION = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]?\s*(.*)$")
_SUBSECTION = re.compile(r"^[（(]?\s*([一二三四五六七八九十]+)\s*[）)]?\s*[、.．]?\s*(.*)$")


def _read_tasks(draft: PlanDraft, rows: list[list[object]]) -> None:
    cols = _header_map(draft, TASK_SHEET, rows, TASK_HEADERS)
    if cols is None:
        return
    data = draft.data
    sections: dict[str, dict[str, Any]] = {}
    current: tuple[str, str | None] = ("", None)
    for i, row in enumerate(rows[1:], start=2):
        cell = {h: (row[j] if j < len(row) else None) for h, j in cols.items()}
        if all(is_blank(v) for v in cell.values()):
            continue
        where = _where(TASK_SHEET, i)
        sec_text, sub_text = _plain(cell["章节"]), _plain(cell["小节"])
        if sec_text:
            m = _SECTION.match(sec_text)
            if not m:
                draft.add(where, "章节", f"章节应写作“三”或“三、章节标题”，现为“{sec_text}”")
                continue
            number, title = m.group(1), m.group(2)
            section = sections.get(number)
            if section is None:
                section = {"number": number, "title": title, "subsections": []}
                sections[number] = section
                data["sections"].append(section)
            elif title and not section["title"]:
                section["title"] = title
            current = (number, None)
        sub = None
        if sub_text:
            m = _SUBSECTION.match(sub_text)
            if not m or not current[0]:
                draft.add(where, "小节", f"小节应写作“一”或“（一）小节标题”，且须在章节之下，现为“{sub_text}”")
                continue
            sub = m.group(1)
            subs = sections[current[0]]["subsections"]
            known = next((s for s in subs if s["number"] == sub), None)
            if known is None:
                subs.append({"number": sub, "title": m.group(2)})
            elif m.group(2) and not known["title"]:
                known["title"] = m.group(2)
            current = (current[0], sub)
        elif sec_text:
            current = (current[0], None)
        number = _int(cell["任务编号"])
        if number is None:
            draft.add(
                where, "任务编号", f"任务编号应为正整数，现为“{'' if is_blank(cell['任务编号']) else cell['任务编号']}”"
            )
        leads = split_leads("" if is_blank(cell["牵头单位"]) else normalize_text(cell["牵头单位"]))
        data["tasks"].append(
            {
                "number": number if number is not None else 0,
                "section": current[0],
                "subsection": current[1],
                "text": "" if is_blank(cell["任务内容"]) else str(cell["任务内容"]).strip(),
                "all_members": ALL_MEMBERS in leads,
                "lead_units": [x for x in leads if x != ALL_MEMBERS],
                "_where": where,
            }
        )


def _read_indicators(draft: PlanDraft, rows: list[list[object]]) -> None:
    cols = _header_map(draft, INDICATOR_SHEET, rows, INDICATOR_HEADERS)
    if cols is None:
        return
    by_number: dict[int, dict[str, Any]] = {}
    for i, row in enumerate(rows[1:], start=2):
        cell = {h: (row[j] if j < len(row) else None) for h, j in cols.items()}
        if all(is_blank(v) for v in cell.values()):
            continue
        where = _where(INDICATOR_SHEET, i)
        number = _int(cell["指标编号"])
        if number is None or number < 1:
            draft.add(
                where, "指标编号", f"指标编号应为正整数，现为“{'' if is_blank(cell['指标编号']) else cell['指标编号']}”"
            )
            continue
        name = _plain(cell["指标名称"])
        group, _, short = name.rpartition("：")  # 中华武数四平台：新增发明专利申请量 names a group
        indicator = by_number.get(number)
        if indicator is None:
            indicator = {
                "number": number,
                "name": short,
                "measure_unit": _plain(cell["计量单位"]),
                "group": group,
                "expected": True,
                "targets": {},
                "_where": where,
                "_where_targets": {},
            }
            by_number[number] = indicator
            draft.data["indicators"].append(indicator)
        elif short and short != indicator["name"]:
            draft.add(where, "指标名称", f"指标 {number} 的名称与{indicator['_where']}不一致（“{indicator['name']}”）")
        year = _int(cell["年份"])
        key = str(year) if year is not None else ("" if is_blank(cell["年份"]) else normalize_text(cell["年份"]))
        if key in indicator["targets"]:
            draft.add(where, "年份", f"指标 {number} 的 {key} 年目标值重复（{indicator['_where_targets'][key]}已有）")
            continue
        raw = cell["目标值"]
        try:
            target: object = parse_number(raw, what="目标值") if not is_blank(raw) else ""
        except InvalidValue:
            target = normalize_text(raw)
        indicator["targets"][key] = target
        indicator["_where_targets"][key] = where
