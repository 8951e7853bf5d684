"""Charts for the dashboards and the progress report, with Qt Charts (PySide6-Addons).

Why Qt Charts: it adds about 3 MB to the frozen build (libQt6Charts 2.2 MB + the QtCharts binding
1.0 MB; QtOpenGL is already there), imports in ~7 ms and draws its first view in ~20 ms, and it draws
with the window's own fonts, so Chinese labels need nothing extra. pyqtgraph would bring numpy
(~59 MB unpacked with its OpenBLAS), matplotlib numpy and more, and seconds of start-up for a
first figure. The same chart objects paint the dashboards and, rendered to an image, the report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMargins, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

PALETTE = ("#4472C4", "#ED7D31", "#70AD47", "#FFC000", "#A5A5A5", "#C00000")
STATUS_COLOURS = {
    "已完成": "#70AD47",
    "持续推进": "#4472C4",
    "推进中": "#9DC3E6",
    "未启动": "#BFBFBF",
    "滞后": "#C00000",
    "未报送": "#FFE699",
}
RATE_CAP = 200.0  # a completion rate above this is drawn to the edge; its label tells the value


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _category_axis(chart: QChart, series, labels: Sequence[str]) -> None:  # noqa: ANN001
    axis = QBarCategoryAxis()
    axis.append(list(reversed(labels)))  # horizontal bars grow upwards: the first label on top
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis)


def rate_chart(title: str, names: Sequence[str], rates_by_year: dict[int, Sequence[float | None]]) -> QChart:
    """Completion rate (%) per indicator, one bar set per year, a line of bars per indicator."""
    chart = _chart(title)
    series = QHorizontalBarSeries()
    top = 100.0
    for k, (year, rates) in enumerate(sorted(rates_by_year.items())):
        bars = QBarSet(f"{year}年")
        bars.setColor(QColor(PALETTE[k % len(PALETTE)]))
        values = [round(min(r, RATE_CAP), 1) if r is not None else 0.0 for r in reversed(list(rates))]
        bars.append(values)
        top = max(top, *values) if values else top
        series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    for bars in series.barSets():
        bars.setLabelColor(QColor("#262626"))
    chart.addSeries(series)
    _category_axis(chart, series, names)
    values = QValueAxis()
    step = 20 if top <= 120 else 50
    upper = math.ceil(min(RATE_CAP, top) * 1.12 / step) * step  # room for the labels past the longest bar
    values.setRange(0, upper)
    values.setLabelFormat("%d%%")
    values.setTickCount(upper // step + 1)
    if top > RATE_CAP:
        chart.setTitle(chart.title() + f"（超过 {RATE_CAP:.0f}% 的按 {RATE_CAP:.0f}% 画出）")
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(values)
    return chart


def stacked_chart(
    title: str, labels: Sequence[str], parts: dict[str, Sequence[float]], colours: dict[str, str] | None = None
) -> QChart:
    """One horizontal bar per label, stacked by part (e.g. task status per section)."""
    chart = _chart(title)
    series = QHorizontalStackedBarSeries()
    for k, (name, values) in enumerate(parts.items()):
        bars = QBarSet(name)
        bars.setColor(QColor((colours or {}).get(name, PALETTE[k % len(PALETTE)])))
        bars.append([float(v) for v in reversed(list(values))])
        series.append(bars)
    chart.addSeries(series)
    _category_axis(chart, series, labels)
    values = QValueAxis()
    values.setLabelFormat("%d")
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(values)
    _fit(values, [sum(v) for v in zip(*parts.values(), strict=True)] if parts else [])
    return chart


def _fit(axis: QValueAxis, values: Sequence[float]) -> None:
    """A range from 0 with round ticks; an empty chart (nothing reported yet) still gets one."""
    top = max(values, default=0.0)
    if top <= 0:
        axis.setRange(0, 1)
        axis.setTickCount(2)
        return
    axis.setRange(0, top)
    axis.applyNiceNumbers()


def bar_chart(title: str, labels: Sequence[str], series_values: dict[str, Sequence[float]], unit: str = "") -> QChart:
    """Horizontal bars per label, one bar set per series (e.g. amounts by street and town)."""
    chart = _chart(title)
    series = QHorizontalBarSeries()
    for k, (name, values) in enumerate(series_values.items()):
        bars = QBarSet(name)
        bars.setColor(QColor(PALETTE[k % len(PALETTE)]))
        bars.append([float(v) for v in reversed(list(values))])
        series.append(bars)
    chart.addSeries(series)
    _category_axis(chart, series, labels)
    values = QValueAxis()
    values.setLabelFormat("%.0f")
    values.setTitleText(unit)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(values)
    _fit(values, [x for v in series_values.values() for x in v])
    return chart


def chart_image(chart: QChart, size: QSize, scale: float = 2.0) -> QImage:
    """The chart drawn into an image (for the report), at `scale` × size for print sharpness."""
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.resize(size.width(), size.height())
    image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(image.rect()), QRectF(0, 0, size.width(), size.height()))
    painter.end()
    scene.removeItem(chart)
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())
