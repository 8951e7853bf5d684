"""The merge base of each record as the bureau's ledger keeps it (db.models.MergeBase): what the
bureau and the record's owner unit last agreed on, and what the bureau sent the unit since.

Only storage lives here; which of these versions a returned file is merged against is the pure rule
`app.merge.rules.started_from`. A base is written when an import makes a new agreement (the unit's
version received) or a local edit first departs from one (the values as agreed), grows when the
bureau sends the unit a workbook carrying the record (a pre-filled workbook, app.outgoing.prefill) or
showing some of its values (the 当前值 of a feedback workbook, app.review.feedback), is
dropped when both sides hold the same again, and is put back as it was when an import is undone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.vocabulary.kinds import Kind
from db.models import MergeBase, RecordMixin

KEY = "merge_base"  # in an import's history entry: the base as it was before (app.merge.undo)


def json_values(kind: Kind, values: Mapping[str, object]) -> dict[str, Any]:
    """A record's field values as a base keeps them (JSON: dates as ISO text)."""
    out = {}
    for f in kind.input_fields:
        value = values.get(f.key)
        out[f.key] = value.isoformat() if isinstance(value, date) else value
    return out


def record_values(kind: Kind, record: RecordMixin) -> dict[str, Any]:
    return json_values(kind, {f.key: getattr(record, f.key) for f in kind.input_fields})


def agree(s: Session, kind: Kind, record_id: str, revision: int, values: Mapping[str, object]) -> None:
    """`values` (JSON-able) at the unit's `revision` are what both sides now agree on; what was
    sent before that agreement no longer counts."""
    s.merge(MergeBase(record_id=record_id, kind=kind.key, revision=revision, values=dict(values), sent=None))


def drop(s: Session, record_id: str) -> None:
    """Both sides hold the same again: no base is needed."""
    s.execute(delete(MergeBase).where(MergeBase.record_id == record_id))


def load(s: Session, record_id: str, synced_revision: int | None) -> tuple[dict, list[tuple[str, dict]]] | None:
    """(values agreed on, [(submission id, values sent)...]), or None when no valid base is kept."""
    base = s.get(MergeBase, record_id)
    if base is None or base.revision != synced_revision:
        return None
    return base.values, [(str(x.get("submission") or ""), x["values"]) for x in base.sent or ()]


def note_sent(s: Session, kind: Kind, sent: Iterable[tuple[RecordMixin, str]], submission_id: str) -> None:
    """A workbook carrying these records of a unit (with their 记录ID, the synced revision as 版本,
    and the row digests of `_meta`) goes to that unit: what the unit may start its next file from.

    - A record the unit never sent (the bureau entered it): the unit now holds it as sent — the
      first agreement, at the revision written (so the unit's changes to it are not stale).
    - A record this ledger changed since the last agreement: the values sent are remembered beside
      the agreed ones (the unit may start from either; both count until the next agreement).
    - Any other record holds what was agreed: nothing new was sent."""
    for record, digest in sent:
        if record.synced_revision is None:
            record.synced_revision, record.synced_digest, record.locally_modified = record.revision, digest, False
        elif record.locally_modified:
            _remember(s, record, submission_id, record_values(kind, record))


def note_shown(s: Session, kind: Kind, record: RecordMixin, keys: Iterable[str]) -> None:
    """A workbook shows the unit this ledger's values of some fields of its record (the 当前值 of a
    feedback workbook's comments): the unit may take them over, so for those fields they are a
    version it may start from; its other fields it holds as agreed."""
    if record.locally_modified:
        _remember(s, record, "", record_values(kind, record), set(keys))


def _remember(
    s: Session, record: RecordMixin, submission_id: str, values: dict[str, Any], keys: set[str] | None = None
) -> None:
    """Keep what was sent (`values`, or only its `keys` over the agreed values) beside the agreed
    base — when one is kept: without it nothing says what the unit held, and every difference asks."""
    base = s.get(MergeBase, record.id)
    if base is None or base.revision != record.synced_revision:
        return
    sent = values if keys is None else {**base.values, **{k: v for k, v in values.items() if k in keys}}
    if submission_id or sent != base.values:
        base.sent = [*(base.sent or []), {"submission": submission_id, "values": sent}]


def saved(s: Session, record: RecordMixin) -> dict[str, Any] | None:
    """The record's base as it stands, for an import's history entry (None: no base kept, as for
    every record this ledger holds as the unit sent it)."""
    if not record.locally_modified:
        return None
    base = s.get(MergeBase, record.id)
    if base is None:
        return None
    return {"kind": base.kind, "revision": base.revision, "values": base.values, "sent": base.sent}


def restore(s: Session, record_id: str, state: Mapping[str, Any] | None) -> None:
    """Put the base back as `saved` found it before an import that is being undone."""
    base = s.get(MergeBase, record_id)
    if state is None:
        if base is not None:
            s.delete(base)
    elif base is None:
        s.add(MergeBase(record_id=record_id, **state))
    else:
        for name in ("kind", "revision", "values", "sent"):
            setattr(base, name, state[name])
