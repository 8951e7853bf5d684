"""The feedback workbook (反馈, SPEC §9): what the bureau sends back to a unit with its submission —
the review state, the due date and each comment with the record and field it concerns — and the
反馈意见 sheet by which the unit's next export carries its answers back.

The unit imports a feedback workbook like any workbook; a unit without the app may write its answers
into the 处理方式 and 答复 columns and send the file back, and the bureau imports those answers too.
The 当前值 it shows of a commented field is a value the unit may take over: the bureau's ledger
counts it in the merge base of the unit's next file (app.store.bases.note_shown).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.exchange.layout import COVER_SHEET, FEEDBACK, FORMAT_NAME, FORMAT_VERSION, META_SHEET, Table
from app.exchange.reader import ReadResult, normalize_header
from app.exchange.signing import SigningKey
from app.paths import atomic_write, file_name_part, output_file
from app.plans import carry
from app.review import comments
from app.review import state as review
from app.review.comments import HEADERS, SHEET, CommentRow
from app.review.rules import STATE_LABELS, ReviewError
from app.store import aliases, bases, keys, settings
from app.store.ledger import Ledger
from app.vocabulary.periods import Period
from db.models import Comment, RecordHistory, ReportingPeriod, ReviewState, Unit, utcnow

WIDTHS = (8, 10, 18, 10, 16, 36, 11, 7, 10, 30, 11, 38, 38)  # in the order of comments.HEADERS
PRINTED = len(HEADERS) - comments.MACHINE_COLUMNS
COMMENTS_DIGEST = "comments_digest"  # the _meta key of comments_digest (signed with the rest of _meta)


class FeedbackError(ReviewError):
    pass


def default_file_name(unit: str, period: Period) -> str:
    return f"知识产权台账_反馈_{file_name_part(unit)}_{file_name_part(period.code)}.xlsx"


# --- writing --------------------------------------------------------------------------------------


def comments_digest(rows: list[CommentRow]) -> str:
    """What the bureau wrote of its comments (not the unit's answer columns), for the signature to
    cover: a comment changed after the bureau signed the workbook no longer matches it."""
    bureau_part = sorted(
        [r.id, r.period, r.sheet, r.subject, r.field, r.current, r.text, r.created, r.record_id] for r in rows
    )
    text = json.dumps(bureau_part, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(
    path: Path,
    meta: list[tuple[str, str]],
    cover: list[tuple[str, str]],
    rows: list[CommentRow],
    signer: SigningKey | None = None,
) -> None:
    import xlsxwriter  # loaded only when a file is written

    from app.exchange.printing import PrintSpec, row_height, setup_page

    path = Path(path)
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    with atomic_write(path) as tmp, xlsxwriter.Workbook(str(tmp), options) as wb:  # closed however it ends
        title = wb.add_format({"bold": True, "font_size": 14})
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
        answer_head = wb.add_format(
            {"bold": True, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True, "valign": "vcenter"}
        )
        # every cell is written as text; '@' keeps what the unit types as typed (a phone's leading 0)
        wrap = wb.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
        ws = wb.add_worksheet(COVER_SHEET)
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 90, wrap)
        ws.write_string(0, 0, cover[0][0], title)
        for i, (label, value) in enumerate(cover[1:], start=1):
            ws.write_string(i, 0, label)
            ws.write_string(i, 1, value)
        unit = dict(meta).get("unit", "")
        setup_page(ws, PrintSpec(cover[0][0], unit), (16, 90), last_row=len(cover))
        ws = wb.add_worksheet(SHEET)
        for j, width in enumerate(WIDTHS):
            ws.set_column(j, j, width, wrap)
        for j, h in enumerate(HEADERS):
            ws.write_string(0, j, h, answer_head if h in ("处理方式", "答复", "答复日期") else head)
        wrapped = list(enumerate(WIDTHS[:PRINTED]))
        for i, r in enumerate(rows, start=1):
            cells = r.cells()
            for j, value in enumerate(cells):
                ws.write_string(i, j, value)
            height = row_height(cells, wrapped)
            if height:  # a long comment gets the lines it needs, on screen and on paper
                ws.set_row(i, height)
        ws.data_validation(
            1,
            HEADERS.index("处理方式"),
            10_000,
            HEADERS.index("处理方式"),
            {
                "validate": "list",
                "source": list(comments.ANSWER_LABELS.values()),
                "ignore_blank": True,
            },
        )
        ws.freeze_panes(1, 0)
        # the comment and record ids (the last columns) stay off the paper
        setup_page(ws, PrintSpec(cover[0][0], unit), WIDTHS[:PRINTED], header_rows=(0, 0), last_row=max(len(rows), 1))
        ws = wb.add_worksheet(META_SHEET)
        pairs = [[key, value] for key, value in meta] + [[COMMENTS_DIGEST, comments_digest(rows)]]
        for i, cells in enumerate(signer.sign(pairs) if signer else pairs):
            for j, value in enumerate(cells):
                ws.write_string(i, j, str(value))
        ws.very_hidden()


def answers_table(s: Session, unit_id: int) -> Table | None:
    """The unit's export: its answers to the bureau's comments (None when it has none)."""
    answered = comments.comments(s, statuses=(comments.ANSWERED,), unit_id=unit_id)
    if not answered:
        return None
    rows = [comments.as_row(s, c).cells() for c in answered]
    return Table(SHEET, list(HEADERS), rows, widths=WIDTHS, printed=PRINTED, empty="")  # read back: no 无 row


def return_submission(
    ledger: Ledger,
    unit_name: str,
    period: Period,
    text: str = "",
    path: Path | None = None,
    due: date | None = None,
    seen: str | None = None,  # the state the officer was shown: another officer's change since is refused
) -> tuple[Path, int]:
    """已退回: the unit × period goes back with every comment on it not yet closed and every open
    comment of the unit not sent yet (app.review.comments.to_send), written into the feedback workbook.
    `due`: a new date by which the corrected file is to come (the workbook carries it; the unit's
    ledger takes it as its due date). Returns the file and the number of comments in it."""
    review.require_bureau(ledger)
    with ledger.session() as s:
        unit = review.find_unit(s, unit_name)
        review.mark_returned(s, unit, period, seen)
        if text.strip():
            comments.add_comment(s, text, unit_id=unit.id, period=period)
        sent = comments.to_send(s, unit.id, period)
        if not sent:
            raise FeedbackError(f"退回{unit.name}{period.label}的报送前，请至少写一条意见")
        period_due = review.due_date(s, period)
        due = due or period_due  # a new date by which the corrected file is to come, or the period's
        now = datetime.now()
        # each record named by the id the unit knows it by (one it typed again: app.store.aliases)
        rows = [_as_sent(s, comments.as_row(s, c), unit.id) for c in sent]
        meta = [
            ("format", FORMAT_NAME),
            ("version", str(FORMAT_VERSION)),
            ("kind", FEEDBACK),
            ("unit", unit.name),
            ("period", period.code),
            ("exported_at", now.isoformat()),
            ("app_version", __version__),
            ("ledger_id", str(settings.get(s, settings.LEDGER_ID))),
            ("review_state", review.state_of(s, unit.id, period)),
            ("due", due.isoformat()),
            *carry.meta_pairs(s, period),  # the plan of the period, for a unit without it
        ]
        open_count = sum(c.status == comments.OPEN for c in sent)
        cover = [
            ("知识产权工作台账 — 反馈意见",),
            ("填报单位", unit.name),
            ("报告期", f"{period.label}（{period.code}）"),
            ("审核状态", STATE_LABELS[review.state_of(s, unit.id, period)]),
            (
                ("重新报送截止日期", f"{due.year}年{due.month}月{due.day}日（本期原截止日期 {period_due:%Y-%m-%d}）")
                if due != period_due
                else ("报送截止日期", f"{due.year}年{due.month}月{due.day}日")
            ),
            ("反馈时间", f"{now:%Y-%m-%d %H:%M}"),
            ("意见", f"共 {len(rows)} 条，其中待处理 {open_count} 条"),
            ("", ""),
            ("处理方法", "在知识产权工作台账中用“导入”打开本文件：每条意见会显示在相应记录和字段旁，并列入“待处理”。"),
            ("", "请逐条处理：修改相应记录，或填写情况说明；然后重新导出本期报送文件，发送区知识产权局。"),
            ("", "未使用程序的单位：请在“反馈意见”表的“处理方式”（已修改/情况说明）和“答复”列填写，"),
            ("", "连同修改后的报送文件一并发回。请勿修改“意见编号”列。"),
        ]
        target = output_file(path, default_file_name(unit.name, period))
        _write(target, meta, cover, rows, keys.own_key(s))
        for c in sent:
            c.sent_at = utcnow()
        _note_shown(s, unit, sent)
        return target, len(rows)


def _as_sent(s: Session, row: CommentRow, unit_id: int) -> CommentRow:
    if row.record_id:
        row.record_id = aliases.unit_id_of(s, row.record_id, unit_id)
    return row


def _note_shown(s: Session, unit: Unit, sent: list[Comment]) -> None:
    """The 当前值 the workbook shows of the unit's fields are values the unit may take over: the
    merge counts them as a version its next file may start from (app.store.bases.note_shown)."""
    shown: dict[tuple[str, str], set[str]] = {}
    for c in sent:
        if c.kind in comments.KINDS_BY_KEY and c.record_id and c.field and c.unit_id == unit.id:
            shown.setdefault((c.kind, c.record_id), set()).add(c.field)
    for (key, record_id), fields in shown.items():
        kind = comments.KINDS_BY_KEY[key]
        record = s.get(kind.model, record_id)
        if record is not None:
            bases.note_shown(s, kind, record, fields)


# --- reading: planned and applied by the import (app.merge) like every workbook --------------------


def comment_rows(read: ReadResult) -> list[CommentRow]:
    """The rows of a workbook's 反馈意见 sheet, from the cells the reader took (none without the sheet)."""
    rows = read.comment_cells
    if not rows:
        return []
    # the header row: the first that names 意见编号 (a printed sheet has a title above it)
    top = next((i for i, row in enumerate(rows[:10]) if "意见编号" in {normalize_header(c) for c in row}), None)
    if top is None:
        raise FeedbackError(f"{read.name}，工作表“{SHEET}”：找不到表头行（应有“意见编号”列）")
    index = {normalize_header(h): j for j, h in enumerate(rows[top])}
    missing = [h for h in ("意见编号", "处理方式", "答复") if h not in index]
    if missing:
        raise FeedbackError(f"{read.name}，工作表“{SHEET}”：缺少列 {'、'.join(missing)}")
    found = []
    for i, raw in enumerate(rows[top + 1 :], start=top + 2):

        def cell(header: str, raw=raw) -> str:  # noqa: ANN001
            j = index.get(header)
            value = raw[j] if j is not None and j < len(raw) else ""
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, (datetime, date)):
                return value.isoformat()[:10]
            return "" if value is None else str(value).strip()

        if not cell("意见编号"):
            continue
        found.append(CommentRow.from_cells(cell, row=i))
    return found


def is_feedback(read: ReadResult) -> bool:
    return read.meta is not None and read.meta.kind == FEEDBACK


@dataclass
class FeedbackPlan:
    """What importing a feedback workbook does, found without writing: a unit takes the bureau's
    comments, the review state and the due date; the bureau takes the answers written into it."""

    unit_id: int
    unit: str
    period: Period
    state: str  # the review state the bureau set (app.review.rules), "" when none
    due: date | None
    rows: list[CommentRow]
    bureau: bool
    changes: int  # unit: comments new or changed; bureau: answers to take

    @property
    def count_key(self) -> str:
        return ANSWERS if self.bureau else COMMENTS

    def summary(self) -> str:
        label = self.period.label
        if self.bureau:
            return f"反馈文件：{self.unit} {label}，答复 {self.changes} 条待接收"
        due = f"，报送截止日期 {self.due.isoformat()}" if self.due else ""
        state = STATE_LABELS.get(self.state, "")
        return f"区局反馈：{label} {state}{due}；新收到或更新的意见 {self.changes} 条"

    def as_json(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "period": self.period.code,
            "review_state": self.state,
            "due": self.due.isoformat() if self.due else None,
            "comments": len(self.rows),
            self.count_key: self.changes,
        }


COMMENTS, ANSWERS = "comments", "answers"  # what an import log of a feedback workbook counts
COUNT_LABELS = {COMMENTS: "意见", ANSWERS: "答复"}


def plan_feedback(s: Session, role: str, own: Unit | None, read: ReadResult) -> tuple[FeedbackPlan | None, str]:
    """(what importing the feedback workbook will do, "") or (None, why it cannot be imported)."""
    meta = read.meta
    assert meta is not None
    unit = s.scalar(select(Unit).where(Unit.name == meta.unit))
    if unit is None:
        return None, f"{read.name}：反馈文件的单位“{meta.unit}”不在本台账的单位列表中"
    period = meta.period
    if period is None:
        return None, f"{read.name}，工作表“_meta”：反馈文件没有报告期"
    try:
        rows = comment_rows(read)
    except FeedbackError as exc:
        return None, str(exc)
    due = date.fromisoformat(meta.due) if meta.due else None
    if role == "bureau":
        n = comments.receive_answers(s, unit.id, rows, dry_run=True)
        return FeedbackPlan(unit.id, unit.name, period, meta.review_state, due, rows, True, n), ""
    if own is None or own.id != unit.id:
        mine = own.name if own is not None else "未设置"
        return None, f"{read.name}：这是给“{unit.name}”的反馈，本台账属于“{mine}”"
    n = comments.receive(s, own, rows, dry_run=True)
    return FeedbackPlan(unit.id, unit.name, period, meta.review_state, due, rows, False, n), ""


def apply_feedback(s: Session, plan: FeedbackPlan, import_id: int) -> int:
    """Carry the plan out inside the import's transaction; what it changes is kept in the record
    history under the import (as a merge's changes are), so undoing the import takes it back."""
    for r in plan.rows:
        _keep(s, Comment, r.id, import_id)
    if plan.bureau:
        return comments.receive_answers(s, plan.unit_id, plan.rows)
    unit = s.get(Unit, plan.unit_id)
    n = comments.receive(s, unit, plan.rows)
    if plan.due:
        _keep(s, ReportingPeriod, plan.period.code, import_id)
        review.set_due_date(s, plan.period, plan.due)
    if plan.state in STATE_LABELS:
        code = plan.period.code
        _keep(s, ReviewState, (plan.unit_id, code), import_id)
        r = s.get(ReviewState, (plan.unit_id, code))
        if r is None:
            s.add(ReviewState(unit_id=plan.unit_id, period=code, state=plan.state))
        else:
            r.state, r.changed_at = plan.state, utcnow()
    s.flush()
    return n


# The rows a feedback import changes, kept in RecordHistory under their table's name and undone by
# app.merge.undo through undo_kept (records of the Kinds are undone there).
KEPT = {m.__tablename__: m for m in (Comment, ReviewState, ReportingPeriod)}


def _keep(s: Session, model: type, key: object, import_id: int) -> None:
    row = s.get(model, key)
    before = None
    if row is not None:
        before = {c.key: _json(getattr(row, c.key)) for c in model.__table__.columns}
    record_id = "/".join(map(str, key)) if isinstance(key, tuple) else str(key)
    action = "insert" if row is None else "update"
    s.add(
        RecordHistory(kind=model.__tablename__, record_id=record_id, action=action, before=before, import_id=import_id)
    )


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def undo_kept(s: Session, entry: RecordHistory) -> None:
    """Put a row a feedback import changed back as it was (remove it when the import added it)."""
    model = KEPT[entry.kind]
    columns = list(model.__table__.primary_key.columns)
    parts = entry.record_id.split("/") if len(columns) > 1 else [entry.record_id]
    key = tuple(c.type.python_type(p) for c, p in zip(columns, parts, strict=True))
    row = s.get(model, key if len(key) > 1 else key[0])
    if entry.before is None:
        if row is not None:
            s.delete(row)
        return
    values = {}
    for c in model.__table__.columns:
        value = entry.before.get(c.key)
        if isinstance(value, str) and c.type.python_type in (date, datetime):
            value = c.type.python_type.fromisoformat(value)
        values[c.key] = value
    if row is None:
        s.add(model(**values))
    else:
        for k, v in values.items():
            setattr(row, k, v)


def answered_since(s: Session, entries: list[RecordHistory], since: datetime) -> int:
    """How many of the comments a feedback import brought the unit has answered since: undoing the
    import would lose those answers."""
    ids = [e.record_id for e in entries if e.kind == Comment.__tablename__]
    if not ids:
        return 0
    return len(s.scalars(select(Comment.id).where(Comment.id.in_(ids), Comment.answered_at > since)).all())


def answers_in(s: Session, unit_id: int, read: ReadResult) -> int:
    """How many of the bureau's comments to the unit a submission answers (its 反馈意见 sheet), for
    the preview to say; nothing is written."""
    if not read.comment_cells:
        return 0
    try:
        return comments.receive_answers(s, unit_id, comment_rows(read), dry_run=True)
    except FeedbackError:
        return 0


def take_answers(s: Session, unit_id: int, read: ReadResult) -> int:
    """The bureau's side of a merged submission: the answers in its 反馈意见 sheet, if any (as the
    reader took them: the file is not opened again). A sheet the unit broke (columns renamed) does
    not stop its data from being merged."""
    if not read.comment_cells:
        return 0
    try:
        return comments.receive_answers(s, unit_id, comment_rows(read))
    except FeedbackError:
        return 0
