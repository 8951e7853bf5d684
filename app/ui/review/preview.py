"""The review cycle in the import dialog: feedback workbooks taken at once, files held for an accepted
period, and the plausibility flags, each of which the officer may tick for follow-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app.merge.plausibility import Flag, mark_follow_up
from app.review import feedback
from app.review.rules import STATE_LABELS, ReviewError
from app.store.ledger import Ledger

FLAG_ROLE = Qt.ItemDataRole.UserRole + 7


def take_feedback_files(ledger: Ledger, paths: list[Path], tree: QTreeWidget) -> list[Path]:
    """Import the feedback workbooks among `paths` at once (they only carry comments and answers),
    list them in the tree (again after each preview, see add_notes), and return the other paths."""
    rest, notes = [], []
    for path in paths:
        if not feedback.is_feedback(path):
            rest.append(path)
            continue
        try:
            result = feedback.import_feedback(ledger, path)
        except (ReviewError, OSError) as exc:
            notes.append((path.name, QCoreApplication.translate("ReviewPreview", "Feedback"), str(exc)))
            continue
        if ledger.role == "bureau":
            text = QCoreApplication.translate("ReviewPreview", "%1 answer(s) taken from %2")
            text = text.replace("%1", str(result.received)).replace("%2", result.unit)
        else:
            state = STATE_LABELS.get(result.state, "")
            due = f"{result.due:%Y-%m-%d}" if result.due else "—"
            text = (
                QCoreApplication.translate(
                    "ReviewPreview", "Bureau's review: %1; due %2; %3 comment(s) new or changed — see Comments"
                )
                .replace("%1", state)
                .replace("%2", due)
                .replace("%3", str(result.received))
            )
        notes.append((path.name, QCoreApplication.translate("ReviewPreview", "Feedback"), text))
    tree.feedback_notes = notes
    _show_feedback(tree)
    return rest


def _show_feedback(tree: QTreeWidget) -> None:
    for name, outcome, text in getattr(tree, "feedback_notes", []):
        node = QTreeWidgetItem(tree, [name, outcome, text])
        node.setToolTip(2, text)


def add_notes(tree: QTreeWidget, plan) -> None:  # noqa: ANN001 - a merge ImportPlan
    """After the preview tree shows the plan: each file's plausibility flags (checkable, to follow
    up as comments), and the feedback workbooks taken before it."""
    for i, fp in enumerate(plan.files):
        node = tree.topLevelItem(i)
        if node is None or fp.held or not fp.flags:
            continue
        group = QTreeWidgetItem(
            node,
            [
                QCoreApplication.translate("ReviewPreview", "To check") + f"（{len(fp.flags)}）",
                "",
                QCoreApplication.translate("ReviewPreview", "Tick the ones to follow up as comments"),
            ],
        )
        group.setForeground(0, QColor("#8D6E00"))
        group.setExpanded(True)
        for f in fp.flags:
            note = (
                f"（情况说明：{f.explanation}）"
                if f.explanation
                else QCoreApplication.translate("ReviewPreview", "(no explanation)")
            )
            where = f"{f.sheet} 第{f.row}行" if f.row else f.sheet
            item = QTreeWidgetItem(group, [where, f.column, f.message + note])
            item.setToolTip(2, item.text(2))
            item.setForeground(2, QColor("#8D6E00"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setData(0, FLAG_ROLE, f)
    _show_feedback(tree)


def follow_ups(tree: QTreeWidget) -> list[Flag]:
    found = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        flag = item.data(0, FLAG_ROLE)
        if flag is not None and item.checkState(0) == Qt.CheckState.Checked:
            found.append(flag)
        stack += [item.child(i) for i in range(item.childCount())]
    return found


def mark(ledger: Ledger, flags: list[Flag]) -> int:
    if not flags:
        return 0
    with ledger.session() as s:
        return mark_follow_up(s, flags)
