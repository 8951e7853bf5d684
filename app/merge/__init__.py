"""The merge (SPEC §4, §8): plan first, apply second.

- `rules`: the pure decision per row — (incoming, stored, base, who the file speaks for) → outcome.
- `ledger_view`: what planning reads of the ledger; `planner`: reads workbooks and plans each file.
- `plan`: the plan per row, file and batch (the preview, the CLI's --json).
- `apply`: carries a plan out in one transaction after checking it is still true; `undo`: takes it back.
- `imports`: the import history as the window and the CLI list it.
"""

from app.merge.apply import ImportRefused, StalePlan, apply_plan
from app.merge.plan import ACTION_LABELS, SIDE_LABELS, FilePlan, ImportPlan, RowPlan
from app.merge.planner import plan_import
from app.merge.rules import (
    ASK,
    CONFLICT,
    DELETED,
    DELETION,
    DIVERGED,
    EDITED,
    NEW,
    OURS,
    STALE,
    THEIRS,
    UNCHANGED,
    UPDATED,
)
from app.merge.undo import undo_import

__all__ = [
    "ACTION_LABELS",
    "ASK",
    "CONFLICT",
    "DELETED",
    "DELETION",
    "DIVERGED",
    "EDITED",
    "NEW",
    "OURS",
    "SIDE_LABELS",
    "STALE",
    "THEIRS",
    "UNCHANGED",
    "UPDATED",
    "FilePlan",
    "ImportPlan",
    "ImportRefused",
    "RowPlan",
    "StalePlan",
    "apply_plan",
    "plan_import",
    "undo_import",
]
