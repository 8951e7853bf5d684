"""A table model over one record kind in the ledger. Rows are fetched a page at a time with the
search, filter and sort done in SQLite, so 100,000 rows cost one COUNT and one page to show."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.store import browse
from app.store.ledger import Ledger
from app.ui import worker
from app.vocabulary.kinds import FieldType, Kind
from app.vocabulary.periods import parse_period

PAGE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NUMERIC = (FieldType.INT, FieldType.AMOUNT, FieldType.NUMBER)
Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    loaded = Signal()  # rows are there for the current query
    failed = Signal(object)

    def __init__(
        self,
        ledger: Ledger,
        kind: Kind,
        unit_id: int | None,
        labels: dict[str, list[tuple[object, str]]] | None = None,
        parent=None,
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        # How a coded value reads in the table (indicator 2 → "2. 新增PCT国际专利申请量（件）").
        self.labels = {key: dict(pairs) for key, pairs in (labels or {}).items()}
        self.ledger = ledger
        self.kind = kind
        self.fields = kind.input_fields
        self.show_unit = unit_id is None
        self.query = browse.Query(kind, unit_id=unit_id)
        self._count = 0
        self.totals: dict[str, float] = {}  # amount columns summed over the rows the query shows
        self._pages: dict[int, list[tuple]] = {}
        self._generation = 0
        self.reload()

    # --- what is shown ---------------------------------------------------------------------------

    def set_query(self, background: bool = True, **changes: object) -> None:
        """Search, filter or sort. In the background by default: while the user types, SQLite counts
        and fetches the first page on a pool thread and the window stays responsive; a result that a
        newer keystroke has overtaken is dropped."""
        self.query = browse.Query(**{**self.query.__dict__, **changes})
        if not background:
            self.reload()
            return
        self._generation += 1
        generation, query = self._generation, self.query
        # The count, the totals and the first page all come from the pool thread: per keystroke the
        # GUI thread only starts the job and later takes the rows in.
        worker.runner(
            lambda _progress: self._fetch(query), lambda result: self._show(generation, result), self.failed.emit
        )

    def _fetch(self, query: browse.Query) -> tuple[tuple[int, dict[str, float]], list[tuple]]:
        with self.ledger.session() as s:
            return browse.totals(s, query), browse.page(s, query, 0, PAGE)

    def _show(self, generation: int, result: tuple[tuple[int, dict[str, float]], list[tuple]]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        (self._count, self.totals), first = result
        self._pages = {0: first}
        self.endResetModel()
        self.loaded.emit()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._pages.clear()
        with self.ledger.session() as s:
            self._count, self.totals = browse.totals(s, self.query)
        self.endResetModel()
        self.loaded.emit()

    def _row(self, row: int) -> tuple:
        start = row - row % PAGE
        if start not in self._pages:
            with self.ledger.session() as s:
                self._pages[start] = browse.page(s, self.query, start, PAGE)
        rows = self._pages[start]
        return rows[row - start] if row - start < len(rows) else ()

    def record_id(self, row: int) -> str | None:
        data = self._row(row)
        return data[0] if data else None

    def row_of(self, record_id: str, max_pages: int = 25) -> int:
        """The row showing `record_id`, fetching pages in order if needed; -1 when it is not in view
        (or beyond the first `max_pages` pages, where nobody would find it by scrolling anyway)."""
        for start in range(0, min(self._count, max_pages * PAGE), PAGE):
            self._row(start)
            for i, r in enumerate(self._pages[start]):
                if r[0] == record_id:
                    return start + i
        return -1

    # --- the Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + 2

    def column_key(self, column: int) -> str:
        if column < len(self.fields):
            return self.fields[column].key
        return "unit" if column == len(self.fields) else "revision"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(self.fields):
            f = self.fields[section]
            return f"{f.label} *" if f.required else f.label
        return "填报单位" if section == len(self.fields) else "版本"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._row(index.row())
        if not row:
            return None
        col = index.column()
        if role == ID_ROLE:
            return row[0]
        if col < len(self.fields):
            f = self.fields[col]
            value = row[3 + col]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                label = self.labels.get(f.key, {}).get(value)
                if label is None and f.type is FieldType.PERIOD and value:
                    label = parse_period(value).label  # 2025年第三季度, never 2025Q3
                return label or f.display(value)
            if role == Qt.ItemDataRole.TextAlignmentRole and f.type in NUMERIC and f.key not in self.labels:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row[1] if col == len(self.fields) else str(row[2])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.set_query(sort_key=self.column_key(column), descending=order == Qt.SortOrder.DescendingOrder)
