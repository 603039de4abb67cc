"""One list-table and pagination markup for the back-office lists (includes/list_table.html,
includes/pagination.html, {% list_table %})."""

from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    "{% load i18n list_tags %}"
    "{% list_table rows caption=caption empty=_('Nothing here.') query=query %}"
    "<tbody>{% for row in rows %}<tr><td>{{ row }}</td></tr>{% endfor %}</tbody>"
    "{% endlist_table %}"
)


def _render(rows, **context):
    with translation.override("en"):
        return TEMPLATE.render(Context({"rows": rows, "caption": "Items", "query": "", **context}))


def test_a_page_of_rows_with_its_pages():
    page = Paginator(list(range(1, 26)), 10).page(2)
    html = _render(page, query="q=caf%C3%A9&state=open", caption="<Items>")
    assert '<table class="table">' in html and "<caption>&lt;Items&gt;</caption>" in html
    assert "<td>11</td>" in html and "<td>21</td>" not in html
    assert '<nav aria-label="Pages" class="pagination">' in html
    assert '<a href="?q=caf%C3%A9&amp;state=open&amp;page=1" rel="prev">Previous page</a>' in html
    assert '<a href="?q=caf%C3%A9&amp;state=open&amp;page=3" rel="next">Next page</a>' in html
    assert "Page 2 of 3" in html


def test_one_page_needs_no_navigation_and_a_list_works_too():
    html = _render(Paginator([1, 2], 10).page(1))
    assert "<td>2</td>" in html and "<nav" not in html
    html = _render(["a", "b"])
    assert "<td>b</td>" in html and "<nav" not in html


def test_nothing_to_list():
    for rows in ([], Paginator([], 10).page(1)):
        html = _render(rows)
        assert "<table" not in html and "<nav" not in html
        assert '<p class="empty-state">Nothing here.</p>' in html


def test_pagination_names_and_labels():
    page = Paginator(list(range(30)), 10).page(1)
    with translation.override("fr"):
        html = Template(
            '{% include "includes/pagination.html" with page=page label="Pages des billets" '
            'next_label="Billets plus anciens" %}'
        ).render(Context({"page": page}))
    assert 'aria-label="Pages des billets"' in html
    assert '<a href="?page=2" rel="next">Billets plus anciens</a>' in html
    assert "Page 1 sur 3" in html and 'rel="prev"' not in html
