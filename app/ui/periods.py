"""Choosing a reporting period: a combo box that shows each period by its label (2025年第一季度),
keeps its code as the item's data (findData("2025Q1")) and hands out the Period chosen — the
window's selector and every dialog that asks for a period, so that no page parses a code again."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget

from app.vocabulary.periods import Period


class PeriodCombo(QComboBox):
    def __init__(self, periods: Iterable[Period] = (), current: Period | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._periods: dict[str, Period] = {}
        self.set_periods(periods, current)

    def set_periods(self, periods: Iterable[Period], current: Period | None = None) -> None:
        """The periods offered, `current` chosen (else the first); signals stay quiet meanwhile."""
        self.blockSignals(True)
        self.clear()
        self._periods = {p.code: p for p in periods}
        for p in self._periods.values():
            self.addItem(p.label, p.code)
        self.setCurrentIndex(max(0, self.findData(current.code)) if current is not None else 0)
        self.blockSignals(False)

    def period(self) -> Period:
        """The period chosen."""
        return self._periods[self.currentData()]

    def periods(self) -> list[Period]:
        return list(self._periods.values())

    def choose(self, period: Period) -> None:
        self.setCurrentIndex(max(0, self.findData(period.code)))
