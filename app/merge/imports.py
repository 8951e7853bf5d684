"""The import history as people read it (the bureau's 导入记录 page and `ipledger imports`): every
imported workbook with its unit, period, what it changed, and whether it still holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.merge.plan import ACTION_LABELS, signature_text
from app.review.feedback import COUNT_LABELS
from app.vocabulary.clock import local
from app.vocabulary.periods import Period, parse_period
from db.models import ImportLog, Unit

IN_EFFECT, SUPERSEDED, UNDONE = "in_effect", "superseded", "undone"
STATE_LABELS = {IN_EFFECT: "有效", SUPERSEDED: "已被取代", UNDONE: "已撤销"}


@dataclass(frozen=True)
class ImportEntry:
    id: int
    imported_at: datetime
    file_name: str
    unit: str | None  # None: the file named no unit of the list
    period: Period | None  # None when the file named none
    state: str  # IN_EFFECT / SUPERSEDED / UNDONE (undone wins over superseded)
    counts: dict[str, int]
    signature: str = ""  # 签名有效（3F2A-…）/ 未签名 …; "" for imports before signatures existed
    uncovered_rows: int = 0  # rows edited after signing

    @property
    def changes(self) -> str:
        """What the import did, in the preview's words: 新增 3，更新 1 (actions that did nothing left out)."""
        labels = {**ACTION_LABELS, **COUNT_LABELS}  # a feedback workbook counts comments or answers
        return "，".join(f"{labels[a]} {n}" for a, n in self.counts.items() if n and a in labels)


def import_history(s: Session, *, newest_first: bool = True) -> list[ImportEntry]:
    order = ImportLog.id.desc() if newest_first else ImportLog.id
    q = select(ImportLog, Unit.name).outerjoin(Unit, ImportLog.unit_id == Unit.id).order_by(order)
    return [
        ImportEntry(
            log.id,
            local(log.imported_at),
            log.file_name,
            unit,
            parse_period(log.period) if log.period else None,  # the log's column
            UNDONE if log.undone_at else SUPERSEDED if log.superseded_by else IN_EFFECT,
            dict(log.counts or {}),
            signature_text(log.signature, log.key_fingerprint),
            log.uncovered_rows or 0,
        )
        for log, unit in s.execute(q)
    ]
