"""The core chart module: accessible inline SVG (named, described, escaped, no inline
style), a line chart for synthesis' metrics and a bar chart for budgets' results."""

import datetime
import re

from django.template.loader import render_to_string
from django.utils import translation

from participation import charts

DAY = datetime.date(2026, 3, 1)


def _days(*values):
    return [(DAY + datetime.timedelta(days=n), value) for n, value in enumerate(values)]


def test_svg_escapes_labels():
    svg = charts.line_chart(
        chart_id="chart-x", title='<script>alert("x")</script> & co', points=_days(1, 2)
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; co" in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg
    bar = charts.bar_chart(
        chart_id="bars",
        title="<b>Votes</b>",
        description="Votes & co",
        bars=[charts.Bar(label="1", value=3, name='<img src=x onerror="x">')],
    )
    assert "<b>" not in bar and "<img" not in bar and "&amp; co" in bar
    assert "style=" not in bar


def test_line_chart_is_named_and_described():
    with translation.override("en"):
        svg = charts.line_chart(chart_id="chart-p", title="Proposals", points=_days(4, None, 9))
    assert 'aria-labelledby="chart-p-title"' in svg and 'aria-describedby="chart-p-desc"' in svg
    assert '<title id="chart-p-title">Proposals</title>' in svg
    desc = re.search(r'<desc id="chart-p-desc">(.*?)</desc>', svg).group(1)
    assert desc.startswith("Proposals from ") and desc.endswith("latest value 9.")
    # A day without a value is no point of the line: two dots, one segment between them.
    assert svg.count("<circle") == 2
    assert len(re.search(r'points="([^"]*)"', svg).group(1).split()) == 2


def test_line_chart_without_values():
    with translation.override("en"):
        assert "No data." in charts.line_chart(chart_id="c", title="T", points=[])
        unknown = charts.line_chart(chart_id="c", title="T", points=_days(None, None))
    assert "not computed yet" in unknown and "<polyline" not in unknown


def test_bar_chart_scales_and_highlights():
    bars = [
        charts.Bar(label="1", value=10, name="Kiosque: 10, selected", highlighted=True),
        charts.Bar(label="2", value=5, name="Banc: 5, not selected"),
        charts.Bar(label="3", value=0, name="Rien: 0, not selected"),
    ]
    svg = charts.bar_chart(chart_id="b", title="Votes", description="By rank", bars=bars)
    rects = re.findall(r'<rect class="([^"]*)" x="[^"]*" y="[^"]*" width="([^"]*)"', svg)
    assert [css for css, _width in rects] == [
        "chart-bar chart-bar-highlighted",
        "chart-bar",
        "chart-bar",
    ]
    widths = [float(width) for _css, width in rects]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 1  # a bar with no vote stays visible
    assert "<title>Kiosque: 10, selected</title>" in svg
    # As tall as the bars need: three rows of 22 + 8, and the last gap.
    assert 'viewBox="0 0 640 98"' in svg


def test_daily_table_repeats_the_numbers():
    with translation.override("en"):
        html = render_to_string(
            "charts/daily_table.html",
            {"summary": "The numbers", "caption": "Proposals <b>", "points": _days(3, None)},
        )
    assert "<caption>Proposals &lt;b&gt;</caption>" in html
    assert '<th scope="col">Day</th><th scope="col">Value</th>' in html
    assert '<time datetime="2026-03-01">' in html and "<td>3</td>" in html
    assert "not computed" in html
