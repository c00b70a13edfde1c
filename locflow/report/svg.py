"""Three accessible SVG charts, written by hand: a 100% stacked bar, a bar chart and a line chart.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described
by its ``<desc>`` (``aria-labelledby``), and every bar, slice and point has a
``<title>`` of its own that says in words what it shows, so a screen reader
(or a pointer hovering it) gets the figures. The page puts a table of the
same figures beside every chart. No script, no font, no external reference:
the charts render offline in any browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Mark", "Series", "stacked_bar", "bar_chart", "line_chart", "WIDTH"]

#: Width of every chart in CSS pixels (the viewBox scales it down on narrow screens).
WIDTH = 640
_LABEL_WIDTH = 210  # bar chart: the labels' column
_VALUE_WIDTH = 170  # bar chart: the values' column
_BAR = 18  # height of a bar
_ROW = 26  # height of a bar chart's row
_CHAR_WIDTH = 6.6  # a generous average width of a character of 12px text, for laying out legends


@dataclass(frozen=True, slots=True)
class Mark:
    """One bar or slice: its label, its value, the text of its value, and its colour."""

    label: str
    value: float
    text: str
    color: str


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a line chart: a name, a colour and a value per point (None: no value)."""

    name: str
    color: str
    values: Sequence[float | None]


def _open(chart_id: str, title: str, description: str, height: float) -> str:
    return (
        f'<svg class="chart" id="{chart_id}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="{WIDTH}" height="{height:g}" '
        f'viewBox="0 0 {WIDTH} {height:g}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{klass}>{escape(text)}</text>'


def _rect(x: float, y: float, width: float, height: float, color: str, title: str) -> str:
    return (
        f'<rect x="{x:.2f}" y="{y:g}" width="{max(width, 0):.2f}" height="{height:g}" fill="{color}">'
        f"<title>{escape(title)}</title></rect>"
    )


def _legend(entries: Sequence[tuple[str, str]], top: float) -> tuple[str, float]:
    """Colour keys flowing in rows under a chart; returns the markup and the height it takes."""
    parts, x, y = [], 0.0, top
    for label, color in entries:
        width = 17 + _CHAR_WIDTH * len(label) + 16
        if x and x + width > WIDTH:
            x, y = 0.0, y + 20
        parts.append(f'<rect x="{x:g}" y="{y:g}" width="12" height="12" fill="{color}" aria-hidden="true"/>')
        parts.append(_text(x + 17, y + 11, label, css="legend"))
        x += width
    return "".join(parts), (y - top + 20) if entries else 0.0


def stacked_bar(chart_id: str, title: str, description: str, marks: Sequence[Mark]) -> str:
    """One bar split into ``marks`` by their share of the whole, with a legend."""
    total = sum(m.value for m in marks) or 1.0
    shown = [m for m in marks if m.value > 0]
    x, slices = 0.0, []
    for mark in shown:
        width = WIDTH * mark.value / total
        slices.append(_rect(x, 0, width, 28, mark.color, f"{mark.label}: {mark.text}"))
        x += width
    legend, legend_height = _legend([(f"{m.label} {m.text}", m.color) for m in shown], 40)
    return _open(chart_id, title, description, 40 + legend_height) + "".join(slices) + legend + "</svg>"


def bar_chart(chart_id: str, title: str, description: str, marks: Sequence[Mark], *, maximum: float | None = None) -> str:
    """One horizontal bar per mark, its label on the left and its value on the right."""
    top = max([maximum or 0.0, *(m.value for m in marks)]) or 1.0
    span = WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    rows = []
    for index, mark in enumerate(marks):
        y = index * _ROW
        label = mark.label if len(mark.label) <= 30 else mark.label[:12] + "…" + mark.label[-17:]
        rows.append(_text(_LABEL_WIDTH - 8, y + 14, label, anchor="end", css="label"))
        rows.append(_rect(_LABEL_WIDTH, y + 2, span * mark.value / top, _BAR, mark.color, f"{mark.label}: {mark.text}"))
        rows.append(_text(_LABEL_WIDTH + span * mark.value / top + 6, y + 15, mark.text, css="value"))
    return _open(chart_id, title, description, len(marks) * _ROW + 4) + "".join(rows) + "</svg>"


def line_chart(
    chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series], *, maximum: float = 100.0, unit: str = "%"
) -> str:
    """Lines over evenly spaced points (``labels`` name them); the y axis runs from 0 to ``maximum``."""
    left, right, top, plot = 44.0, 16.0, 10.0, 170.0
    span = WIDTH - left - right
    step = span / max(len(labels) - 1, 1)
    grid = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot * (1 - fraction)
        grid.append(f'<line x1="{left:g}" y1="{y:g}" x2="{WIDTH - right:g}" y2="{y:g}" class="grid"/>')
        grid.append(_text(left - 6, y + 4, f"{maximum * fraction:g}{unit}", anchor="end", css="axis"))
    ends = {0: "start", len(labels) - 1: "end"} if len(labels) > 1 else {0: "start"}
    ticks = [_text(left + index * step, top + plot + 16, labels[index], anchor=anchor, css="axis") for index, anchor in ends.items()]
    lines = [_line(s, labels, left, step, top, plot, maximum, unit) for s in series]
    legend, legend_height = _legend([(s.name, s.color) for s in series], top + plot + 28)
    height = top + plot + 28 + legend_height
    return _open(chart_id, title, description, height) + "".join(grid + ticks + lines) + legend + "</svg>"


def _line(series: Series, labels: Sequence[str], left: float, step: float, top: float, plot: float, maximum: float, unit: str) -> str:
    points, marks = [], []
    for index, value in enumerate(series.values):
        if value is None:
            continue
        x, y = left + index * step, top + plot * (1 - min(value, maximum) / maximum)
        points.append(f"{x:.1f},{y:.1f}")
        marks.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{series.color}">'
            f"<title>{escape(f'{series.name}, {labels[index]}: {value:g}{unit}')}</title></circle>"
        )
    path = f'<polyline fill="none" stroke="{series.color}" stroke-width="2" points="{" ".join(points)}"/>' if len(points) > 1 else ""
    return f'<g class="series">{path}{"".join(marks)}</g>'
