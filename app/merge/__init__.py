"""The merge (SPEC §4, §8): plan first, apply second.

- `rules`: the pure decision per row — (incoming, stored, base, who the file speaks for) → outcome.
- `ledger_view`: what planning reads of the ledger; `planner`: reads workbooks and plans each file.
- `plan`: the plan per row, file and batch (the preview, the CLI's --json).
- `apply`: carries a plan out in one transaction after checking it is still true; `undo`: takes it back.
- `imports`: the import history as the window and the CLI list it.

The names below are the package's, as `from app.merge import plan_import` has always read; each
loads its module when first asked for (PEP 562), so that `ipledger imports` or the history page,
which need only `imports`, do not load the planner, the reader and apply with the package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# name → the module of the package that defines it
_WHERE = {
    "ImportRefused": "apply",
    "StalePlan": "apply",
    "apply_plan": "apply",
    "ACTION_LABELS": "plan",
    "SIDE_LABELS": "plan",
    "FilePlan": "plan",
    "ImportPlan": "plan",
    "RowPlan": "plan",
    "plan_import": "planner",
    "ASK": "rules",
    "CONFLICT": "rules",
    "DELETED": "rules",
    "DELETION": "rules",
    "DIVERGED": "rules",
    "EDITED": "rules",
    "NEW": "rules",
    "OURS": "rules",
    "STALE": "rules",
    "THEIRS": "rules",
    "UNCHANGED": "rules",
    "UPDATED": "rules",
    "undo_import": "undo",
}

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


def __getattr__(name: str) -> object:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value  # asked once: a plain attribute from then on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


if TYPE_CHECKING:  # what a type checker and an editor see: the same names, imported as before
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
