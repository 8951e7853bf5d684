"""The `prefill` command (SPEC §10, §12): pre-filled workbooks for one unit or for every unit."""

from __future__ import annotations

import argparse

from app.cli.common import OK, UsageError, add_output, add_period, add_unit, open_ledger


def add_parsers(sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    p = sub.add_parser(
        "prefill",
        help="区局：生成各单位的预填报送表",
        description="生成某一报告期的预填报送表（一表同享）：单位和报告期已填好，列出该单位牵头的任务（附上期推进情况"
        "供参考）、指导站和专利挂牌。单位在 Excel/WPS 中核对、填写后发回，导入时按该单位的报送合并。"
        "--unit 写一个文件，--all 为每个单位各写一个文件到文件夹中。填报单位也可生成本单位的预填表。",
    )
    which = p.add_mutually_exclusive_group(required=True)
    add_unit(which, "单位名称（输出为一个文件）", required=False)
    which.add_argument("--all", action="store_true", help="所有单位（输出为一个文件夹）")
    add_period(p, "报告期，如 2025Q2")
    add_output(p, "输出文件（--unit）或文件夹（--all）", metavar="PATH")
    p.set_defaults(run=cmd_prefill)


def cmd_prefill(args: argparse.Namespace) -> int:
    from app.outgoing.prefill import write_prefill, write_prefills  # the workbooks load with the command

    if args.all and args.output.suffix.lower() == ".xlsx":
        raise UsageError("--all 的输出应为文件夹，每个单位一个文件")
    if args.unit and args.output.is_dir():
        raise UsageError("--unit 的输出应为文件（.xlsx），不是文件夹")
    with open_ledger(args) as ledger:
        if args.all:
            results = write_prefills(ledger, args.period, args.output)
        else:
            results = [write_prefill(ledger, args.unit, args.period, args.output)]
    for r in results:
        print(f"{r.path}\t{r.summary()}")
    return OK
