"""Comments of the bureau on a submission, a record or one field of a record, and the units' answers
(SPEC §9). A comment keeps one id on both sides: the feedback workbook carries it to the unit, the
unit's next export carries the answer back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exchange.layout import COMMENT_SHEET
from app.review.rules import ReviewError
from app.store import settings
from app.vocabulary.clock import local
from app.vocabulary.kinds import BY_SHEET, KINDS, Kind
from app.vocabulary.periods import Granularity, Period, parse_period
from db.models import Comment, ImportLog, RecordHistory, RecordMixin, ReviewState, Unit, utcnow

OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
STATUS_LABELS = {OPEN: "待处理", ANSWERED: "已答复", CLOSED: "已关闭"}
FIXED, EXPLAINED = "fixed", "explained"
ANSWER_LABELS = {FIXED: "已修改", EXPLAINED: "情况说明"}
KINDS_BY_KEY = {k.key: k for k in KINDS}
WHOLE = "整份报送"  # the subject of a comment on a whole submission


class CommentError(ReviewError):
    pass


def find_record(s: Session, record_id: str) -> tuple[Kind, RecordMixin] | None:
    for kind in KINDS:
        record = s.get(kind.model, record_id)
        if record is not None:
            return kind, record
    return None


def describe(kind: Kind, record: RecordMixin) -> str:
    """The record as a person names it: 任务 12（2025Q1）, a patent number, a company."""
    v = {f.key: getattr(record, f.key, None) for f in kind.input_fields}
    match kind.key:
        case "task_progress":
            return f"任务 {v['task_number']}（{v['period']}）"
        case "indicator_value":
            return f"指标 {v['indicator_number']}（{v['period']}）"
        case "station_service":
            return f"{v['station_name']}（{v['period']}）"
        case "brand_station":
            return str(v["name"])
        case "patent_listing":
            return f"专利 {v['patent_no']}"
        case "patent_deal":
            return f"专利 {v['patent_no']} → {v['grantee']}"
        case "pledge_financing":
            return f"{v['company']} {v['registration_no'] or v['registered_on']}"
    return record.id


def field_key(kind: Kind, label: str) -> str:
    """A field named by its column header (or its key), or by the header without its unit of
    measure: 融资金额 for 融资金额(万元)."""
    text = label.strip().replace("（", "(").replace("）", ")")
    for f in kind.fields:
        if text in (f.label, f.key, f.label.split("(")[0]):
            return f.key
    raise CommentError(f"“{kind.sheet}”没有名为“{label}”的列，应为：{'、'.join(f.label for f in kind.input_fields)}")


def record_period(s: Session, kind: Kind, record: RecordMixin) -> str:
    """Which submission a record comment goes back with: the one through which the bureau is
    reviewing the record — the latest import that brought it, whatever its own date (a pledge dated
    in September may arrive in the fourth quarter's file) — else the record's own period, else the
    unit's latest submission. Whatever it is filed under, the next return to the unit carries it
    (unsent)."""
    came = s.scalars(
        select(ImportLog.period)
        .join(RecordHistory, RecordHistory.import_id == ImportLog.id)
        .where(RecordHistory.record_id == record.id, ImportLog.undone_at.is_(None), ImportLog.period.is_not(None))
        .order_by(ImportLog.id.desc())
    ).first()
    if came:
        return str(came)
    if kind.period_field:
        return str(getattr(record, kind.period_field))
    latest = s.scalars(
        select(ReviewState.period).where(ReviewState.unit_id == record.unit_id).order_by(ReviewState.changed_at.desc())
    ).first()
    if latest:
        return str(latest)
    granularity = Granularity(str(settings.get(s, settings.GRANULARITY)))
    when = getattr(record, kind.date_field) if kind.date_field else None
    return Period.of(when or date.today(), granularity).code


def unsent(s: Session, unit_id: int) -> list[Comment]:
    """The unit's open comments no feedback workbook has carried yet, whatever period they are
    filed under: the next return to the unit carries them all, so none is stranded."""
    q = (
        select(Comment)
        .where(Comment.unit_id == unit_id, Comment.status == OPEN, Comment.sent_at.is_(None))
        .order_by(Comment.created_at, Comment.id)
    )
    return list(s.scalars(q))


def to_send(s: Session, unit_id: int, period: Period) -> list[Comment]:
    """What returning the unit's `period` sends: the period's comments not closed, and every open
    comment of the unit not sent yet. These travel as the period's: their 报告期 becomes it (a
    comment on a whole submission of another period names that period in its subject), so the
    bureau sees in which feedback each one went."""
    found = {c.id: c for c in comments(s, unit_id=unit_id, period=period)}
    for c in unsent(s, unit_id):
        if c.period != period.code:
            if c.record_id is None and c.subject == WHOLE:
                c.subject = f"{WHOLE}（{parse_period(c.period).label}）"
            c.period = period.code
        found.setdefault(c.id, c)
    return sorted(found.values(), key=lambda c: (c.created_at, c.id))


def where_sent(c: Comment) -> str:
    """Where a comment went, as the bureau reads it."""
    if c.sent_at is None:
        return "尚未发出：下次退回该单位报送时随反馈文件发出"
    return f"已随{parse_period(c.period).label}反馈发出（{local(c.sent_at):%Y-%m-%d}）"


def add_comment(
    s: Session,
    text: str,
    *,
    record_id: str | None = None,
    field: str | None = None,
    unit_id: int | None = None,
    period: Period | None = None,
    follow_up: bool = False,
) -> Comment:
    """A comment on one field of a record, a whole record, or (no record) a unit's submission."""
    text = (text or "").strip()
    if not text:
        raise CommentError("意见内容不能为空")
    comment = Comment(text=text, follow_up=follow_up, status=OPEN)
    if record_id:
        found = find_record(s, record_id.strip())
        if found is None:
            raise CommentError(f"没有记录ID为“{record_id}”的记录")
        kind, record = found
        comment.kind, comment.record_id, comment.unit_id = kind.key, record.id, record.unit_id
        comment.field = field_key(kind, field) if field else None
        comment.subject = describe(kind, record)
        comment.period = period.code if period is not None else record_period(s, kind, record)
    else:
        if field:
            raise CommentError("对某一列的意见须指明记录（--record）")
        if unit_id is None or period is None:
            raise CommentError("对整份报送的意见须指明单位和报告期")
        comment.unit_id, comment.period, comment.subject = unit_id, period.code, WHOLE
    s.add(comment)
    s.flush()
    return comment


def comments(
    s: Session,
    *,
    statuses: Iterable[str] = (OPEN, ANSWERED),
    unit_id: int | None = None,
    period: Period | None = None,
    record_id: str | None = None,
) -> list[Comment]:
    q = select(Comment).where(Comment.status.in_(list(statuses))).order_by(Comment.created_at, Comment.id)
    if unit_id is not None:
        q = q.where(Comment.unit_id == unit_id)
    if period is not None:
        q = q.where(Comment.period == period.code)
    if record_id:
        q = q.where(Comment.record_id == record_id)
    return list(s.scalars(q))


def shown_state(c: Comment) -> tuple[str, str | None, str | None]:
    """What an officer is shown of a comment's answer: compared when they answer it (已被他人修改)."""
    return (c.status, c.answer_kind, c.answer)


def answer(
    s: Session, comment_id: str, how: str, text: str = "", seen: tuple[str, str | None, str | None] | None = None
) -> Comment:
    """The unit's answer: it fixed the record (text optional) or explains (情况说明, text required).
    With `seen` (shown_state of the comment as it was shown): refused with 已被他人修改 when another
    officer answered or changed it since (the row is locked until the transaction ends)."""
    comment = s.get(Comment, comment_id, with_for_update=seen is not None, populate_existing=seen is not None)
    if comment is None:
        raise CommentError(f"没有编号为“{comment_id}”的意见")
    if seen is not None and shown_state(comment) != tuple(seen):
        now = STATUS_LABELS.get(comment.status, comment.status)
        answered = f"，{ANSWER_LABELS[comment.answer_kind]}：{comment.answer or ''}" if comment.answer_kind else ""
        raise CommentError(
            f"这条意见已被他人修改（现为“{now}”{answered}），您的答复没有保存。已显示最新内容，请核对后重新答复。"
        )
    if how not in ANSWER_LABELS:
        raise CommentError("处理方式应为“已修改”或“情况说明”")
    text = (text or "").strip()
    if how == EXPLAINED and not text:
        raise CommentError("请填写情况说明")
    comment.status, comment.answer_kind, comment.answer, comment.answered_at = ANSWERED, how, text or None, utcnow()
    s.flush()
    return comment


# --- what travels in workbooks --------------------------------------------------------------------

SHEET = COMMENT_SHEET
# header → CommentRow attribute, in the sheet's order. The machine columns (意见编号, 记录ID) come
# last, so that they stay outside the print area: a UUID printed in a narrow column wraps over
# three lines and runs into the next row. Readers find the columns by name, whatever the order.
COLUMNS = (
    ("报告期", "period"),
    ("工作表", "sheet"),
    ("对象", "subject"),
    ("字段", "field"),
    ("当前值", "current"),
    ("意见", "text"),
    ("提出日期", "created"),
    ("状态", "status"),
    ("处理方式", "answer_kind"),
    ("答复", "answer"),
    ("答复日期", "answered"),
    ("意见编号", "id"),
    ("记录ID", "record_id"),
)
HEADERS = tuple(header for header, _attr in COLUMNS)
MACHINE_COLUMNS = 2  # 意见编号 and 记录ID, the last two


@dataclass
class CommentRow:
    """One row of the 反馈意见 sheet, in either direction."""

    id: str
    period: str
    sheet: str
    subject: str
    field: str  # the column header, empty for a whole record or submission
    current: str
    text: str
    created: str
    status: str
    answer_kind: str  # 已修改 / 情况说明 / empty
    answer: str
    answered: str
    record_id: str
    row: int = 0  # in the sheet, for messages

    def cells(self) -> list[str]:
        """The row's values in the order of HEADERS."""
        return [getattr(self, attr) for _header, attr in COLUMNS]

    @classmethod
    def from_cells(cls, value_of: Callable[[str], str], row: int = 0) -> CommentRow:
        """The row whose value under each header `value_of(header)` gives."""
        return cls(**{attr: value_of(header) for header, attr in COLUMNS}, row=row)


def as_row(s: Session, c: Comment) -> CommentRow:
    kind = KINDS_BY_KEY.get(c.kind or "")
    current = ""
    if kind and c.record_id and c.field:
        record = s.get(kind.model, c.record_id)
        if record is not None:
            current = kind.field(c.field).display(getattr(record, c.field))
    return CommentRow(
        id=c.id,
        period=c.period,
        sheet=kind.sheet if kind else "",
        subject=c.subject,
        field=kind.field(c.field).label if kind and c.field else "",
        current=current,
        text=c.text,
        created=f"{local(c.created_at):%Y-%m-%d}",
        status=STATUS_LABELS[c.status],
        answer_kind=ANSWER_LABELS.get(c.answer_kind or "", ""),
        answer=c.answer or "",
        answered=f"{local(c.answered_at):%Y-%m-%d}" if c.answered_at else "",
        record_id=c.record_id or "",
    )


def receive(s: Session, unit: Unit, rows: Iterable[CommentRow], *, dry_run: bool = False) -> int:
    """The unit's side: comments from a feedback workbook, stored with the bureau's ids. A comment
    the unit already answered keeps its answer. Returns how many are new or changed (with
    `dry_run`, how many would be, writing nothing)."""
    changed = 0
    for r in rows:
        kind = BY_SHEET.get(r.sheet)
        c = s.get(Comment, r.id)
        if c is not None and (c.text, c.subject) == (r.text, r.subject):
            continue
        if dry_run:
            changed += 1
            continue
        if c is None:
            c = Comment(id=r.id, unit_id=unit.id, status=OPEN, follow_up=False)
            s.add(c)
        c.period = parse_period(r.period).code
        c.kind = kind.key if kind else None
        c.record_id = r.record_id or None
        c.field = field_key(kind, r.field) if kind and r.field else None
        c.subject, c.text = r.subject, r.text
        c.created_at = _day(r.created) or utcnow()
        changed += 1
    s.flush()
    return changed


def receive_answers(s: Session, unit_id: int, rows: Iterable[CommentRow], *, dry_run: bool = False) -> int:
    """The bureau's side: answers a unit sent back. Only its own comments, only while not closed.
    Returns how many were taken (with `dry_run`, how many would be, writing nothing)."""
    answered = 0
    kinds = {v: k for k, v in ANSWER_LABELS.items()}
    for r in rows:
        how = kinds.get(r.answer_kind.strip())
        if how is None and not r.answer.strip():
            continue
        c = s.get(Comment, r.id)
        if c is None or c.unit_id != unit_id or c.status == CLOSED:
            continue
        if (c.status, c.answer_kind, c.answer or "") == (ANSWERED, how or EXPLAINED, r.answer.strip()):
            continue
        if dry_run:
            answered += 1
            continue
        c.status, c.answer_kind, c.answer = ANSWERED, how or EXPLAINED, r.answer.strip() or None
        c.answered_at = _day(r.answered) or utcnow()
        answered += 1
    s.flush()
    return answered


def _day(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip()) if text and text.strip() else None
    except ValueError:
        return None
