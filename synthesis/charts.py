"""Accessible line charts drawn as inline SVG on the server (no JS, no inline styles).

Every text goes through ``format_html``/``escape``; the look comes from classes
styled in static/synthesis/metrics.css and SVG presentation attributes.
"""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


def _ticks(maximum: int) -> list[int]:
    if maximum <= 0:
        return [0]
    step = max(1, -(-maximum // 4))
    return list(range(0, maximum + step, step))[:6]


def line_chart(series, *, chart_id: str) -> SafeString:
    points = series.points
    known = [(i, v) for i, (_d, v) in enumerate(points) if v is not None]
    top_value = max([v for _i, v in known] or [0])
    ticks = _ticks(top_value)
    ceiling = max(ticks[-1], 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + plot_w * i / span, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h * (1 - value / ceiling), 1)

    title = series.label
    if points:
        first, last = points[0][0], points[-1][0]
        desc = _("%(label)s from %(start)s to %(end)s: latest value %(value)s.") % {
            "label": series.label,
            "start": date_format(first, "SHORT_DATE_FORMAT"),
            "end": date_format(last, "SHORT_DATE_FORMAT"),
            "value": series.latest if series.latest is not None else _("not computed yet"),
        }
    else:
        desc = _("No data.")
    grid = format_html_join(
        "",
        '<line class="metric-grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke-width="1"></line>'
        '<text class="metric-tick" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT, WIDTH - RIGHT, y(t), y(t), LEFT - 6, y(t) + 4, t) for t in ticks),
    )
    labels_at = sorted({0, len(points) // 2, len(points) - 1}) if points else []
    x_labels = format_html_join(
        "",
        '<text class="metric-tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x(i), HEIGHT - 12, date_format(points[i][0], "SHORT_DATE_FORMAT")) for i in labels_at),
    )
    line = ""
    if len(known) > 1:
        line = format_html(
            '<polyline class="metric-line" fill="none" stroke-width="2" points="{}"></polyline>',
            " ".join(f"{x(i)},{y(v)}" for i, v in known),
        )
    dots = format_html_join(
        "",
        '<circle class="metric-dot" cx="{}" cy="{}" r="3"><title>{} : {}</title></circle>',
        ((x(i), y(v), date_format(points[i][0], "SHORT_DATE_FORMAT"), v) for i, v in known),
    )
    return format_html(
        '<svg class="metric-chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" aria-labelledby="{id}-title" aria-describedby="{id}-desc" '
        'focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{grid}{x_labels}{line}{dots}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=title,
        desc=desc,
        grid=grid,
        x_labels=x_labels,
        line=line,
        dots=dots,
    )
