"""The command line: `ipledger [--db PATH] COMMAND` (SPEC §6).

Exit codes: 0 done, 1 failed (the message says why, nothing half-written), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__, demo
from app.ledger import Ledger, SetupError, health
from app.paths import default_ledger_path
from db.engine import LedgerError

OK, FAILED, USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipledger",
        description="知识产权工作台账：填报、汇总和报告知识产权行动方案的推进情况。不带命令时打开窗口。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="台账文件路径（默认：环境变量 IPLEDGER_DB，否则为用户数据目录下的 ledger.db）",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="打开窗口（默认）", description="打开知识产权工作台账窗口。")
    p.set_defaults(run=cmd_gui)

    p = sub.add_parser("init", help="为本单位设置台账", description="为一个填报单位设置本台账。")
    p.add_argument("--unit", required=True, metavar="NAME", help="填报单位名称，如 长寿路街道")
    p.add_argument(
        "--role",
        choices=("office", "bureau"),
        help="office：填报单位；bureau：区知识产权局汇总（区知识产权局默认为 bureau）",
    )
    p.set_defaults(run=cmd_init)

    p = sub.add_parser(
        "check",
        help="检查台账是否完好",
        description="检查台账文件的完整性和结构版本，列出各类记录数量。台账损坏时以非零状态退出。",
    )
    p.set_defaults(run=cmd_check)

    p = sub.add_parser(
        "demo",
        help="填入演示数据",
        description="向台账填入逼真的演示数据（每类记录都有），用于演示和性能测试。同一 --seed 结果相同。",
    )
    p.add_argument("--units", type=int, default=3, metavar="N", help="为多少个单位生成数据（默认 3）")
    p.add_argument("--rows", type=int, default=50, metavar="N", help="每个单位约多少条记录（默认 50）")
    p.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    p.set_defaults(run=cmd_demo)
    return parser


def ledger_path(args: argparse.Namespace) -> Path:
    return args.db if args.db else default_ledger_path()


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.main import run_gui  # Qt is loaded only when a window is wanted

    return run_gui(ledger_path(args))


def cmd_init(args: argparse.Namespace) -> int:
    with Ledger(ledger_path(args)) as ledger:
        unit = ledger.setup(args.unit, args.role)
        print(f"台账已设置：{unit.name}（{'区局汇总' if ledger.role == 'bureau' else '填报单位'}）")
        print(f"台账文件：{ledger.path}")
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    path = ledger_path(args)
    if not path.exists():
        print(f"台账文件不存在：{path}", file=sys.stderr)
        return FAILED
    with Ledger(path) as ledger:
        report = health(ledger)
    print(f"台账文件：{report.path}")
    print(f"结构版本：{report.schema}（程序支持的最新版本 {report.latest_schema}）")
    print(f"完整性：{'正常' if not report.problems else '发现问题'}")
    for problem in report.problems:
        print(f"  - {problem}")
    role = {"bureau": "区局汇总", "office": "填报单位"}.get(report.role, "未设置")
    print(f"本台账单位：{report.unit_name or '未设置'}（{role}）")
    print(f"计划目录：{report.tasks} 项任务，{report.indicators} 项指标，{report.units} 个单位")
    print("记录：")
    for sheet, (live, deleted) in report.counts.items():
        print(f"  {sheet}：{live} 条" + (f"（另有已删除 {deleted} 条）" if deleted else ""))
    return OK if report.healthy else FAILED


def cmd_demo(args: argparse.Namespace) -> int:
    if args.units < 1 or args.rows < 1:
        print("--units 和 --rows 必须大于 0", file=sys.stderr)
        return USAGE
    with Ledger(ledger_path(args)) as ledger, ledger.session() as s:
        made = demo.fill(s, units=args.units, rows=args.rows, seed=args.seed)
    print("已生成演示数据：" + "，".join(f"{sheet} {n} 条" for sheet, n in made.items()))
    return OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", cmd_gui)
    try:
        return run(args)
    except (LedgerError, SetupError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
