"""The bureau's comments shown on the unit's own forms, beside the field they concern (SPEC §9)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.review import comments
from app.store.ledger import Ledger
from app.ui.records.form import RecordForm


def mark_comments(ledger: Ledger, form: RecordForm, record_id: str | None) -> int:
    """Put each open or answered comment on a record under its field (a comment on the whole record
    under the first field); returns how many were shown."""
    if not record_id or not form.inputs:
        return 0
    with ledger.session() as s:
        found = comments.comments(s, record_id=record_id)
    notes: dict[str, list[str]] = {}
    for c in found:
        key = c.field if c.field in form.inputs else next(iter(form.inputs))
        what = (
            QCoreApplication.translate("Comments", "Bureau's comment (%1): %2")
            if c.field in form.inputs
            else QCoreApplication.translate("Comments", "Bureau's comment on this record (%1): %2")
        )
        notes.setdefault(key, []).append(what.replace("%1", comments.STATUS_LABELS[c.status]).replace("%2", c.text))
    for key, lines in notes.items():
        form.inputs[key].set_note("\n".join(lines))
    return len(found)
