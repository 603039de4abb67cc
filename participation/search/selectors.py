"""Running a search over the stored documents (participation.search.index).

One ranked query over the documents whatever the number of types: PostgreSQL's full-text
search (``french_unaccent``, GIN index, ``ts_rank_cd`` over the newest ``CANDIDATES``
matches, ``ts_headline``) or SQLite's FTS5 (``bm25``, ``highlight``, ``snippet``). Visibility is checked at query time, never read
from the documents: the tenant, the spaces this person sees, published components,
moderation, publication dates; then the page's items are read through their type's own
visible queryset (one query per type present on the page), so a stale document never
shows anything. A fixed number of queries whatever the number of results.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from participation.components.models import Component
from participation.models import Space
from participation.moderation.models import Moderation
from participation.search.index import START, STOP
from participation.search.models import SearchDocument
from participation.search.registry import Searchable, all_searchables, get_searchable
from participation.spaces import visible_spaces

PER_PAGE = 20
MAX_WORDS = 10
CANDIDATES = 1000
CONFIG = "french_unaccent"


@dataclass
class Result:
    searchable: Searchable
    url: str
    title: SafeString
    caption: str
    excerpt: SafeString
    space: str
    state: str

    @property
    def text(self) -> str:
        """The title as plain text (the caption when the item has no title)."""
        return unescape(strip_tags(self.title)) or self.caption


@dataclass
class ResultPage:
    results: list[Result] = field(default_factory=list)
    number: int = 1
    has_next: bool = False

    def __bool__(self) -> bool:
        return bool(self.results)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def marked(text: str) -> SafeString:
    """``text`` escaped, its matched words (between START and STOP) in <mark>: the only
    markup that can come out, whatever the text holds."""
    result, open_mark = [], False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START and not open_mark:
            result.append("<mark>")
            open_mark = True
        elif piece == STOP and open_mark:
            result.append("</mark>")
            open_mark = False
        elif piece not in (START, STOP):
            result.append(escape(piece))
    if open_mark:
        result.append("</mark>")
    return mark_safe("".join(result))  # noqa: S308 (escaped above)


def visible_documents(*, organization, user):
    """Documents this person may see, as far as documents can tell (a sub-query each)."""
    hidden = Moderation.objects.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
        hidden_at__isnull=False,
    )
    spaces = visible_spaces(organization=organization, user=user).values("pk")
    components = Component.objects.published().filter(organization=organization).values("pk")
    return SearchDocument.objects.filter(
        Q(space__isnull=True) | Q(space_id__in=spaces),
        Q(component__isnull=True) | Q(component_id__in=components),
        ~Exists(hidden),
        organization_id=organization.pk,
        published_at__isnull=False,
        published_at__lte=timezone.now(),
    )


def _fts5_query(text: str) -> str:
    """Words of ``text`` as an FTS5 query: each quoted (no operator reaches FTS5), as a
    prefix, all required."""
    words = re.findall(r"\w+", text)[:MAX_WORDS]
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def _matching(documents, text: str):
    vendor = connections[documents.db].vendor
    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        marks = {"start_sel": START, "stop_sel": STOP, "config": CONFIG}
        # Ranking reads every candidate's vector: a word found in a third of the site
        # would cost a second. The newest CANDIDATES matches are ranked (all of them for
        # most searches); PostgreSQL finds them walking the primary key backwards when
        # the word is common, through the GIN index when it is rare.
        # Newest by publication, as the (organization, [searchable,] published_at, id)
        # indexes give them: the primary key would walk other types' newer rows first.
        candidates = (
            documents.filter(vector=query)
            .order_by("-published_at", "-pk")
            .values("pk")[:CANDIDATES]
        )
        return (
            SearchDocument.objects.filter(pk__in=candidates)
            .annotate(
                rank=SearchRank(F("vector"), query, cover_density=True),
                title_marked=SearchHeadline("title", query, highlight_all=True, **marks),
                body_marked=SearchHeadline(
                    "body",
                    query,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .order_by("-rank", "-pk")
        )
    if vendor == "sqlite":
        match = _fts5_query(text)
        if not match:
            return documents.none()
        return documents.extra(  # noqa: S610 (constant SQL, the query is a parameter)
            select={
                "rank": "bm25(search_document_fts, 10.0, 1.0)",
                "title_marked": "highlight(search_document_fts, 0, %s, %s)",
                "body_marked": "snippet(search_document_fts, 1, %s, %s, ' … ', 30)",
            },
            select_params=(START, STOP, START, STOP),
            tables=["search_document_fts"],
            where=[
                "search_document_fts.rowid = search_searchdocument.id",
                "search_document_fts MATCH %s",
            ],
            params=[match],
        ).order_by("rank", "-pk")
    # Other databases: containment, newest first.
    condition = Q()
    for word in text.split()[:MAX_WORDS]:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return (
        documents.filter(condition)
        .annotate(title_marked=F("title"), body_marked=F("body"))
        .order_by("-pk")
    )


def search(
    *, organization, user, text: str, type_key: str = "", space=None, page: int = 1
) -> ResultPage:
    """One page of results, best first. ``space`` is (space type key, space id)."""
    text = text.strip()
    page = max(1, page)
    if not text:
        return ResultPage(number=page)
    searchables = {searchable.key: searchable for searchable in all_searchables()}
    if type_key:
        wanted = get_searchable(type_key)
        searchables = {wanted.key: wanted} if wanted else {}
    if not searchables:
        return ResultPage(number=page)
    documents = visible_documents(organization=organization, user=user).filter(
        searchable__in=list(searchables)
    )
    if space is not None:
        documents = documents.filter(space_id=space[1])
    offset = (page - 1) * PER_PAGE
    found = list(
        _matching(documents, text).only(
            "searchable", "object_id", "space_id", "title", "caption", "state_label"
        )[offset : offset + PER_PAGE + 1]
    )
    has_next = len(found) > PER_PAGE
    found = found[:PER_PAGE]
    return ResultPage(
        results=_results(found, searchables, organization, user), number=page, has_next=has_next
    )


def _results(found, searchables, organization, user) -> list[Result]:
    """The page's documents whose item this person may still see, with what they show:
    one query per type present, what each type's ``prepare`` costs, one for spaces."""
    ids_by_key: dict[str, list[int]] = {}
    for document in found:
        ids_by_key.setdefault(document.searchable, []).append(document.object_id)
    items: dict[tuple[str, int], object] = {}
    for key, ids in ids_by_key.items():
        searchable = searchables[key]
        loaded = list(searchable.queryset(organization, user).filter(pk__in=ids))
        if loaded and searchable.prepare is not None:
            searchable.prepare(loaded)
        items.update({(key, item.pk): item for item in loaded})
    space_ids = {document.space_id for document in found if document.space_id}
    space_titles = (
        dict(Space.objects.filter(pk__in=space_ids).values_list("pk", "title")) if space_ids else {}
    )
    results = []
    for document in found:
        item = items.get((document.searchable, document.object_id))
        if item is None:
            continue
        searchable = searchables[document.searchable]
        state = searchable.state(item) if searchable.state is not None else None
        results.append(
            Result(
                searchable=searchable,
                url=searchable.url(item),
                title=marked(document.title_marked)
                if document.title
                else _display(searchable, item),
                caption=document.caption,
                excerpt=marked(document.body_marked),
                space=space_titles.get(document.space_id, "")
                if document.searchable != _space_key(searchable)
                else "",
                state=str(state[1]) if state else document.state_label,
            )
        )
    return results


def _display(searchable: Searchable, item) -> SafeString:
    """The title of an item whose document has none (a comment shows its caption)."""
    if searchable.display is None:
        return mark_safe("")
    return escape(searchable.display(item))


def _space_key(searchable: Searchable) -> str:
    """A space's own result does not repeat its title as its space."""
    model = searchable.model
    return searchable.key if model is not None and issubclass(model, Space) else ""
