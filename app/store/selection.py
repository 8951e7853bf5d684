"""Which of the ledger's records a period carries, read as rows: what a unit's submission, a
pre-filled workbook, the consolidated workbook and the review's list of a submission select (SPEC §5)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.vocabulary.kinds import Kind
from app.vocabulary.periods import Period


def in_period(kind: Kind, period: Period, since: datetime | None):  # noqa: ANN201 - SQL expression
    """Which of a unit's records a submission for `period` carries (SPEC §5)."""
    m = kind.model
    if kind.period_field:
        codes = [p.code for p in period.sub_periods()]
        wanted = getattr(m, kind.period_field).in_(codes)
    elif kind.date_field:
        wanted = getattr(m, kind.date_field).between(period.start, period.end)
    else:  # registries travel whole
        wanted = m.id.isnot(None)
    return or_(wanted, m.updated_at > since) if since else wanted


def record_rows(
    s: Session,
    kind: Kind,
    *conditions,
    keys: Sequence[str] | None = None,  # noqa: ANN002
) -> Iterator[tuple[dict[str, object], int, str, int]]:
    """(values, unit id, record id, revision) of the records matching the conditions, streamed;
    the values of every input field, or only of `keys`."""
    m = kind.model
    keys = list(keys) if keys is not None else [f.key for f in kind.input_fields]
    columns = [getattr(m, k) for k in keys]
    q = select(*columns, m.unit_id, m.id, m.revision).where(*conditions).order_by(m.created_at, m.id)
    for row in s.execute(q.execution_options(yield_per=5000)):
        yield dict(zip(keys, row[: len(keys)], strict=True)), row[-3], row[-2], row[-1]
