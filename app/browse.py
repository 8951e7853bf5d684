"""Finding records for tables: search, filters, sorting and paging done in SQLite, so that a
100,000-row table opens and filters without a Python loop over the rows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.collation import COLLATION
from app.kinds import FieldType, Kind
from app.periods import parse_period
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
    period: str | None = None
    choice: str | None = None  # value of kind.filter_field
    sort_key: str | None = None
    descending: bool = False

    def conditions(self) -> list:
        m = self.kind.model
        where = [m.deleted.is_(False)]
        if self.unit_id is not None:
            where.append(m.unit_id == self.unit_id)
        if self.text.strip():
            pattern = "%" + self.text.strip().replace("%", "").replace("_", "") + "%"
            fields = [f for f in self.kind.input_fields if f.type in SEARCHABLE]
            where.append(or_(*[getattr(m, f.key).like(pattern) for f in fields]))
        if self.period:
            p = parse_period(self.period)
            if self.kind.period_field:
                where.append(getattr(m, self.kind.period_field) == p.code)
            elif self.kind.date_field:
                where.append(getattr(m, self.kind.date_field).between(p.start, p.end))
        if self.choice and self.kind.filter_field:
            where.append(getattr(m, self.kind.filter_field) == self.choice)
        return where


def count(s: Session, q: Query) -> int:
    return s.scalar(select(func.count()).select_from(q.kind.model).where(*q.conditions())) or 0


def page(s: Session, q: Query, offset: int, limit: int) -> list[tuple]:
    """Rows of (id, unit name, revision, *input field values) in table order."""
    m = q.kind.model
    fields = q.kind.input_fields
    cols = [m.id, Unit.name, m.revision, *[getattr(m, f.key) for f in fields]]
    order = []
    if q.sort_key:
        col = Unit.name if q.sort_key == "unit" else getattr(m, q.sort_key)
        if q.sort_key == "unit" or q.sort_key in {f.key for f in fields if f.type in TEXTUAL}:
            col = col.collate(COLLATION)  # Chinese in pinyin order
        order.append(col.desc() if q.descending else col.asc())
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
