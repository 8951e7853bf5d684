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
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMargins, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

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


def rate_chart(
    title: str,
    names: Sequence[str],
    rates_by_year: dict[int, Sequence[float | None]],
    capped_note: str = "（超过 %1% 的按 %1% 画出，数值见标签）",
) -> QChart:
    """Completion rate (%) per indicator, one bar set per year, a line of bars per indicator.

    Each bar carries its value (the true one for a bar cut at RATE_CAP; none for no data). Qt's own
    bar labels sit on the middle of their bar, so two years' labels overlap as soon as a bar is
    thinner than a line of text; these sit in their own slot of the indicator's band instead (see
    `_place_rate_labels`), and `rate_chart_height` says how tall the chart must be for that."""
    chart = _chart(title)
    series = QHorizontalBarSeries()
    series.setBarWidth(0.7)
    top = 100.0
    labels: list[tuple[QGraphicsSimpleTextItem, int, int, float]] = []  # item, category, bar set, drawn value
    years = sorted(rates_by_year.items())
    for k, (year, rates) in enumerate(years):
        bars = QBarSet(f"{year}年")
        bars.setColor(QColor(PALETTE[k % len(PALETTE)]))
        shown = list(reversed(list(rates)))  # horizontal bars grow upwards: the first indicator on top
        values = [round(min(r, RATE_CAP), 1) if r is not None else 0.0 for r in shown]
        bars.append(values)
        top = max(top, *(r for r in shown if r is not None), 0.0)
        series.append(bars)
        for j, (rate, value) in enumerate(zip(shown, values, strict=True)):
            if rate is None:
                continue  # no data: no bar, and no 0 that reads like a reported zero
            item = QGraphicsSimpleTextItem(f"{round(rate, 1):g}", chart)
            item.setBrush(QColor("#262626"))
            item.setFont(bars.labelFont())
            labels.append((item, j, k, value))
    chart.addSeries(series)
    _category_axis(chart, series, names)
    values = QValueAxis()
    step = 20 if top <= 120 else 50
    upper = math.ceil(min(RATE_CAP, top) * 1.12 / step) * step  # room for the labels past the longest bar
    values.setRange(0, upper)
    values.setLabelFormat("%d%%")
    values.setTickCount(upper // step + 1)
    if top > RATE_CAP:
        chart.setTitle(chart.title() + capped_note.replace("%1", f"{RATE_CAP:.0f}"))
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(values)
    chart.rate_labels = [item for item, *_ in labels]  # what tests and rate_chart_height read
    chart.rate_slots = len(names) * max(1, len(years))
    chart.plotAreaChanged.connect(lambda _area: _place_rate_labels(chart, series, labels, len(years)))
    return chart


def _place_rate_labels(chart: QChart, series, labels, sets: int) -> None:  # noqa: ANN001
    """Each label just past the end of its bar, centred in its own slot: the indicator's band cut
    into one slot per year, in the bars' order (the first year lowest), so labels never share a slot
    (as long as the chart is `rate_chart_height` tall)."""
    for item, category, k, value in labels:
        y = category - 0.5 + (k + 0.5) / sets
        end = chart.mapToPosition(QPointF(value, y), series)
        item.setPos(end.x() + 4, end.y() - item.boundingRect().height() / 2)


def rate_chart_height(chart: QChart, at_least: int) -> int:
    """The height the rate chart needs so that each value label has a slot as tall as its text
    (title, axis and legend measured by laying the chart out once)."""
    line = max((item.boundingRect().height() for item in chart.rate_labels), default=0.0)
    chart.resize(600, at_least)
    around = at_least - chart.plotArea().height()
    return max(at_least, math.ceil(around + chart.rate_slots * (line + 2)))


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
