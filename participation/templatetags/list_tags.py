"""{% list_table %}: one markup for the back-office's list tables and their pagination.

    {% load list_tags %}
    {% blocktranslate count counter=page.paginator.count asvar caption %}…{% endblocktranslate %}
    {% list_table page caption=caption query=query empty=_("No entry matches.") %}
      <thead><tr><th scope="col">…</th></tr></thead>
      <tbody>{% for entry in page.object_list %}<tr>…</tr>{% endfor %}</tbody>
    {% endlist_table %}

The first argument is a Django ``Page`` (then previous/next links follow the table) or any
list (one page). The body is rendered by the calling template, escaped as usual; the
include is ``templates/includes/list_table.html`` (pagination: ``includes/pagination.html``).
"""

from django import template
from django.core.paginator import Page
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_block_tag
def list_table(
    content: SafeString,
    rows,
    *,
    caption: str,
    empty: str,
    query: str = "",
    caption_hidden: bool = False,
    label: str = "",
) -> SafeString:
    page = rows if isinstance(rows, Page) else None
    return render_to_string(
        "includes/list_table.html",
        {
            "body": content,
            "has_rows": bool(page.object_list if page is not None else rows),
            "page": page,
            "query": query,
            "caption": caption,
            "caption_hidden": caption_hidden,
            "empty": empty,
            "label": label,
        },
    )
