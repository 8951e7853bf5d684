"""Sizes from the screen the window is on: a 1366×768 office PC at 125 % or 150 % scaling has
only 1093×614 or 911×512 logical pixels, less the taskbar, and every window and dialog must fit."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What a title bar and borders take around a window's client area (Windows 10 at 100 %: 31 + 8 + 8).
FRAME_ALLOWANCE_W = 16
FRAME_ALLOWANCE_H = 40


def available(widget: QWidget | None = None) -> QRect:
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int, *, share: float = 1.0) -> None:
    """Resize to width×height, or to `share` of the free screen area when that is smaller, and
    centre on the screen. Content that then lacks room scrolls (each page and dialog sees to it)."""
    area = available(widget)
    w = min(width, int(area.width() * share) - FRAME_ALLOWANCE_W)
    h = min(height, int(area.height() * share) - FRAME_ALLOWANCE_H)
    widget.resize(max(w, 200), max(h, 150))
    frame_w, frame_h = w + FRAME_ALLOWANCE_W, h + FRAME_ALLOWANCE_H
    left = area.left() + max(0, (area.width() - frame_w) // 2)
    widget.move(left, area.top() + max(0, (area.height() - frame_h) // 2))
