"""Accessible charts drawn as inline SVG on the server: no script, no inline style (CSP).

One module for every component and for synthesis. Each chart is an image with a name and
a description (``role="img"``, ``<title>``, ``<desc>``) and its numbers are repeated in a
table next to it (``templates/charts/series_table.html`` for a line chart; a page with a
richer table, like budgets' results, keeps its own). The look comes from the classes in
``static/css/charts.css`` and SVG presentation attributes, including a forced-colours mode.
Every text goes through ``format_html``/``format_html_join``, so labels are escaped.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from participation.numbers import format_number

# Line charts: a fixed canvas scaled by the viewBox.
LINE_WIDTH, LINE_HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
# Bar charts: one row a bar, as tall as the number of bars needs.
BAR_WIDTH, BAR_HEIGHT, BAR_GAP, BAR_LABEL_WIDTH = 640, 22, 8, 40


def _ticks(maximum: int) -> list[int]:
    if maximum <= 0:
        return [0]
    step = max(1, -(-maximum // 4))
    return list(range(0, maximum + step, step))[:6]


def _svg(*, chart_id: str, width, height, title, desc, body, align: str) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="{align} meet" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        align=align,
        id=chart_id,
        title=title,
        desc=desc,
        body=body,
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[tuple[datetime.date, int | None]],
) -> SafeString:
    """One value a day; a day without a value (``None``) is left out of the line."""
    known = [(i, v) for i, (_day, v) in enumerate(points) if v is not None]
    ticks = _ticks(max([v for _i, v in known] or [0]))
    ceiling = max(ticks[-1], 1)
    plot_w, plot_h = LINE_WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM
    span = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + plot_w * i / span, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h * (1 - value / ceiling), 1)

    def day(i: int) -> str:
        return date_format(points[i][0], "SHORT_DATE_FORMAT")

    if points:
        latest = known[-1][1] if known else None
        desc = _("%(label)s from %(start)s to %(end)s: latest value %(value)s.") % {
            "label": title,
            "start": day(0),
            "end": day(len(points) - 1),
            "value": format_number(latest) if latest is not None else _("not computed yet"),
        }
    else:
        desc = _("No data.")
    grid = format_html_join(
        "",
        '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke-width="1"></line>'
        '<text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (LEFT, LINE_WIDTH - RIGHT, y(t), y(t), LEFT - 6, y(t) + 4, format_number(t))
            for t in ticks
        ),
    )
    labels_at = sorted({0, len(points) // 2, len(points) - 1}) if points else []
    x_labels = format_html_join(
        "",
        '<text class="chart-tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x(i), LINE_HEIGHT - 12, day(i)) for i in labels_at),
    )
    line = ""
    if len(known) > 1:
        line = format_html(
            '<polyline class="chart-line" fill="none" stroke-width="2" points="{}"></polyline>',
            " ".join(f"{x(i)},{y(v)}" for i, v in known),
        )
    dots = format_html_join(
        "",
        '<circle class="chart-dot" cx="{}" cy="{}" r="3"><title>{}</title></circle>',
        (
            (x(i), y(v), _("%(day)s: %(value)s") % {"day": day(i), "value": format_number(v)})
            for i, v in known
        ),
    )
    return _svg(
        chart_id=chart_id,
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        title=title,
        desc=desc,
        body=format_html("{}{}{}{}", grid, x_labels, line, dots),
        align="xMidYMid",
    )


@dataclass(frozen=True)
class Bar:
    label: str  # drawn left of the bar (a rank, a short name)
    value: int  # drawn right of the bar
    name: str  # the bar's accessible name (its ``<title>``), e.g. "Un kiosque : 12, sélectionné"
    highlighted: bool = False  # filled; the others are outlined


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars, in the order given. ``description`` says what the bars are and
    what a filled bar means (a shape, never a colour alone)."""
    top = max([bar.value for bar in bars] or [0]) or 1
    plot = BAR_WIDTH - BAR_LABEL_WIDTH - 80
    height = max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    def row(index: int, bar: Bar):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        width = round(plot * bar.value / top, 1)
        return (
            BAR_LABEL_WIDTH - 6,
            y + BAR_HEIGHT * 0.7,
            bar.label,
            "chart-bar chart-bar-highlighted" if bar.highlighted else "chart-bar",
            BAR_LABEL_WIDTH,
            y,
            max(width, 1),
            BAR_HEIGHT,
            bar.name,
            BAR_LABEL_WIDTH + width + 6,
            y + BAR_HEIGHT * 0.7,
            format_number(bar.value),
        )

    body = format_html_join(
        "",
        '<text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text>',
        (row(index, bar) for index, bar in enumerate(bars)),
    )
    return _svg(
        chart_id=chart_id,
        width=BAR_WIDTH,
        height=height,
        title=title,
        desc=description,
        body=body,
        align="xMinYMin",
    )
