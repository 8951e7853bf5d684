"""Reading an action plan from the text of its notice (印发通知), as a district publishes it.

What is recognised, in the style of the 2024–2025 notice: the document number (普府办〔2024〕26号),
the date, the plan's title (the heading that ends in 方案), its sections (三、…) and sub-sections
（一）…, the numbered tasks (1. …) each ending with its lead units in parentheses — a task broken over
a page runs on until the next number — and the indicator table (tab-separated: 编号, 指标名称（单位）,
one target per year; a row whose first cell is not a number, such as 其中：“中华武数”四平台, opens a
group). What is not recognised is reported with its line number; the bureau reviews the result
before it is saved.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.plans.draft import ALL_MEMBERS, PlanDraft, split_leads

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,10}〔\d{4}〕\d+号)")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发)?$")
SECTION = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
SUBSECTION = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$")
TASK = re.compile(r"^(\d{1,3})\s*[.．、]\s*(.+)$")
LEADS = re.compile(r"[（(]([^（）()]+)[）)]\s*[。；;]?$")
YEARS = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–~～至]\s*((?:19|20)\d{2})")
NAME_UNIT = re.compile(r"^(.+?)[（(]([^（）()]+)[）)]$")


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _clean(line: str) -> str:
    return line.strip().lstrip("#").strip().replace("*", "").strip()


def read_notice(path: Path) -> PlanDraft:
    path = Path(path)
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        draft = PlanDraft(path.name)
        draft.add("", "", f"无法打开文件：{exc.strerror or exc}")
        return draft
    return parse_notice(text, path.name)


def parse_notice(text: str, file: str = "") -> PlanDraft:
    draft = PlanDraft(file)
    data: dict[str, Any] = {
        "title": "",
        "doc_number": "",
        "issued_on": "",
        "sections": [],
        "tasks": [],
        "indicators": [],
    }
    draft.data = data
    lines = text.splitlines()
    where = {i: f"第 {i + 1} 行" for i in range(len(lines))}

    for i, raw in enumerate(lines):
        line = _clean(raw)
        if not data["doc_number"] and (m := DOC_NUMBER.search(line)) and len(line) <= 30:
            data["doc_number"] = m.group(1)
        if not data["issued_on"] and (m := DATE.match(line)):
            data["issued_on"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        if raw.lstrip().startswith("#") and "方案" in line and "通知" not in line and "文件" not in line:
            data["title"] = data["title"] or re.sub(r"\s+", "", line)
            draft.where_head["方案名称"] = where[i]
    if not data["title"]:  # the title inside the notice's own heading: 关于印发《…》的通知
        for i, raw in enumerate(lines):
            m = re.search(r"印发\s*《(.+)》\s*的通知", _clean(raw))
            if m:
                data["title"] = re.sub(r"\s+", "", m.group(1))
                draft.where_head["方案名称"] = where[i]
                break

    _read_indicator_table(draft, lines)
    _read_tasks(draft, lines)

    years = sorted({int(y) for i in data["indicators"] for y in i["targets"] if str(y).isdecimal()})
    m = YEARS.search(data["title"])
    if m:
        data["start_year"], data["end_year"] = int(m.group(1)), int(m.group(2))
    elif years:
        data["start_year"], data["end_year"] = years[0], years[-1]
    else:
        draft.add("", "起始年份", "没有识别出方案的年份：标题中应有“（2026-2027年）”这样的年份，或指标表中有年份列")
    return draft


def _read_tasks(draft: PlanDraft, lines: list[str]) -> None:
    data = draft.data
    sections: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    open_task: dict[str, Any] | None = None
    for i, raw in enumerate(lines):
        line = _clean(raw)
        if not line or "\t" in raw:
            continue
        if line.startswith("---"):
            if tasks:
                break  # the footer: 抄送, 印发
            continue
        if m := SECTION.match(line):
            sections.append({"number": m.group(1), "title": m.group(2).strip(), "subsections": [], "_tasks": 0})
            open_task = None
        elif (m := SUBSECTION.match(line)) and sections:
            sections[-1]["subsections"].append({"number": m.group(1), "title": m.group(2).strip()})
            open_task = None
        elif (m := TASK.match(line)) and sections:
            sub = sections[-1]["subsections"]
            open_task = {
                "number": int(m.group(1)),
                "section": sections[-1]["number"],
                "subsection": sub[-1]["number"] if sub else None,
                "text": m.group(2).strip(),
                "_where": f"第 {i + 1} 行",
            }
            sections[-1]["_tasks"] += 1
            tasks.append(open_task)
        elif open_task is not None and not LEADS.search(open_task["text"]):
            open_task["text"] += line  # a task broken by a page break runs on
    for t in tasks:
        m = LEADS.search(t["text"])
        if m is None:
            t["lead_units"], t["all_members"] = [], False
            draft.add(t["_where"], "牵头单位", f"任务 {t['number']} 的末尾没有括注牵头单位（如“（区知识产权局）”）")
            continue
        leads = split_leads(m.group(1))
        t["text"] = t["text"][: m.start()].strip()
        t["all_members"] = ALL_MEMBERS in leads
        t["lead_units"] = [x for x in leads if x != ALL_MEMBERS]
    # Sections without tasks (一、总体要求, 二、主要目标) are the preamble, not part of the catalogue.
    data["sections"] = [{k: v for k, v in s.items() if k != "_tasks"} for s in sections if s["_tasks"]]
    data["tasks"] = tasks


def _number(text: str) -> float | str:
    t = text.strip().replace(",", "").replace("，", "")
    try:
        return float(t) if "." in t else int(t)
    except ValueError:
        return t


def _read_indicator_table(draft: PlanDraft, lines: list[str]) -> None:
    header_at = next(
        (i for i, x in enumerate(lines) if "\t" in x and _clean(x).replace(" ", "").startswith("编号")), None
    )
    if header_at is None:
        draft.add("", "指标", "没有识别出指标表（以“编号”开头、以制表符分列的表格），方案将不含指标", warning=True)
        return
    header = [c.strip() for c in lines[header_at].split("\t")]
    years = []
    for c in header[2:]:
        m = re.match(r"^((?:19|20)\d{2})\s*年?", c)
        years.append(m.group(1) if m else c)
    group, next_number = "", 1
    for i in range(header_at + 1, len(lines)):
        raw = lines[i]
        if "\t" not in raw:
            if raw.strip():
                break
            continue
        cells = [c.strip() for c in raw.split("\t")]
        first, rest = cells[0], cells[1:]
        if first.isdigit():  # (², which int() does not read, stays text: 指标编号应为正整数)
            number, group = (int(first) if first.isdecimal() else first), ""
        else:
            number = next_number
            if first:
                group = re.sub(r"^其中[:：]\s*|[“”\"]", "", first)
        next_number = (number if isinstance(number, int) else next_number) + 1
        name_cell = re.sub(r"\s+", "", rest[0]) if rest else ""
        m = NAME_UNIT.match(name_cell)
        name, unit = (m.group(1), m.group(2)) if m else (name_cell, "")
        where = f"第 {i + 1} 行"
        targets = {y: _number(v) for y, v in zip(years, rest[1:], strict=False)}
        draft.data["indicators"].append(
            {
                "number": number,
                "name": name,
                "measure_unit": unit,
                "group": group,
                "expected": True,
                "targets": targets,
                "_where": where,
                "_where_targets": dict.fromkeys(targets, where),
            }
        )
