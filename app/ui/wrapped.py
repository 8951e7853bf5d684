"""A column of a tree or table whose text wraps to a few lines, so that a reader sees more than a
dozen characters of a progress text at 125 % scaling. Qt paints wrapped text when the view's
wordWrap is on, but a tree sizes its rows without knowing the column's width: this delegate tells it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QTreeView

PADDING = 6  # the item's margins, left and right together


class WrappedColumn(QStyledItemDelegate):
    def __init__(
        self, view: QAbstractItemView, max_lines: int = 3, wraps: Callable[[QModelIndex], bool] = lambda _i: True
    ) -> None:
        """`wraps` says which rows wrap; the others keep one line, elided."""
        super().__init__(view)
        self.view, self.max_lines, self.wraps = view, max_lines, wraps
        view.setWordWrap(True)
        relayout = QTimer(view, singleShot=True, interval=0)
        relayout.timeout.connect(view.doItemsLayout)  # rows grow or shrink with the column
        header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
        header.sectionResized.connect(lambda *_: relayout.start())

    def sizeHint(self, option, index) -> QSize:  # noqa: ANN001, N802 - Qt override
        hint = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text or not self.wraps(index):
            return hint
        width = self.view.columnWidth(index.column()) - PADDING
        if isinstance(self.view, QTreeView) and index.column() == 0:
            width -= self.view.indentation() * (1 + _depth(index))
        metrics = option.fontMetrics
        bounds = metrics.boundingRect(QRect(0, 0, max(width, 20), 1 << 20), Qt.TextFlag.TextWordWrap, str(text))
        height = min(bounds.height(), metrics.lineSpacing() * self.max_lines) + PADDING
        return QSize(hint.width(), max(hint.height(), height))


def _depth(index) -> int:  # noqa: ANN001
    depth = 0
    while index.parent().isValid():
        index = index.parent()
        depth += 1
    return depth
