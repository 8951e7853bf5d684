"""The review cycle in the import dialog: the plausibility flags, each of which the officer may tick
for follow-up (feedback workbooks and held files are planned and shown like every file)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app.merge.plausibility import Flag, mark_follow_up
from app.store.ledger import Ledger
from app.ui.exchange.preview import PARAGRAPH, PreviewTree

FLAG_ROLE = Qt.ItemDataRole.UserRole + 7


def add_notes(tree: PreviewTree, plan) -> None:  # noqa: ANN001 - a merge ImportPlan
    """After the preview tree shows the plan: each file's plausibility flags (checkable, to follow
    up as comments); a long one wraps in its row (`wrap_in_full`: a check on indicator 3 names
    both sums and lost its ending 两者不符 at 125 %)."""
    long_ones = []
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
            if len(item.text(2)) > PARAGRAPH:
                long_ones.append(item)
    tree.wrap_in_full(long_ones)


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
