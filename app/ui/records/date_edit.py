"""A date field a clerk can type into: any usual form (2025-09-28, 2025/9/28, 2025.9.28, 20250928,
2025年9月28日), blank allowed, Delete clears it, and a calendar that opens on the field's date or
today. Parsing is the core's (`validators.parse_date`), the same as for imported cells."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from app.vocabulary.validators import InvalidValue, parse_date


def typed_date(text: str) -> date | None:
    """The date in `text`, None when blank or not (yet) a date."""
    if not text.strip():
        return None
    try:
        return parse_date(text)
    except InvalidValue:
        return None


class CalendarPopup(QCalendarWidget):
    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setGridVisible(True)
        self.setAccessibleName(self.tr("Calendar"))
        self.clicked.connect(self._pick)
        self.activated.connect(self._pick)

    def _pick(self, d: QDate) -> None:
        self.picked.emit(date(d.year(), d.month(), d.day()))
        self.close()


class DateEdit(QLineEdit):
    """Text in, a date out: `date()` is None when blank or unreadable (the form says why)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("e.g. 2025-09-28"))
        self.setClearButtonEnabled(True)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(self.tr("Calendar (Alt+Down)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.editingFinished.connect(self.normalize)
        self.popup: CalendarPopup | None = None

    def date(self) -> date | None:
        return typed_date(self.text())

    def set_date(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def normalize(self) -> None:
        """Show a readable date the one way (2025/9/28 → 2025-09-28); leave anything else as typed."""
        d = self.date()
        if d is not None and self.text() != d.isoformat():
            self.setText(d.isoformat())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Delete and (self.date() is not None or self.hasSelectedText()):
            self.clear()  # a date is one value: Delete empties the field
            return
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> CalendarPopup:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        start = self.date() or date.today()
        self.popup.setSelectedDate(QDate(start.year, start.month, start.day))
        self.popup.setCurrentPage(start.year, start.month)
        self.popup.adjustSize()
        # Below the field, kept on the screen (a field near the bottom opens it above).
        size = self.popup.size().expandedTo(self.popup.sizeHint())  # as it will show, frame included
        where = self.mapToGlobal(QPoint(0, self.height()))
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        x = max(screen.left(), min(where.x(), screen.left() + screen.width() - size.width()))
        y = where.y()
        if y + size.height() > screen.top() + screen.height():
            y = self.mapToGlobal(QPoint(0, 0)).y() - size.height()
        self.popup.move(x, max(screen.top(), y))
        self.popup.show()
        # shown, it may have grown (fonts polished on show): keep its frame on the screen after all
        frame = self.popup.frameGeometry()
        over = frame.x() + frame.width() - (screen.left() + screen.width())
        if over > 0:
            self.popup.move(max(screen.left(), self.popup.x() - over), self.popup.y())
        self.popup.setFocus()
        return self.popup

    def _picked(self, value: date) -> None:
        self.set_date(value)
        self.setFocus()
        self.editingFinished.emit()
