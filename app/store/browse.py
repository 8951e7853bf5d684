"""Finding records for tables: search, filters, sorting and paging done in SQLite, so that a
100,000-row table opens and filters without a Python loop over the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.paths import atomic_write
from app.vocabulary.collation import COLLATION, sort_key
from app.vocabulary.kinds import Field, FieldType, Kind
from app.vocabulary.periods import Period, parse_period
from app.vocabulary.validators import credit_search_text, patent_search_text
from db.models import Unit

TEXTUAL = (FieldType.TEXT, FieldType.LONGTEXT, FieldType.CHOICE, FieldType.CHOICES)
SEARCHABLE = (
    FieldType.TEXT,
    FieldType.LONGTEXT,
    FieldType.PATENT_NO,
    FieldType.CREDIT_CODE,
    FieldType.CHOICE,
    FieldType.CHOICES,
    FieldType.PERIOD,
    FieldType.LIST,
)


@dataclass(frozen=True)
class Query:
    kind: Kind
    unit_id: int | None = None  # None: every unit (the bureau's view)
    text: str = ""
    period: Period | None = None
    choice: str | None = None  # value of kind.filter_field
    sort_key: str | None = None
    descending: bool = False

    def conditions(self) -> list:
        m = self.kind.model
        where = [m.deleted.is_(False)]
        if self.unit_id is not None:
            where.append(m.unit_id == self.unit_id)
        if self.text.strip():
            # ilike: SQLite's LIKE ignores the case of Latin letters, PostgreSQL's does not.
            where.append(or_(*[getattr(m, f.key).ilike(p) for f, p in search_patterns(self.kind, self.text)]))
        if self.period is not None:
            p = self.period
            if self.kind.period_field:
                where.append(getattr(m, self.kind.period_field) == p.code)
            elif self.kind.date_field:
                where.append(getattr(m, self.kind.date_field).between(p.start, p.end))
        if self.choice and self.kind.filter_field:
            where.append(getattr(m, self.kind.filter_field) == self.choice)
        return where


def _like(text: str) -> str:
    return "%" + text.strip().replace("%", "").replace("_", "") + "%"


def search_patterns(kind: Kind, text: str) -> list[tuple[Field, str]]:
    """(field, LIKE pattern) pairs a search box's text is looked for with: as typed in every textual
    field, and patent numbers and credit codes also in the normal form the forms store them in, so
    that "ZL202420567890.3" as printed on a certificate finds 202420567890.3."""
    found = []
    for f in kind.input_fields:
        if f.type not in SEARCHABLE:
            continue
        found.append((f, _like(text)))
        normal = {FieldType.PATENT_NO: patent_search_text, FieldType.CREDIT_CODE: credit_search_text}.get(f.type)
        if normal and normal(text) and normal(text) != text.strip():
            found.append((f, _like(normal(text))))
    return found


def page(s: Session, q: Query, offset: int, limit: int) -> list[tuple]:
    """Rows of (id, unit name, revision, *input field values) in table order."""
    m = q.kind.model
    fields = q.kind.input_fields
    cols = [m.id, Unit.name, m.revision, *[getattr(m, f.key) for f in fields]]
    order = []
    if q.sort_key:
        col = Unit.name if q.sort_key == "unit" else getattr(m, q.sort_key)
        if q.sort_key == "unit" or q.sort_key in {f.key for f in fields if f.type in TEXTUAL}:
            if s.get_bind().dialect.name == "sqlite":
                col = col.collate(COLLATION)  # Chinese in pinyin order
            else:
                return _page_in_pinyin_order(s, q, col, cols, offset, limit)
        # Empty cells first going up and last going down, as SQLite has it (PostgreSQL's default is
        # the other way round).
        order.append(col.desc().nulls_last() if q.descending else col.asc().nulls_first())
    order += [m.created_at.desc(), m.id]
    stmt = (
        select(*cols)
        .join(Unit, Unit.id == m.unit_id)
        .where(*q.conditions())
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return [tuple(r) for r in s.execute(stmt)]


def _page_in_pinyin_order(s: Session, q: Query, col, cols: list, offset: int, limit: int) -> list[tuple]:  # noqa: ANN001
    """A database server has no pinyin collation (its own zh collation reads 长寿 as zhǎng): the
    sort key of every matching row is read, ordered in Python with the app's collation, and the
    page's rows fetched by id. A table of a district's records is thousands of rows, not millions."""
    m = q.kind.model
    keys = s.execute(select(m.id, col, m.created_at).join(Unit, Unit.id == m.unit_id).where(*q.conditions())).all()
    # Ties as SQL breaks them: newest first, then by id.
    keys.sort(key=lambda r: r[0])
    keys.sort(key=lambda r: r[2], reverse=True)
    keys.sort(key=lambda r: (r[1] is not None, sort_key(r[1])), reverse=q.descending)  # stable either way
    ids = [r[0] for r in keys[offset : offset + limit]]
    if not ids:
        return []
    rows = {r[0]: tuple(r) for r in s.execute(select(*cols).join(Unit, Unit.id == m.unit_id).where(m.id.in_(ids)))}
    return [rows[i] for i in ids]


def totals(s: Session, q: Query) -> tuple[int, dict[str, float]]:
    """How many records the query shows and the total of each amount column (万元) over them (the
    line under a table), counted and summed in one pass over the rows."""
    keys = [f.key for f in q.kind.input_fields if f.type is FieldType.AMOUNT]
    m = q.kind.model
    sums = [func.coalesce(func.sum(getattr(m, k)), 0) for k in keys]
    row = s.execute(select(func.count(), *sums).select_from(m).where(*q.conditions())).one()
    return row[0] or 0, dict(zip(keys, (float(v) for v in row[1:]), strict=True))


def export_view(s: Session, q: Query, path: Path, labels: dict[str, dict[object, str]] | None = None) -> int:
    """The records the query shows, in its order, as a plain .xlsx (one sheet, the table's columns,
    real dates and numbers) for whoever asked for "the list as it is on screen"; returns the rows."""
    import xlsxwriter  # only an export needs it

    from app.exchange.printing import PrintSpec, setup_page

    fields = q.kind.input_fields
    labels = labels or {}
    with atomic_write(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
        try:
            sheet = book.add_worksheet(q.kind.sheet)
            bold = book.add_format({"bold": True})
            dates = book.add_format({"num_format": "yyyy-mm-dd"})
            headers = [f.label for f in fields] + (["填报单位"] if q.unit_id is None else [])
            sheet.write_row(0, 0, headers, bold)
            sheet.freeze_panes(1, 0)
            for i, f in enumerate(fields):
                sheet.set_column(i, i, f.width)
            n, offset = 0, 0
            while True:
                rows = page(s, q, offset, 1000)
                for row in rows:
                    n += 1
                    for col, f in enumerate(fields):
                        value = row[3 + col]
                        if value is None:
                            continue
                        if f.key in labels and value in labels[f.key]:
                            sheet.write_string(n, col, labels[f.key][value])
                        elif isinstance(value, date):
                            sheet.write_datetime(n, col, datetime(value.year, value.month, value.day), dates)
                        elif isinstance(value, (int, float)) and not isinstance(value, bool):
                            sheet.write_number(n, col, value)
                        elif f.type is FieldType.PERIOD:
                            sheet.write_string(n, col, parse_period(value).label)
                        else:  # text is text, never a formula
                            sheet.write_string(n, col, f.display(value))
                    if q.unit_id is None:
                        sheet.write_string(n, len(fields), row[1])
                if len(rows) < 1000:
                    break
                offset += 1000
            widths = [f.width for f in fields] + ([14] if q.unit_id is None else [])
            amounts = any(f.type is FieldType.AMOUNT for f in fields)
            setup_page(sheet, PrintSpec(f"知识产权工作台账 · {q.kind.sheet}", amounts=amounts), widths, last_row=n)
        finally:
            book.close()
    return n
