"""The plan commands of the command line (SPEC §12): plans, plan-template, load-plan. Registered
by app.cli.main; each is a thin wrapper over app.store.catalogue and app.plans."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.common import FAILED, OK, UsageError, add_json, add_output, open_ledger


def add_parsers(sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    p = sub.add_parser(
        "plans",
        help="列出台账中的行动方案",
        description="列出本台账中的行动方案：名称、文号、年份、任务数和指标数。",
    )
    add_json(p)
    p.set_defaults(run=cmd_plans)

    p = sub.add_parser(
        "plan-template",
        help="生成行动方案工作簿模板",
        description="写出填写新行动方案的工作簿（方案、任务、指标三张表，牵头单位可从单位列表中选择）。",
    )
    add_output(p, "输出文件（.xlsx）")
    p.set_defaults(run=cmd_plan_template)

    p = sub.add_parser(
        "load-plan",
        help="区局：载入新的行动方案",
        description="区局：从行动方案工作簿（.xlsx）或印发通知的文本（.txt）载入行动方案。"
        "先列出识别的内容；有错误时逐条指出位置，不写入任何数据。",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="行动方案工作簿或通知文本")
    p.add_argument("--dry-run", action="store_true", help="只识别和检查，不写入")
    p.add_argument("--governs", action="store_true", help="与已有方案年份重叠时，由新方案管辖重叠年份（否则拒绝载入）")
    add_json(p, "以 JSON 输出识别结果")
    p.set_defaults(run=cmd_load_plan)


def cmd_plans(args: argparse.Namespace) -> int:
    from app.store import catalogue

    with open_ledger(args) as ledger, ledger.session() as s:
        found = [
            {
                "name": p.name,
                "doc_number": p.doc_number,
                "issued_on": p.issued_on.isoformat() if p.issued_on else "",
                "start_year": p.start_year,
                "end_year": p.end_year,
                "tasks": len(catalogue.tasks(s, p)),
                "indicators": len(catalogue.indicators(s, p)),
                "builtin": p.builtin,
                "uid": p.uid,
            }
            for p in catalogue.plans(s)
        ]
    if args.json:
        print(json.dumps({"plans": found}, ensure_ascii=False, indent=1))
        return OK
    for p in found:
        built_in = "（内置）" if p["builtin"] else ""
        print(f"{p['start_year']}–{p['end_year']}年  {p['name']}{built_in}")
        print(f"    文号 {p['doc_number'] or '无'}，任务 {p['tasks']} 项，指标 {p['indicators']} 项")
    return OK


def cmd_plan_template(args: argparse.Namespace) -> int:
    from app.plans.workbook import write_plan_workbook
    from app.store import catalogue

    with open_ledger(args) as ledger, ledger.session() as s:
        names = [u.name for u in catalogue.units(s)]
    print(write_plan_workbook(args.output, names))
    return OK


def cmd_load_plan(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise UsageError(f"找不到文件：{args.file}")
    from app.plans.load import check_draft, read_plan_file, save_plan  # the plan loader loads with the command

    with open_ledger(args) as ledger:
        if ledger.role != "bureau" and not args.dry_run:
            print(
                "错误：只有区知识产权局（bureau 角色）可以载入行动方案；填报单位从区局发来的工作簿中获得方案。",
                file=sys.stderr,
            )
            return FAILED
        draft = read_plan_file(args.file)
        with ledger.session() as s:
            check_draft(s, draft, governs=args.governs)
            if args.json:
                written = not draft.errors and not args.dry_run
                name = save_plan(s, draft).name if written else ""
                out = {
                    "file": str(args.file),
                    "summary": list(draft.summary()),
                    "warnings": [i.as_dict() for i in draft.warnings],
                    "errors": [i.as_dict() for i in draft.errors],
                    "loaded": name,
                }
                print(json.dumps(out, ensure_ascii=False, indent=1))
                return FAILED if draft.errors else OK
            print(f"识别结果（{args.file.name}）：")
            for line in draft.summary():
                print(line)
            for issue in draft.warnings:
                print(f"提示：{issue}")
            if draft.errors:
                for issue in draft.errors:
                    print(f"错误：{issue}", file=sys.stderr)
                print("行动方案有错误，未写入任何数据。", file=sys.stderr)
                return FAILED
            if args.dry_run:
                print("（试运行：未写入）")
                return OK
            plan = save_plan(s, draft)
            print(f"已载入行动方案：{plan.name}（{plan.years_label}）")
    return OK
