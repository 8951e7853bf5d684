"""The review commands of the command line (SPEC §12): status, due, accept, reopen, comment,
return, comments. Registered by app.cli.main; each is a thin wrapper over app.review.state and app.review.comments."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING

from app.cli.common import UsageError, add_json, add_output, add_period, add_unit, open_ledger

# The ledger, the review state and comments load with the command that uses them.
if TYPE_CHECKING:
    from app.store.ledger import Ledger
    from app.vocabulary.periods import Period


def add_parsers(sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    """Register the review commands on app.cli.main's parser."""

    p = sub.add_parser(
        "status",
        help="区局：各单位本期的审核状态",
        description="区局：列出各单位某一报告期的审核状态（未报送、待审核、已退回、已接收）、报送时间、截止日期和是否逾期。",
    )
    add_period(p, "报告期，如 2025Q1")
    add_json(p)
    p.set_defaults(run=cmd_status)

    p = sub.add_parser(
        "due",
        help="区局：查看或设置报告期的截止日期",
        description="区局：查看或设置某一报告期的报送截止日期（默认为报告期结束后第 10 天）。",
    )
    add_period(p, "报告期，如 2025Q1")
    p.add_argument("--date", metavar="DATE", help="新的截止日期，如 2025-04-15；写 default 恢复默认")
    p.set_defaults(run=cmd_due)

    p = sub.add_parser(
        "accept",
        help="区局：接收某单位某期的报送（锁定）",
        description="区局：接收某单位某一报告期的报送。接收后该期锁定：之后收到的文件作为“待重新审核”保留，不合并。",
    )
    add_unit(p)
    add_period(p, "报告期")
    p.set_defaults(run=cmd_accept)

    p = sub.add_parser(
        "reopen",
        help="区局：重新打开已接收的报送",
        description="区局：重新打开某单位已接收的一期报送，使其回到待审核；列出该期待重新审核的文件。",
    )
    add_unit(p)
    add_period(p, "报告期")
    p.set_defaults(run=cmd_reopen)

    p = sub.add_parser(
        "comment",
        help="区局：对一条记录或其某一列提出意见",
        description="区局：对一条记录（--record）或其某一列（--field 列名）提出意见；"
        "不指明记录时用 --unit 和 --period 对整份报送提出意见。退回时意见写入反馈文件。",
    )
    p.add_argument("--record", metavar="ID", help="记录ID")
    p.add_argument("--field", metavar="LABEL", help="列名，如 进展情况")
    add_unit(p, "填报单位（对整份报送的意见）", required=False)
    add_period(p, "报告期（对整份报送的意见；对记录的意见默认取记录所属的报告期）", required=False)
    p.add_argument("text", metavar="TEXT", help="意见内容")
    p.set_defaults(run=cmd_comment)

    p = sub.add_parser(
        "return",
        help="区局：退回报送并写出反馈文件",
        description="区局：退回某单位某一报告期的报送，写出反馈工作簿（各条意见及其所涉记录和列、截止日期），发给该单位导入。",
    )
    add_unit(p)
    add_period(p, "报告期")
    p.add_argument("--comment", metavar="TEXT", default="", help="对整份报送的意见")
    p.add_argument("--due", metavar="DATE", help="改正后重新报送的截止日期（如 2025-04-25；默认为本期截止日期）")
    add_output(p, "反馈文件（默认在当前目录）", required=False)
    p.set_defaults(run=cmd_return)

    p = sub.add_parser(
        "comments",
        help="列出未关闭的意见",
        description="列出未关闭的意见（填报单位：收到的意见；区局：提出的意见），含处理情况。",
    )
    add_json(p)
    add_period(p, "只列出这一报告期的意见", required=False)
    p.set_defaults(run=cmd_comments)

    p = sub.add_parser(
        "answer",
        help="填报单位：答复一条意见",
        description="填报单位：答复收到的一条意见——已按意见修改（--fixed），或写情况说明（--explain 文字）。"
        "下次导出报送文件时答复随之发送。",
    )
    p.add_argument("comment_id", metavar="ID", help="意见编号（见 comments 命令）")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--fixed", nargs="?", const="", metavar="TEXT", help="已按意见修改（可附说明）")
    how.add_argument("--explain", metavar="TEXT", help="情况说明")
    p.set_defaults(run=cmd_answer)


def cmd_status(args: argparse.Namespace) -> int:
    from app.review import state as review
    from app.review.rules import NOT_SUBMITTED
    from app.store import settings
    from app.vocabulary.periods import MONTHS_PER, Granularity

    asked: Period = args.period
    with open_ledger(args) as ledger, ledger.session() as s:
        # Units report per quarter (the ledger's setting): a year or half-year asked for is said as
        # its quarters, not as one period that no unit reports for (every unit 未报送).
        months = MONTHS_PER[Granularity(str(settings.get(s, settings.GRANULARITY)))]
        periods = [p for p in asked.sub_periods() if p.months == months] if asked.months > months else [asked]
        found = [(p, review.due_date(s, p), review.statuses(s, p)) for p in periods]
        if len(periods) > 1:  # ... unless some unit did send one file for the whole of it
            whole = review.statuses(s, asked)
            if any(r.state != NOT_SUBMITTED for r in whole):
                found.insert(0, (asked, review.due_date(s, asked), whole))
    if args.json:
        blocks = [
            {"period": p.code, "due": due.isoformat(), "units": [r.as_json() for r in rows]} for p, due, rows in found
        ]
        print(
            json.dumps(
                blocks[0] if len(blocks) == 1 else {"period": asked.code, "periods": blocks},
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    for i, (period, due, rows) in enumerate(found):
        if i:
            print()
        _print_status(period, due, rows)
    return 0


def _print_status(period: Period, due: date, rows: list) -> None:  # noqa: ANN001
    from app.review.rules import HELD_LABEL

    print(f"{period.label}（{period.code}）  截止日期 {due.isoformat()}")
    for r in rows:
        when = r.sent_text
        extra = []
        if r.held:
            extra.append(f"{HELD_LABEL} {len(r.held)} 份")
        if r.open_comments:
            extra.append(f"意见待答复 {r.open_comments} 条")
        if r.answered_comments:
            extra.append(f"意见已答复 {r.answered_comments} 条")
        print(f"{r.unit}\t{r.state_label}\t{when}\t{r.standing}\t{'，'.join(extra)}")


def cmd_due(args: argparse.Namespace) -> int:
    from app.review import state as review
    from app.vocabulary.validators import InvalidValue, parse_date

    period: Period = args.period
    with open_ledger(args) as ledger:
        if args.date:
            review.require_bureau(ledger)
            day: date | None = None
            if args.date != "default":
                try:
                    day = parse_date(args.date)
                except InvalidValue as exc:
                    raise UsageError(str(exc)) from None
            with ledger.session() as s:
                review.set_due_date(s, period, day)
        with ledger.session() as s:
            due = review.due_date(s, period)
    print(f"{period.label}截止日期：{due.isoformat()}")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from app.review import comments
    from app.review import state as review
    from app.review.rules import HELD_LABEL

    period: Period = args.period
    with open_ledger(args) as ledger:
        review.accept(ledger, args.unit, period)
        with ledger.session() as s:
            waiting = len(comments.unsent(s, review.find_unit(s, args.unit).id))
    print(f"已接收：{args.unit} {period.label}。之后收到的该期文件将作为“{HELD_LABEL}”保留，需重新打开后才合并。")
    if waiting:
        print(f"该单位另有 {waiting} 条意见尚未发出，下次退回该单位报送时随反馈文件发出。")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    from app.review import state as review
    from app.review.rules import HELD_LABEL

    period: Period = args.period
    with open_ledger(args) as ledger:
        held = review.reopen(ledger, args.unit, period)
        print(f"已重新打开：{args.unit} {period.label}，状态回到待审核。")
        for h in held:  # kept in the ledger: written out here to import
            with ledger.session() as s:
                paths = review.held_inputs(s, h)
            shown = " ".join(f'"{p}"' for p in paths)
            print(f"{HELD_LABEL}：{h.file_name}，已取出到 {paths[0].parent}，可用 import {shown} 导入合并")
    return 0


def cmd_comment(args: argparse.Namespace) -> int:
    from app.review import comments
    from app.review import state as review

    with open_ledger(args) as ledger:
        review.require_bureau(ledger)
        with ledger.session() as s:
            unit_id = review.find_unit(s, args.unit).id if args.unit else None
            c = comments.add_comment(
                s, args.text, record_id=args.record, field=args.field, unit_id=unit_id, period=args.period
            )
            row = comments.as_row(s, c)
    where = "，".join(x for x in (row.sheet, row.subject, row.field) if x)
    print(f"已记录意见 {c.id}（{where}，{parse_label(row.period)}）。下次退回该单位报送时写入反馈文件。")
    return 0


def parse_label(code: str) -> str:
    from app.vocabulary.periods import parse_period

    return parse_period(code).label


def cmd_return(args: argparse.Namespace) -> int:
    from app.review import feedback  # the workbooks load with the commands that write or read them
    from app.vocabulary.validators import InvalidValue, parse_date

    period: Period = args.period
    try:
        due = parse_date(args.due) if args.due else None
    except InvalidValue as exc:
        raise UsageError(f"--due：{exc}") from None
    with open_ledger(args) as ledger:
        path, n = feedback.return_submission(ledger, args.unit, period, args.comment, args.output, due)
    print(path)
    again = f"，请于 {due.isoformat()} 前改正后重新报送" if due else ""
    print(f"已退回：{args.unit} {period.label}，反馈文件含意见 {n} 条{again}，请发给该单位导入。")
    return 0


def cmd_comments(args: argparse.Namespace) -> int:
    from app.review import comments
    from app.store.units import unit_names

    with open_ledger(args) as ledger, ledger.session() as s:
        units = unit_names(s)
        found = [(c, comments.as_row(s, c)) for c in comments.comments(s, period=args.period)]
    if args.json:
        out = [
            {
                "id": c.id,
                "unit": units[c.unit_id],
                "period": c.period,
                "sheet": row.sheet,
                "record_id": c.record_id,
                "subject": row.subject,
                "field": row.field,
                "current": row.current,
                "text": c.text,
                "follow_up": c.follow_up,
                "status": c.status,
                "status_label": row.status,
                "answer_kind": c.answer_kind,
                "answer": c.answer,
                "sent_at": c.sent_at.isoformat() if c.sent_at else None,
                "sent": comments.where_sent(c) if ledger.role == "bureau" else None,
            }
            for c, row in found
        ]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if not found:
        print("没有未关闭的意见。")
    for c, row in found:
        where = "，".join(x for x in (row.sheet, row.subject, row.field) if x)
        answer = f"（{row.answer_kind}{'：' + row.answer if row.answer else ''}）" if row.answer_kind else ""
        sent = f"\t{comments.where_sent(c)}" if ledger.role == "bureau" else ""
        print(f"{c.id}\t{units[c.unit_id]}\t{c.period}\t{row.status}{answer}\t{where}\t{c.text}{sent}")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    from app.review import comments

    with open_ledger(args) as ledger, ledger.session() as s:
        if args.explain is not None:
            comments.answer(s, args.comment_id, comments.EXPLAINED, args.explain)
        else:
            comments.answer(s, args.comment_id, comments.FIXED, args.fixed)
    print("已答复。下次导出报送文件时，答复随文件发送区知识产权局。")
    return 0


def print_open_comments(ledger: Ledger) -> None:
    """After a unit imported the bureau's feedback: what waits for it."""
    from app.review import comments

    with ledger.session() as s:
        open_count = len(comments.comments(s, statuses=(comments.OPEN,)))
    print(f"待处理意见共 {open_count} 条：请修改相应记录或答复（answer 命令），再重新导出报送文件。")
