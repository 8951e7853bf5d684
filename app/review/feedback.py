"""The feedback workbook (反馈, SPEC §9): what the bureau sends back to a unit with its submission —
the review state, the due date and each comment with the record and field it concerns — and the
反馈意见 sheet by which the unit's next export carries its answers back.

The unit imports a feedback workbook like any workbook; a unit without the app may write its answers
into the 处理方式 and 答复 columns and send the file back, and the bureau imports those answers too.
The 当前值 it shows of a commented field is a value the unit may take over: the bureau's ledger
counts it in the merge base of the unit's next file (app.store.bases.note_shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.exchange.layout import COVER_SHEET, FORMAT_NAME, FORMAT_VERSION, META_SHEET, Table
from app.exchange.reader import file_hash, normalize_header
from app.exchange.safety import open_workbook
from app.paths import atomic_write, file_name_part, output_file
from app.plans import carry
from app.plans.load import add_carried_plan
from app.review import comments
from app.review import state as review
from app.review.comments import HEADERS, SHEET, CommentRow
from app.review.rules import STATE_LABELS, ReviewError
from app.store import bases, settings
from app.store.ledger import Ledger
from app.vocabulary.periods import Period, PeriodError, parse_period
from db.models import Comment, ReviewState, Unit, utcnow

FEEDBACK = "feedback"
WIDTHS = (8, 10, 18, 10, 16, 36, 11, 7, 10, 30, 11, 38, 38)  # in the order of comments.HEADERS
PRINTED = len(HEADERS) - comments.MACHINE_COLUMNS
RECEIVED_FEEDBACK = settings.SettingSpec("received_feedback", list, [], "Feedback workbooks imported")


class FeedbackError(ReviewError):
    pass


def default_file_name(unit: str, period: Period) -> str:
    return f"知识产权台账_反馈_{file_name_part(unit)}_{file_name_part(period.code)}.xlsx"


@dataclass
class Feedback:
    path: Path
    unit: str = ""
    period: str = ""
    state: str = ""
    due: date | None = None
    rows: list[CommentRow] = field(default_factory=list)


# --- writing --------------------------------------------------------------------------------------


def _write(path: Path, meta: list[tuple[str, str]], cover: list[tuple[str, str]], rows: list[CommentRow]) -> None:
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
        for i, (key, value) in enumerate(meta):
            ws.write_string(i, 0, key)
            ws.write_string(i, 1, value)
        ws.very_hidden()


def answers_table(s: Session, unit_id: int) -> Table | None:
    """The unit's export: its answers to the bureau's comments (None when it has none)."""
    answered = comments.comments(s, statuses=(comments.ANSWERED,), unit_id=unit_id)
    if not answered:
        return None
    rows = [comments.as_row(s, c).cells() for c in answered]
    return Table(SHEET, list(HEADERS), rows, widths=WIDTHS, printed=PRINTED)


def return_submission(
    ledger: Ledger, unit_name: str, period: Period, text: str = "", path: Path | None = None
) -> tuple[Path, int]:
    """已退回: the unit × period goes back with every comment on it not yet closed and every open
    comment of the unit not sent yet (app.review.comments.to_send), written into the feedback workbook.
    Returns the file and the number of comments in it."""
    review.require_bureau(ledger)
    with ledger.session() as s:
        unit = review.find_unit(s, unit_name)
        review.mark_returned(s, unit, period)
        if text.strip():
            comments.add_comment(s, text, unit_id=unit.id, period=period.code)
        sent = comments.to_send(s, unit.id, period)
        if not sent:
            raise FeedbackError(f"退回{unit.name}{period.label}的报送前，请至少写一条意见")
        due = review.due_date(s, period)
        now = datetime.now()
        rows = [comments.as_row(s, c) for c in sent]
        meta = [
            ("format", FORMAT_NAME),
            ("version", str(FORMAT_VERSION)),
            ("kind", FEEDBACK),
            ("unit", unit.name),
            ("period", period.code),
            ("exported_at", now.isoformat()),
            ("app_version", __version__),
            ("ledger_id", str(settings.get(s, settings.LEDGER_ID))),
            ("review_state", review.state_of(s, unit.id, period.code)),
            ("due", due.isoformat()),
            *carry.meta_pairs(s, period.code),  # the plan of the period, for a unit without it
        ]
        open_count = sum(c.status == comments.OPEN for c in sent)
        cover = [
            ("知识产权工作台账 — 反馈意见",),
            ("填报单位", unit.name),
            ("报告期", f"{period.label}（{period.code}）"),
            ("审核状态", STATE_LABELS[review.state_of(s, unit.id, period.code)]),
            ("报送截止日期", f"{due.year}年{due.month}月{due.day}日"),
            ("反馈时间", f"{now:%Y-%m-%d %H:%M}"),
            ("意见", f"共 {len(rows)} 条，其中待处理 {open_count} 条"),
            ("", ""),
            ("处理方法", "在知识产权工作台账中用“导入”打开本文件：每条意见会显示在相应记录和字段旁，并列入“待处理”。"),
            ("", "请逐条处理：修改相应记录，或填写情况说明；然后重新导出本期报送文件，发送区知识产权局。"),
            ("", "未使用程序的单位：请在“反馈意见”表的“处理方式”（已修改/情况说明）和“答复”列填写，"),
            ("", "连同修改后的报送文件一并发回。请勿修改“意见编号”列。"),
        ]
        target = output_file(path, default_file_name(unit.name, period))
        _write(target, meta, cover, rows)
        for c in sent:
            c.sent_at = utcnow()
        _note_shown(s, unit, sent)
        return target, len(rows)


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


# --- reading --------------------------------------------------------------------------------------


def _sheets(path: Path):  # noqa: ANN202 - a CalamineWorkbook
    # Checked first (dimensions, sizes, DTD): a hostile file must not reach the reader unchecked.
    return open_workbook(path)


def read_meta(path: Path) -> dict[str, str] | None:
    """The _meta pairs of one of our workbooks, or None."""
    try:
        wb = _sheets(path)
        if META_SHEET not in wb.sheet_names:
            return None
        pairs = {}
        for row in wb.get_sheet_by_name(META_SHEET).to_python():
            if len(row) >= 2 and row[0] not in (None, "") and str(row[0]) not in ("tombstone", "digests"):
                pairs[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
        return pairs if pairs.get("format") == FORMAT_NAME else None
    except Exception:  # noqa: BLE001 - a broken file is the reader's to report, not ours
        return None


def is_feedback(path: Path) -> bool:
    meta = read_meta(path)
    return bool(meta and meta.get("kind") == FEEDBACK)


def comment_rows(path: Path) -> list[CommentRow]:
    """The rows of a workbook's 反馈意见 sheet (none when it has no such sheet)."""
    try:
        wb = _sheets(path)
    except Exception:  # noqa: BLE001
        return []
    name = next((n for n in wb.sheet_names if normalize_header(n) == SHEET), None)
    if name is None:
        return []
    rows = wb.get_sheet_by_name(name).to_python()
    # the header row: the first that names 意见编号 (a printed sheet has a title above it)
    top = next((i for i, row in enumerate(rows[:10]) if "意见编号" in {normalize_header(c) for c in row}), None)
    if top is None:
        raise FeedbackError(f"{Path(path).name}，工作表“{SHEET}”：找不到表头行（应有“意见编号”列）")
    index = {normalize_header(h): j for j, h in enumerate(rows[top])}
    missing = [h for h in ("意见编号", "处理方式", "答复") if h not in index]
    if missing:
        raise FeedbackError(f"{Path(path).name}，工作表“{SHEET}”：缺少列 {'、'.join(missing)}")
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


def read_feedback(path: Path) -> Feedback:
    path = Path(path)
    meta = read_meta(path)
    if not meta or meta.get("kind") != FEEDBACK:
        raise FeedbackError(f"{path.name}：不是知识产权工作台账的反馈文件")
    fb = Feedback(path, unit=meta.get("unit", ""), state=meta.get("review_state", ""))
    try:
        fb.period = parse_period(meta.get("period", "")).code
        fb.due = date.fromisoformat(meta["due"]) if meta.get("due") else None
    except (PeriodError, ValueError) as exc:
        raise FeedbackError(f"{path.name}，工作表“_meta”：报告期或截止日期无法识别（{exc}）") from None
    fb.rows = comment_rows(path)
    return fb


@dataclass
class FeedbackImport:
    path: Path
    unit: str
    period: str
    state: str
    due: date | None
    received: int  # office: comments new or changed; bureau: answers taken
    already: bool = False
    new_plan: str = ""  # the action plan the file carried and the office did not have, now added


def import_feedback(ledger: Ledger, path: Path) -> FeedbackImport:
    """Office: take the bureau's comments, the review state and the due date for the period.
    Bureau: take the answers a unit wrote into the feedback workbook."""
    fb = read_feedback(path)
    digest = file_hash(Path(path))
    with ledger.session() as s:
        unit = s.scalar(select(Unit).where(Unit.name == fb.unit)) or review.find_unit(s, fb.unit)
        if ledger.role == "bureau":
            n = comments.receive_answers(s, unit.id, fb.rows)
            return FeedbackImport(Path(path), unit.name, fb.period, fb.state, fb.due, n)
        own = ledger.own_unit(s)
        if own.id != unit.id:
            raise FeedbackError(f"{Path(path).name}：这是给“{unit.name}”的反馈，本台账属于“{own.name}”")
        carried = carry.plan_to_add(s, carry.meta_from_pairs(read_meta(Path(path)) or {}))
        new_plan = add_carried_plan(s, carried, Path(path).name).name if carried else ""
        seen = list(settings.get(s, RECEIVED_FEEDBACK))
        already = digest in seen
        n = comments.receive(s, own, fb.rows)
        if fb.due:
            review.set_due_date(s, parse_period(fb.period), fb.due)
        if fb.state in STATE_LABELS:
            r = s.get(ReviewState, (own.id, fb.period))
            if r is None:
                s.add(ReviewState(unit_id=own.id, period=fb.period, state=fb.state))
            else:
                r.state, r.changed_at = fb.state, utcnow()
        if not already:
            settings.put(s, RECEIVED_FEEDBACK, [*seen, digest][-200:])
        return FeedbackImport(Path(path), own.name, fb.period, fb.state, fb.due, n, already, new_plan)


def take_answers(s: Session, unit_id: int, path: Path, sheets: tuple[str, ...]) -> int:
    """The bureau's side of a merged submission: the answers in its 反馈意见 sheet, if any (`sheets`
    are the workbook's sheet names, as read: a file without the sheet is not opened again). A sheet
    the unit broke (columns renamed) does not stop its data from being merged."""
    if not any(normalize_header(n) == SHEET for n in sheets):
        return 0
    try:
        return comments.receive_answers(s, unit_id, comment_rows(path))
    except FeedbackError:
        return 0
