"""Has anyone else changed the ledger? (SPEC §13: the window notices other officers' changes.)

One cheap query — the newest id or time of each table that others' work writes (record history,
imports and undos, review steps, comments and answers, settings added) — whose answer changes whenever
the ledger does. The window asks it when it comes back to the front and every POLL_S seconds while
shown, and refreshes only when the answer differs from the one it last saw.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.settings import NOT_NEWS
from db.models import Comment, ImportLog, RecordHistory, ReviewState, Setting

POLL_S = 30  # a light poll: one small query a half-minute per open window


def stamp(s: Session) -> tuple:
    q = select(
        select(func.max(RecordHistory.id)).scalar_subquery(),
        select(func.max(ImportLog.id)).scalar_subquery(),
        select(func.max(ImportLog.undone_at)).scalar_subquery(),
        select(func.max(ReviewState.changed_at)).scalar_subquery(),
        select(func.max(Comment.id)).scalar_subquery(),
        select(func.max(Comment.answered_at)).scalar_subquery(),
        select(func.count())
        .select_from(Setting)
        .where(*(~Setting.key.startswith(prefix) for prefix in NOT_NEWS))
        .scalar_subquery(),
    )
    return tuple(s.execute(q).one())
