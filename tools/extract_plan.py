"""Extract the built-in plan from the source notice into resources/plan.json, with the unit list.

The reading of a notice is the app's own (app.plans.notice, which a bureau uses to load a new
plan); this script adds the unit list. tests/test_catalogue.py re-checks the shipped JSON against
the notice.
Usage: python tools/extract_plan.py ../shared/seed/000_16ba785a0e610339.txt resources/plan.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.plans.notice import parse_notice

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


def main() -> None:
    source, target = sys.argv[1:3]
    draft = parse_notice(Path(source).read_text(encoding="utf-8"), Path(source).name)
    if draft.issues:
        sys.exit("\n".join(str(i) for i in draft.issues))
    plan = draft.clean()
    plan["units"] = (
        [{"name": n, "kind": "街道"} for n in STREETS]
        + [{"name": n, "kind": "镇"} for n in TOWNS]
        + [{"name": n, "kind": "区级部门"} for n in DISTRICT_BODIES]
    )
    Path(target).write_text(json.dumps(plan, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
