"""The review commands of the command line (SPEC §12): status, due, accept, reopen, comment,
return, comments. Registered by app.cli; each is a thin wrapper over app.review and app.comments."""

from __future__ import annotations

import argparse
import json
from datetime import date

from app import review
from app.ledger import Ledger
from app.periods import Period
from app.review_rules import HELD_LABEL
from app.validators import InvalidValue, parse_date


def add_parsers(sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    """Register the review commands on app.cli's parser."""

    p = sub.add_parser(
        "status",
        help="区局：各单位本期的审核状态",
        description="区局：列出各单位某一报告期的审核状态（未报送、待审核、已退回、已接收）、报送时间、截止日期和是否逾期。",
    )
    p.add_argument("--period", required=True, metavar="P", help="报告期，如 2025Q1")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=cmd_status)

    p = sub.add_parser(
        "due",
        help="区局：查看或设置报告期的截止日期",
        description="区局：查看或设置某一报告期的报送截止日期（默认为报告期结束后第 10 天）。",
    )
    p.add_argument("--period", required=True, metavar="P", help="报告期，如 2025Q1")
    p.add_argument("--date", metavar="DATE", help="新的截止日期，如 2025-04-15；写 default 恢复默认")
    p.set_defaults(run=cmd_due)

    p = sub.add_parser(
        "accept",
        help="区局：接收某单位某期的报送（锁定）",
        description="区局：接收某单位某一报告期的报送。接收后该期锁定：之后收到的文件作为“待重新审核”保留，不合并。",
    )
    p.add_argument("--unit", required=True, metavar="U", help="填报单位")
    p.add_argument("--period", required=True, metavar="P", help="报告期")
    p.set_defaults(run=cmd_accept)

    p = sub.add_parser(
        "reopen",
        help="区局：重新打开已接收的报送",
        description="区局：重新打开某单位已接收的一期报送，使其回到待审核；列出该期待重新审核的文件。",
    )
    p.add_argument("--unit", required=True, metavar="U", help="填报单位")
    p.add_argument("--period", required=True, metavar="P", help="报告期")
    p.set_defaults(run=cmd_reopen)


def _ledger_path(args: argparse.Namespace):  # noqa: ANN202
    from app import cli  # app.cli imports this module: its helpers are looked up when a command runs

    return cli.ledger_path(args)


def _period(text: str) -> Period:
    from app import cli

    return cli.parse_period_arg(text)


def _usage(message: str) -> Exception:
    from app import cli

    return cli.UsageError(message)


def cmd_status(args: argparse.Namespace) -> int:
    period: Period = _period(args.period)
    with Ledger(_ledger_path(args)) as ledger, ledger.session() as s:
        rows = review.statuses(s, period)
        due = review.due_date(s, period)
    if args.json:
        out = {"period": period.code, "due": due.isoformat(), "units": [r.as_json() for r in rows]}
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{period.label}（{period.code}）  截止日期 {due.isoformat()}")
    for r in rows:
        when = f"{r.submitted_at:%Y-%m-%d %H:%M}" if r.submitted_at else "-"
        extra = []
        if r.held:
            extra.append(f"{HELD_LABEL} {len(r.held)} 份")
        if r.open_comments:
            extra.append(f"意见待答复 {r.open_comments} 条")
        if r.answered_comments:
            extra.append(f"意见已答复 {r.answered_comments} 条")
        print(f"{r.unit}\t{r.state_label}\t{when}\t{r.standing}\t{'，'.join(extra)}")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    period: Period = _period(args.period)
    with Ledger(_ledger_path(args)) as ledger:
        if args.date:
            review.require_bureau(ledger)
            day: date | None = None
            if args.date != "default":
                try:
                    day = parse_date(args.date)
                except InvalidValue as exc:
                    raise _usage(str(exc)) from None
            with ledger.session() as s:
                review.set_due_date(s, period, day)
        with ledger.session() as s:
            due = review.due_date(s, period)
    print(f"{period.label}截止日期：{due.isoformat()}")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    period: Period = _period(args.period)
    with Ledger(_ledger_path(args)) as ledger:
        review.accept(ledger, args.unit, period)
    print(f"已接收：{args.unit} {period.label}。之后收到的该期文件将作为“{HELD_LABEL}”保留，需重新打开后才合并。")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    period: Period = _period(args.period)
    with Ledger(_ledger_path(args)) as ledger:
        held = review.reopen(ledger, args.unit, period)
    print(f"已重新打开：{args.unit} {period.label}，状态回到待审核。")
    for h in held:
        print(f"{HELD_LABEL}：{h.file_name}（保存于 {h.stored_path}），可用 import 导入合并")
    return 0
