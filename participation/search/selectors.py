"""Running a search: one query per searched type, whatever the number of results.

PostgreSQL: full-text search with the French configuration, ranked. Other
databases (SQLite on a laptop): case-insensitive containment, newest first.
"""

from django.db import connections
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator

from participation.search.registry import Searchable, all_searchables, get_searchable

RESULTS_PER_TYPE = 20


def _match(queryset, searchable: Searchable, text: str):
    fields = (searchable.title, *searchable.body)
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(searchable.title, weight="A", config="french")
        if searchable.body:
            vector = vector + SearchVector(*searchable.body, weight="B", config="french")
        query = SearchQuery(text, config="french", search_type="websearch")
        return (
            queryset.annotate(search_rank=SearchRank(vector, query))
            .filter(search_rank__gt=0)
            .order_by("-search_rank", "-pk")
        )
    condition = Q()
    for word in text.split()[:10]:
        word_condition = Q()
        for name in fields:
            word_condition |= Q(**{f"{name}__icontains": word})
        condition &= word_condition
    return queryset.filter(condition).order_by("-pk")


def _excerpt(searchable: Searchable, item) -> str:
    if searchable.excerpt is not None:
        return searchable.excerpt(item)
    for name in searchable.body:
        value = strip_tags(str(getattr(item, name, "") or "")).strip()
        if value:
            return Truncator(value).words(30)
    return ""


def search(*, organization, user, text: str, type_key: str = "", space=None) -> list[dict]:
    """Groups of results: [{"searchable", "results": [{"title", "url", "excerpt"}]}]."""
    text = text.strip()
    if not text:
        return []
    searchables = all_searchables()
    if type_key:
        wanted = get_searchable(type_key)
        searchables = [wanted] if wanted else []
    groups = []
    for searchable in searchables:
        queryset = searchable.queryset(organization, user)
        if space is not None:
            if searchable.in_space is None:
                continue
            queryset = searchable.in_space(queryset, space[0], space[1])
        items = list(_match(queryset, searchable, text)[:RESULTS_PER_TYPE])
        if not items:
            continue
        if searchable.prepare is not None:
            searchable.prepare(items)
        groups.append(
            {
                "searchable": searchable,
                "results": [
                    {
                        "title": searchable.display(item)
                        if searchable.display
                        else str(getattr(item, searchable.title, "") or item),
                        "url": searchable.url(item),
                        "excerpt": _excerpt(searchable, item),
                    }
                    for item in items
                ],
            }
        )
    return groups
