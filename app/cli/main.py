"""The command line: `ipledger [--db PATH] COMMAND` (SPEC §6).

Exit codes: 0 done, 1 failed (the message says why, nothing half-written), 2 bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from app import __version__
from app.cli import common
from app.cli.common import (
    FAILED,
    OK,
    USAGE,
    UsageError,
    add_json,
    add_output,
    add_period,
    add_unit,
    ledger_path,
    open_ledger,
)

# What a command needs (the ledger and its database layer, the merge, the workbooks, reports, demo
# data) is imported inside that command: `ipledger --help` loads none of it, `ipledger imports` only the
# ledger, and the window, opened by this same entry point, shows its frame before any of it loads.
# PyInstaller follows imports inside functions too, so the frozen build still carries them.
if TYPE_CHECKING:
    from app.merge import FilePlan, ImportPlan
    from app.store.ledger import Ledger
    from app.vocabulary.periods import Period
    from db.engine import Location

MAX_ROWS_PRINTED = 50  # changed rows listed per file in the text preview
log = logging.getLogger("ipledger.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipledger",
        description="知识产权工作台账：填报、汇总和报告知识产权行动方案的推进情况。不带命令时打开窗口。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="台账文件路径，或数据库服务器地址 postgresql+psycopg://用户名:密码@服务器:端口/数据库名"
        "（密码也可来自 PGPASSWORD 或 pgpass 文件；默认：环境变量 IPLEDGER_DB，否则为用户数据目录下的 ledger.db）",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="打开窗口（默认）", description="打开知识产权工作台账窗口。")
    p.set_defaults(run=cmd_gui)

    p = sub.add_parser("init", help="为本单位设置台账", description="为一个填报单位设置本台账。")
    add_unit(p, "填报单位名称，如 长寿路街道", metavar="NAME")
    p.add_argument(
        "--role",
        choices=("office", "bureau"),
        help="office：填报单位；bureau：区知识产权局汇总（区知识产权局默认为 bureau）",
    )
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("template", help="生成空白填报模板", description="写出空白的填报模板工作簿（.xlsx）。")
    add_output(p)
    p.set_defaults(run=cmd_template)

    p = sub.add_parser(
        "export",
        help="导出本单位的报送文件",
        description="导出本单位某一报告期的报送工作簿，并打印其路径。默认文件名为 知识产权台账_<单位>_<报告期>.xlsx。",
    )
    add_period(p)
    add_output(p, "输出文件（默认在当前目录）", required=False)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser(
        "import",
        help="导入报送文件或填好的模板",
        description="填报单位：导入本单位的数据（如填好的模板）；区局：合并各单位的报送文件。"
        "先显示预览统计；有任何错误则不写入任何数据并以状态 1 退出。",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="一个或多个 .xlsx 文件")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    add_json(p, "以 JSON 输出预览统计")
    p.add_argument(
        "--take-theirs",
        action="store_true",
        help="双方都改过的冲突字段采用文件中的值（默认保留本台账的值）",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="导入没有错误的文件，拒绝有错误的文件（有文件被拒绝时以状态 1 退出）",
    )
    p.add_argument(
        "--consolidated",
        action="store_true",
        help="确认导入汇总工作簿（它会改动多个单位的记录，但不会改动本台账单位自己的记录）",
    )
    p.add_argument(
        "--received",
        metavar="DATE",
        help="区局：收到文件的日期（判断是否逾期；默认按文件的导出时间）",
    )
    p.add_argument(
        "--follow-up",
        action="store_true",
        help="区局：把预览中的每条核对提示记为待跟进的意见（退回时写入反馈文件）",
    )
    add_unit(p, "区局：空白模板代表的单位（模板中未填“填报单位”的行都算作该单位的）", required=False, metavar="NAME")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser(
        "consolidate",
        help="区局：生成汇总工作簿",
        description="区局：写出某一报告期（可为全年）的汇总工作簿：各单位全部记录，以及指标完成情况、任务推进矩阵、"
        "报送情况、统计和疑似重复。汇总工作簿本身也可被另一台账导入。",
    )
    add_period(p, "报告期，如 2025Q1 或 2025")
    add_output(p)
    p.set_defaults(run=cmd_consolidate)

    p = sub.add_parser(
        "report",
        help="区局：生成工作进展报告（PDF 或 Word）",
        description="写出某一报告期的工作进展报告：封面、主要指标完成情况（含图表）、53 项任务按章节列出各责任单位的"
        "推进状态和进展情况、滞后及未报送任务、各单位报送情况。"
        "按文件扩展名写成 PDF（.pdf）或可编辑的 Word 文档（.docx）。",
    )
    add_period(p, "报告期，如 2025Q1、2025H1 或 2025")
    add_output(p, "输出文件（.pdf 或 .docx）")
    p.set_defaults(run=cmd_report)

    p = sub.add_parser(
        "imports", help="列出导入记录", description="列出本台账的导入记录（编号、文件、单位、报告期、统计）。"
    )
    p.set_defaults(run=cmd_imports)

    p = sub.add_parser("undo-import", help="撤销一次导入", description="撤销指定编号的导入，恢复导入前的数据。")
    p.add_argument("import_id", type=int, metavar="ID", help="导入编号（见 imports 命令）")
    p.set_defaults(run=cmd_undo_import)

    p = sub.add_parser(
        "check",
        help="检查台账是否完好",
        description="检查台账文件的完整性和结构版本，列出各类记录数量。台账损坏时以非零状态退出。",
    )
    p.set_defaults(run=cmd_check)

    p = sub.add_parser(
        "copy-ledger",
        help="把台账复制到另一个文件或数据库服务器",
        description="把当前台账的全部内容（记录、修改历史、导入记录（可撤销）、审核、意见、行动方案、设置）"
        "复制到一个新文件或空的数据库，并逐表核对行数和内容摘要。",
    )
    p.add_argument("--to", required=True, metavar="PATH|URL", help="新的台账文件，或 postgresql+psycopg://… 空数据库")
    p.set_defaults(run=cmd_copy_ledger)

    p = sub.add_parser(
        "backup",
        help="把台账完整备份为一个文件",
        description="把当前台账（文件或数据库服务器上的）完整复制为一个 SQLite 文件，并核对复制结果。",
    )
    add_output(p, "备份文件（须为新文件）", metavar="FILE.db")
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser(
        "demo",
        help="填入演示数据",
        description="向台账填入逼真的演示数据（每类记录都有），用于演示和性能测试。同一 --seed 结果相同。",
    )
    p.add_argument("--units", type=int, default=3, metavar="N", help="为多少个单位生成数据（默认 3）")
    p.add_argument("--rows", type=int, default=50, metavar="N", help="每个单位约多少条记录（默认 50）")
    p.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    p.add_argument("--only", metavar="SHEET", help="只生成这一类记录（如 专利超市挂牌）")
    p.set_defaults(run=cmd_demo)
    from app.cli import evidence, keys, plans, prefill, review  # each group's parsers (its work loads with it)

    evidence.add_parsers(sub)
    review.add_parsers(sub)
    plans.add_parsers(sub)
    prefill.add_parsers(sub)
    keys.add_parsers(sub)
    return parser


def _tell_waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_gui(args: argparse.Namespace) -> int:
    from app.paths import default_ledger_path
    from app.ui.main import run_gui  # Qt is loaded only when a window is wanted

    # the place is read (parse_location) once the window's frame is shown: it loads the database layer
    return run_gui(args.db or default_ledger_path())


def cmd_init(args: argparse.Namespace) -> int:
    with open_ledger(args) as ledger:
        unit = ledger.setup(args.unit, args.role)
        print(f"台账已设置：{unit.name}（{'区局汇总' if ledger.role == 'bureau' else '填报单位'}）")
        print(f"台账文件：{ledger.path}" if ledger.path else f"台账位置：{ledger.where}")
        from app.store import keys as signing_keys

        with ledger.session() as s:
            print(f"签名密钥指纹：{signing_keys.own_fingerprint(s)}（对方首次收到本台账的文件时，请其电话核对）")
    return OK


def cmd_template(args: argparse.Namespace) -> int:
    from app.outgoing.submission import write_template

    path = ledger_path(args)
    # signed by the ledger, if there is one (a template needs none); a server's URL names one
    if not isinstance(path, Path) or path.exists():
        from app.store import keys
        from app.store.ledger import Ledger

        with Ledger(path) as ledger, ledger.session() as s:
            signer = keys.own_key(s)
        print(write_template(args.output, signer))
    else:
        print(write_template(args.output))
    return OK


def cmd_export(args: argparse.Namespace) -> int:
    from app.evidence.types import size_text
    from app.outgoing.submission import export_submission

    with open_ledger(args) as ledger:
        result = export_submission(ledger, args.period, args.output)
    for path in result.paths:
        print(path)
    over = [p for p in result.parts if p.size > result.mail_limit]
    if over:
        print(
            f"提示：{'、'.join(p.path.name for p in over)} 超过邮件附件上限 {size_text(result.mail_limit)}"
            "（其中有单个文件本身就超过上限）；请另行发送，或调高上限后重新导出",
            file=sys.stderr,
        )
    if len(result.parts) > 1:
        sizes = "、".join(f"第{i}包 {size_text(p.size)}" for i, p in enumerate(result.parts, 1))
        print(
            f"提示：含 {result.evidence} 个佐证材料，超过邮件附件上限，分为 {len(result.parts)} 包（{sizes}）；"
            "请全部发送",
            file=sys.stderr,
        )
    if result.unreported:
        print(f"提示：{result.unreported_text()}", file=sys.stderr)
    if result.copied:
        print(f"提示：{result.copied_text()}", file=sys.stderr)
    return OK


def cmd_import(args: argparse.Namespace) -> int:
    """import, where Ctrl+C after the commit says the import is in the ledger (it said 已中断。 with
    exit code 1 right after 已导入（导入编号 …）: the officer may think it failed)."""
    from app.merge.apply import InterruptedAfterCommit

    committed: list[int] = []
    follow_up = FollowUp()
    try:
        return _import(args, committed, follow_up)
    except KeyboardInterrupt as exc:
        if isinstance(exc, InterruptedAfterCommit):
            committed = exc.ids
        if not committed:
            raise
        numbers = "、".join(map(str, committed))
        print(f"已中断；导入已完成，数据已写入台账（导入编号 {numbers}，可用 undo-import 撤销）。", file=sys.stderr)
        if follow_up.unmarked:
            flags = follow_up.unmarked
            print(f"核对提示未记为待跟进的意见（{len(flags)} 条都没有记，可用 comment 逐条记录）：", file=sys.stderr)
            for f in flags:
                print(f"  {f.file}，{f.sheet}，第 {f.row} 行，{f.column}：{f.message}", file=sys.stderr)
            return FAILED  # (as any interrupt that left something asked for undone)
        if follow_up.marked:
            print(f"已将 {follow_up.marked} 条核对提示记为待跟进的意见。", file=sys.stderr)
        return OK


@dataclass
class FollowUp:
    """`import --follow-up`'s flags: those to be marked and not yet, how many were. Marked in one
    transaction, which Ctrl+C does not cut (common.ctrl_c_afterwards): all are, or none."""

    unmarked: list = field(default_factory=list)
    marked: int = 0

    def done(self) -> None:
        self.marked, self.unmarked = len(self.unmarked), []


def _print_held(preview: object) -> None:
    if isinstance(preview, io.StringIO):
        sys.stdout.write(preview.getvalue())
        preview.truncate(0)


def _import(args: argparse.Namespace, committed: list[int], follow_up: FollowUp) -> int:
    from app.merge import OURS, THEIRS, apply_plan, plan_import
    from app.merge.apply import EarlyApply
    from app.merge.plausibility import mark_follow_up

    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise UsageError("找不到文件：" + "、".join(missing))
    if not any(_takes_as_workbook(f) for f in args.files):
        names = "、".join(f.name for f in args.files)
        raise UsageError(f"没有可导入的工作簿：{names} {NOT_A_WORKBOOK}；{SAVE_AS_XLSX}")
    received = received_at(args.received)
    default = THEIRS if args.take_theirs else OURS
    with open_ledger(args) as ledger, EarlyApply(ledger, default, received, skip_bad=args.skip_bad) as early:
        # No preview to wait for: each file is written (not yet committed) as soon as it is planned,
        # while the next ones are read; apply_plan commits it. A dry run writes nothing.
        writing = None if args.dry_run else early
        plan = plan_import(ledger, args.files, consolidated=args.consolidated, template_unit=args.unit, early=writing)
        # a file given that is neither a workbook nor a package, nor evidence a workbook names
        taken = {x.entry.name for f in plan.files for x in f.evidence}
        ignored = [f for f in args.files if not _takes_as_workbook(f) and f.name not in taken]
        # While written rows wait for the commit the ledger is locked for others: the preview is
        # printed after it, as a terminal paused or a pipe read slowly would keep them waiting.
        preview = io.StringIO() if early.holding else sys.stdout
        with contextlib.redirect_stdout(preview):
            if args.json:
                shown = {**plan.as_json(), "ignored": [str(f) for f in ignored]}
                print(json.dumps(shown, ensure_ascii=False, indent=1))
            else:
                print_plan(plan)
                for f in ignored:
                    print(f"未导入 {f.name}：{NOT_A_WORKBOOK}，也不是本批工作簿“佐证材料”列写明的文件；{SAVE_AS_XLSX}")
        refused = plan.refused
        if refused and not args.skip_bad:
            early.give_up()
            _print_held(preview)
            if not args.json:
                print("有错误，未导入任何数据（可加 --skip-bad 只导入没有错误的文件）。", file=sys.stderr)
            return FAILED
        if not args.dry_run and (plan.to_apply or plan.held):
            flags = [x for f in plan.to_apply for x in f.flags]
            if args.follow_up:
                follow_up.unmarked = flags  # (until they are: Ctrl+C from the import's commit on names them)
            try:
                ids = apply_plan(
                    ledger,
                    plan,
                    default=default,
                    received=received,
                    skip_bad=args.skip_bad,
                    notify=_tell_waiting,
                    early=early,
                )
            finally:
                _print_held(preview)
            committed.extend(ids)  # from here on, in the ledger whatever comes
            if args.follow_up and flags:
                with common.ctrl_c_afterwards():  # (a moment: then said as done)
                    with ledger.session() as s:
                        mark_follow_up(s, flags)
                    follow_up.done()
                if not args.json:
                    print(f"已将 {len(flags)} 条核对提示记为待跟进的意见。")
            if not args.json:
                for name in dict.fromkeys(f.new_plan for f in plan.to_apply if f.new_plan):
                    print(f"已添加行动方案：{name}")
                if ids:
                    print(f"已导入（导入编号 {'、'.join(map(str, ids))}，可用 undo-import 撤销）。")
                if plan.held:  # kept in the ledger, not merged: said as such, not as imported
                    from app.merge.plan import PENDING_KEY, PENDING_KEY_LABEL
                    from app.review.rules import HELD_LABEL

                    kept = "、".join(
                        f"{f.name}（{PENDING_KEY_LABEL if f.signature == PENDING_KEY else HELD_LABEL}）"
                        for f in plan.held
                    )
                    print(f"已保留 {len(plan.held)} 个文件，未合并：{kept}。")
                if ledger.role != "bureau" and any(f.feedback for f in plan.to_apply):
                    from app.cli import review

                    review.print_open_comments(ledger)
        _print_held(preview)
        if refused:
            if not args.json:
                names = "、".join(f.name for f in refused)
                print(f"已拒绝 {len(refused)} 个有错误的文件：{names}。", file=sys.stderr)
            return FAILED
    return OK


NOT_A_WORKBOOK = "不是 Excel 工作簿（.xlsx）或报送文件包（.zip）"
SAVE_AS_XLSX = "WPS 表格（.et）、CSV 等请另存为 .xlsx 后再导入"


def _takes_as_workbook(path: Path) -> bool:
    """Whether the import reads the file as a workbook or a package (any other file of a batch can
    only be evidence that a workbook's 佐证材料 column names)."""
    from app.evidence.intake import WORKBOOK_SUFFIXES, is_package

    return is_package(path) or path.suffix.lower() in (*WORKBOOK_SUFFIXES, ".xls")


def received_at(text: str | None) -> datetime | None:
    if not text:
        return None
    from app.vocabulary.clock import arrival
    from app.vocabulary.validators import InvalidValue, parse_date

    try:
        return arrival(parse_date(text))
    except InvalidValue as exc:
        raise UsageError(f"--received：{exc}") from None


def print_plan(plan: ImportPlan) -> None:
    from app.merge import ACTION_LABELS, ASK, OURS
    from app.merge.plan import PENDING_KEY_LABEL
    from app.review.rules import HELD_LABEL

    for f in plan.files:
        print(f"文件：{f.source}")
        if f.already_imported_at:
            print(f"  该文件已于 {f.already_imported_at:%Y-%m-%d %H:%M} 导入过，本次不做任何改动。")
            continue
        if f.key_pending:
            who = plan.unit_name(f.key_unit_id)
            if plan.from_other_pc(f):
                whose = f"本单位另一台电脑（{who}）"
                check = "请在那台电脑上运行 key（或看“设置 → 签名密钥”）核对指纹后运行"
            else:
                whose, check = f"“{who}”", f"请电话与{who}核对指纹后运行"
            print(
                f"  {PENDING_KEY_LABEL}：文件的签名密钥（指纹 {f.key_fingerprint}）尚未确认为{whose}的密钥。"
                f"本文件保留，不合并；{check} trust --unit {who} --fingerprint {f.key_fingerprint}，文件随即导入。"
            )
            continue
        if f.held:
            print(f"  该单位本期的报送已接收（已锁定）：本文件作为“{HELD_LABEL}”保留，不合并；重新打开该期后可再导入。")
            continue
        if not f.errors:
            print(f"  签名：{f.signature_text}")
        if f.new_plan:
            print(f"  本文件带有本台账没有的行动方案：{f.new_plan}（导入时一并添加）")
        if f.feedback:
            print(f"  {f.feedback.summary()}")
        if f.answers:
            print(f"  本文件带有对 {f.answers} 条审核意见的答复（导入时记入，见“反馈意见”）")
        if f.units_touched:
            print(f"  {'将改动' if not f.errors else '涉及'}以下单位的记录：{'、'.join(f.units_touched)}")
        if not f.errors and not f.feedback:
            counts = "，".join(f"{label} {f.count(a)}" for a, label in ACTION_LABELS.items() if f.count(a))
            print(f"  {counts or '没有数据行'}")
            dups = f.rows.duplicates()
            if dups:
                print(f"  疑似重复 {dups} 条（其他单位也报送了同一事项，汇总时只计一次）")
            if f.evidence:
                shown = "、".join(x.entry.name for x in f.evidence[:10]) + ("等" if len(f.evidence) > 10 else "")
                print(f"  佐证材料 {len(f.evidence)} 个，已逐一核对大小、sha256 和类型：{shown}")
            if f.missing:
                print(f"  本期应有而文件中缺少 {len(f.missing)} 条（不会删除，请向填报单位核实）")
            outside = f.rows.outside()
            if outside:
                print(
                    f"  表外修改 {outside} 条（导出后在表格软件中改过，与填报单位程序中的值不同；"
                    "导入后记为待处理意见，随下次反馈发给该单位核对）"
                )
            changed = list(f.rows.changed())
            for r in changed[:MAX_ROWS_PRINTED]:
                print(f"  {r.label}：{r.where()}，{r.name}（{plan.unit_name(r.unit_id)}）")
                for key, c in r.fields.items():
                    side = (
                        "，待定：本台账和填报单位都改过"
                        if c.side == ASK
                        else ("，保留本台账的值" if c.side == OURS else "")
                    )
                    old, new = r.display(key, c.old) or "（空）", r.display(key, c.new) or "（空）"
                    print(f"    {r.field_label(key)}：{old} → {new}{side}")
            if len(changed) > MAX_ROWS_PRINTED:
                print(f"  ……另有 {len(changed) - MAX_ROWS_PRINTED} 条改动（--json 列出全部）")
        for flag in f.flags:
            print(f"  核对：{flag}")
        for issue in f.warnings:
            print(f"  提示：{issue}")
        for issue in f.errors:
            print(f"  错误：{issue}")
    c = plan.counts()
    from app.review.feedback import is_feedback

    feedback = [f for f in plan.files if f.feedback is not None or is_feedback(f.read)]
    if feedback:  # comments (or answers) and a review state, no rows: said as what the import does with them
        print(feedback_total(plan, feedback))
    if len(feedback) < len(plan.files):
        print(
            f"合计：新增 {c['new']}，更新 {c['updated']}，表外修改 {c['edited_outside']}"
            f"{'（含新增的行）' if c['edited_outside_new'] else ''}，"
            f"未变 {c['unchanged']}，过期 {c['stale']}，冲突 {c['conflicts']}，疑似重复 {c['duplicates']}，"
            f"删除 {c['deleted']}，缺少 {c['missing']}，错误 {c['errors']}"
        )


def feedback_total(plan: ImportPlan, files: list[FilePlan]) -> str:
    """The last line for the feedback workbooks of an import: how many comments a unit takes (or
    answers the bureau takes), and the files that wait or are refused."""
    from app.review.rules import STATE_LABELS as REVIEW_STATE_LABELS

    ready = [f for f in files if f in plan.to_apply and f.feedback is not None]
    changes = sum(f.feedback.changes for f in ready)
    parts = [f"反馈文件 {len(files)} 个"]
    if plan.role == "bureau":
        parts.append(f"将接收答复 {changes} 条")
    else:
        parts.append(f"将记入新收到或更新的审核意见 {changes} 条")
        states = dict.fromkeys(REVIEW_STATE_LABELS.get(f.feedback.state, "") for f in ready if f.feedback.state)
        if states:
            parts.append(f"审核状态：{'、'.join(s for s in states if s)}")
    for label, n in (
        ("已导入过", sum(bool(f.already_imported_at) for f in files)),
        ("待确认签名", sum(f.key_pending for f in files)),
        ("有错误", sum(bool(f.errors) for f in files)),
    ):
        if n:
            parts.append(f"{label} {n} 个")
    return "合计：" + "，".join(parts)


def cmd_consolidate(args: argparse.Namespace) -> int:
    from app.reports.consolidated import consolidate
    from app.store.ledger import SetupError

    with open_ledger(args) as ledger:
        if ledger.role != "bureau":
            raise SetupError("汇总工作簿只能在区局（bureau）角色的台账中生成")
        refuse_before_every_plan(ledger, args.period)
        path, _counts = consolidate(ledger, args.period, args.output)
    print(path)
    return OK


def cmd_report(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in (".pdf", ".docx"):
        raise UsageError(f"报告只能保存为 .pdf 或 .docx 文件：{args.output}")
    from app.ui.reports.printing import write_report  # Qt lays the report out; it loads only for this command

    with open_ledger(args) as ledger:
        refuse_before_every_plan(ledger, args.period)
        path = write_report(ledger, args.period, args.output)
    print(path)
    return OK


def refuse_before_every_plan(ledger: Ledger, period: Period) -> None:
    from app.store.catalogue import before_every_plan

    with ledger.session() as s:
        problem = before_every_plan(s, period)
    if problem:
        raise UsageError(problem)


def cmd_imports(args: argparse.Namespace) -> int:
    from app.merge.imports import STATE_LABELS, import_history

    with open_ledger(args) as ledger, ledger.session() as s:
        for e in import_history(s, newest_first=False):
            print(
                f"{e.id}\t{e.imported_at:%Y-%m-%d %H:%M}\t{e.unit or '-'}\t{e.period.code if e.period else '-'}\t"
                f"{STATE_LABELS[e.state]}\t{e.file_name}\t{e.changes}\t{e.signature or '-'}"
            )
    return OK


def cmd_undo_import(args: argparse.Namespace) -> int:
    from app.merge import undo_import

    with open_ledger(args) as ledger:
        log = undo_import(ledger, args.import_id)
    print(f"已撤销导入 {log.id}（{log.file_name}）。")
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    from app.store.ledger import Ledger, health

    path = ledger_path(args)
    if isinstance(path, Path) and not path.exists():
        print(f"台账文件不存在：{path}", file=sys.stderr)
        return FAILED
    with Ledger(path) as ledger:
        report = health(ledger)
    print(f"台账文件：{report.path}" if isinstance(report.path, Path) else f"台账位置：{report.path}")
    print(f"结构版本：{report.schema}（程序支持的最新版本 {report.latest_schema}）")
    print(f"完整性：{'正常' if not report.problems else '发现问题'}")
    for problem in report.problems:
        print(f"  - {problem}")
    role = {"bureau": "区局汇总", "office": "填报单位"}.get(report.role, "未设置")
    print(f"本台账单位：{report.unit_name or '未设置'}（{role}）")
    print(f"计划目录：{report.tasks} 项任务，{report.indicators} 项指标，{report.units} 个单位")
    for name, years, tasks, indicators in report.plans:
        print(f"  行动方案 {years}：{name}（{tasks} 项任务，{indicators} 项指标）")
    print("记录：")
    for sheet, (live, deleted) in report.counts.items():
        print(f"  {sheet}：{live} 条" + (f"（另有已删除 {deleted} 条）" if deleted else ""))
    return OK if report.healthy else FAILED


def _copy(args: argparse.Namespace, target: Location) -> int:
    from app.store.copying import copy_ledger

    with open_ledger(args) as ledger:
        report = copy_ledger(ledger, target)
    print(f"已复制到 {report.target}：{len(report.tables)} 张表，{report.rows} 行，逐表核对行数和内容摘要一致。")
    return OK


def cmd_copy_ledger(args: argparse.Namespace) -> int:
    from db.engine import parse_location

    return _copy(args, parse_location(args.to))


def cmd_backup(args: argparse.Namespace) -> int:
    return _copy(args, args.output)


def cmd_demo(args: argparse.Namespace) -> int:
    if args.units < 1 or args.rows < 1:
        print("--units 和 --rows 必须大于 0", file=sys.stderr)
        return USAGE
    from app import demo
    from app.vocabulary.kinds import BY_SHEET

    if args.only and args.only not in BY_SHEET:
        raise UsageError(f"--only 应为以下之一：{'、'.join(BY_SHEET)}（而不是 {args.only}）")
    with open_ledger(args) as ledger, ledger.session() as s:
        only = BY_SHEET[args.only].key if args.only else None
        made = demo.fill(s, units=args.units, rows=args.rows, seed=args.seed, only=only)
    print("已生成演示数据：" + "，".join(f"{sheet} {n} 条" for sheet, n in made.items()))
    return OK


def tolerant_console() -> None:
    """Console text a code page cannot encode comes out as '?', never as a crash.

    On Windows a piped or redirected stdout/stderr is encoded in the ANSI code page (936 on a Chinese
    PC, 1252 on an English one, where not one Chinese character fits); the window's program has none.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # closed, or not a text stream we can change
                stream.reconfigure(errors="replace")


def window_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain start of the window (`ipledger`, `ipledger gui`, either with --db),
    as the parser would give them; None for anything else. The window starts without building the
    parser of every command (and loading their modules): its frame shows that much sooner."""
    rest, db = list(argv), None
    if len(rest) >= 2 and rest[0] == "--db" and not rest[1].startswith("-"):
        db, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    if rest not in ([], ["gui"]):
        return None
    return argparse.Namespace(db=db, command=rest[0] if rest else None, run=cmd_gui)


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_console()  # before anything prints, --help included
    args = window_start(sys.argv[1:] if argv is None else argv)
    if args is None:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)  # a bad --period is a UsageError from its type=
        except UsageError as exc:
            print(f"用法错误：{exc}", file=sys.stderr)
            return USAGE
    run = getattr(args, "run", cmd_gui)
    if run is not cmd_gui:  # the window sets up its own logging, and collects garbage once shown
        # The program's start paused the collector (app/__main__.py): it comes on once the command
        # has loaded its modules and opened the ledger (common.collect_from_now), at the latest
        # when the command ends. Called with the collector on, it stays on.
        common.collector_waits = not gc.isenabled()
        from app.logs import setup_logging

        setup_logging()
    try:
        return run(args)
    except UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return FAILED
    except BrokenPipeError:  # `ipledger … | head`: the reader of the output has gone, as it meant to
        quiet_stdout()
        return FAILED
    except Exception as exc:  # noqa: BLE001 - the last resort: a message and the log, never a traceback
        if isinstance(exc, told_as_is()):
            print(f"错误：{exc}", file=sys.stderr)
            return FAILED
        return unexpected_failure(args, exc)
    finally:
        if run is not cmd_gui:
            common.collector_waits = False
            gc.enable()


def run() -> NoReturn:
    """The program's entry point (`ipledger`, `python -m app`): main(), then exit without taking the
    interpreter apart. Tearing down a command's ~900 modules and collecting their ~90,000 objects
    once more took ~0.2 s after the work was done (a quarter of a second of every import the user
    waits on). What exit does for the program is kept: the atexit functions run (the log's last
    lines, the evidence's scratch folders) and the output is flushed. The window, and any process
    still running a thread or a helper process, exits the usual way (Qt's own ending).

    `ipledger import FILE`: the file's reading begins in a thread before anything else loads
    (app.exchange.early)."""
    gc.disable()  # while the program starts, as app/__main__.py does (see main)
    from app.exchange import early

    file = early.import_file(sys.argv[1:])
    if file is not None:
        early.begin(file, fork=True)  # (on Linux a child process reads it: this process has no thread yet)
    try:
        code = main()
    finally:
        early.end()  # a child whose file was not taken (an error, Ctrl+C) ends with the program
    if "PySide6.QtCore" in sys.modules or _still_running():
        sys.exit(code)
    import atexit
    import os

    atexit._run_exitfuncs()  # noqa: SLF001 - what sys.exit would run, in the same order
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # `ipledger … | head`: the reader went before the last lines
            if stream is sys.stdout:
                quiet_stdout()
                code = code or FAILED
    os._exit(code)


def _still_running() -> bool:
    """Whether a thread other than this one, or a helper process, still runs (it ends the usual way)."""
    import threading

    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        return True
    mp = sys.modules.get("multiprocessing")
    return bool(mp is not None and mp.active_children())


def quiet_stdout() -> None:
    """Point stdout at the null device, so that flushing what is left at exit cannot fail again."""
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def told_as_is() -> tuple[type[Exception], ...]:
    """The failures whose message says it all (a ledger that will not open, a role, a review step, a
    unit's name, evidence, a key, a refused import): imported here only once a command has failed, as
    the command that raised them has loaded their modules."""
    from app.evidence.store import EvidenceError
    from app.merge.apply import ImportRefused
    from app.review.rules import ReviewError
    from app.store.catalogue import UnitNameError
    from app.store.keys import KeyError_ as KeyProblem
    from app.store.ledger import SetupError
    from db.engine import LedgerError

    return LedgerError, SetupError, ReviewError, UnitNameError, EvidenceError, KeyProblem, ImportRefused


def unexpected_failure(args: argparse.Namespace, exc: BaseException) -> int:
    """Tell the user in Chinese what failed and where the details are; log the traceback."""
    command = getattr(args, "command", None) or "gui"
    from app.logs import setup_logging  # (the window sets it up once its frame is shown: maybe not yet)

    where = setup_logging()
    log.error("ipledger %s failed", command, exc_info=exc)
    from app.failures import describe
    from db.engine import busy_ledger_message

    if busy_ledger_message(exc) or isinstance(exc, (OSError, MemoryError)):
        message = describe(exc)
    else:
        files = [str(f) for f in getattr(args, "files", None) or []]
        files += [str(p) for p in (getattr(args, "file", None), getattr(args, "output", None)) if p]
        about = f"（文件：{'、'.join(files)}）" if files else ""
        message = f"程序遇到意外问题，{command} 未完成{about}：{type(exc).__name__}。"
        message += f"详细信息已写入日志文件 {where}。" if where else ""
        message += "台账中已提交的数据不受影响。"
    print(f"错误：{message}", file=sys.stderr)
    return FAILED


if __name__ == "__main__":
    run()
