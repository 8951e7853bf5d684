"""One-off helper: extract the plan catalogue from the source notice into resources/plan.json.

The JSON file is the data the app ships; it was produced by this script and then read by hand
against the notice. tests/test_catalogue.py re-checks it against the notice on every run.
Usage: python tools/extract_plan.py ../shared/seed/000_16ba785a0e610339.txt resources/plan.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SECTION = re.compile(r"^([三四五六])、(.+)$")
SUBSECTION = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$")
TASK = re.compile(r"^(\d{1,2})\.\s*(.+)$")
LEADS = re.compile(r"[（(]([^（）()]+)[）)]$")
ALL_MEMBERS = "区知识产权联席会议各成员单位"

STREETS = [
    "长寿路街道",
    "曹杨新村街道",
    "长风新村街道",
    "宜川路街道",
    "甘泉路街道",
    "石泉路街道",
    "真如镇街道",
    "万里街道",
]
TOWNS = ["长征镇", "桃浦镇"]
DISTRICT_BODIES = [
    "区知识产权局",
    "区发改委",
    "区财政局",
    "区投促办",
    "区委宣传部",
    "区科委",
    "区商务委",
    "区教育局",
    "区统计局",
    "区文旅局",
    "区数据局",
    "区司法局",
    "区法院",
    "区检察院",
    "区公安分局",
]


def clean(line: str) -> str:
    return line.strip().lstrip("#").strip().replace("*", "").strip()


def extract(text: str) -> dict:
    lines = [clean(x) for x in text.splitlines()]
    start = next(i for i, x in enumerate(lines) if x.startswith("三、"))
    sections: list[dict] = []
    tasks: list[dict] = []
    for line in lines[start:]:
        if line.startswith("---"):
            break
        if not line:
            continue
        if m := SECTION.match(line):
            sections.append({"number": m.group(1), "title": m.group(2), "subsections": []})
        elif m := SUBSECTION.match(line):
            sections[-1]["subsections"].append({"number": m.group(1), "title": m.group(2)})
        elif m := TASK.match(line):
            sub = sections[-1]["subsections"]
            tasks.append(
                {
                    "number": int(m.group(1)),
                    "section": sections[-1]["number"],
                    "subsection": sub[-1]["number"] if sub else None,
                    "text": m.group(2),
                }
            )
        else:  # a paragraph broken by a page break continues the task before it
            tasks[-1]["text"] += line
    for task in tasks:
        m = LEADS.search(task["text"])
        leads = m.group(1).split("、")
        task["text"] = task["text"][: m.start()].strip()
        task["all_members"] = ALL_MEMBERS in leads
        task["lead_units"] = [u for u in leads if u != ALL_MEMBERS]
    return {"sections": sections, "tasks": tasks}


INDICATORS = [
    # number, name, measure unit, group, 2024 target, 2025 target
    (1, "每万人口高价值发明专利拥有量", "件", "", 20, 23),
    (2, "新增PCT国际专利申请量", "件", "", 60, 65),
    (3, "年知识产权质押融资登记金额", "亿元", "", 2.5, 3),
    (4, "知识产权民事一审案件服判息诉率", "%", "", 97, 97),
    (5, "新增发明专利申请量", "件", "中华武数四平台", 30, 40),
    (6, "新增商标申请注册量", "件", "中华武数四平台", 30, 40),
    (7, "新增著作权登记申请量", "件", "中华武数四平台", 50, 60),
]


def main() -> None:
    source, target = sys.argv[1:3]
    plan = extract(Path(source).read_text(encoding="utf-8"))
    plan["title"] = "普陀区落实《上海市知识产权强市建设纲要和“十四五”规划实施推进计划（2024-2025）》行动方案"
    plan["units"] = (
        [{"name": n, "kind": "街道"} for n in STREETS]
        + [{"name": n, "kind": "镇"} for n in TOWNS]
        + [{"name": n, "kind": "区级部门"} for n in DISTRICT_BODIES]
    )
    plan["indicators"] = [
        {
            "number": n,
            "name": name,
            "measure_unit": mu,
            "group": g,
            "targets": {"2024": t24, "2025": t25},
            "expected": True,
        }
        for n, name, mu, g, t24, t25 in INDICATORS
    ]
    Path(target).write_text(json.dumps(plan, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
