"""What can be searched: each type declares its visible queryset, fields and URL.

A component declares what it makes searchable in its manifest (``component.py``)::

    searchables=(Searchable("proposals", label=_("Proposals"), model=Proposal,
                            queryset=visible_proposals, title="title", body=("body",),
                            url=lambda p: p.get_absolute_url()),),

The core's own (spaces, participants) are registered with ``register_searchable``.

``queryset(organization, user)`` must already leave out what this person may not
see (unpublished, private, hidden: see participation.moderation.selectors.exclude_hidden).
It is asked once per page of results, for that page's items only: whatever the stored
documents say, an item this person may not see is never shown.
``prepare(items)`` may load what the URLs need in a fixed number of queries.

Indexing (participation.search.index): each item of ``model`` has a stored search
document, written whenever an item is saved (``post_save``) and removed when it is
deleted; ``manage.py rebuild_search_index`` writes them all. The document's title is the
``title`` field, its text the ``body`` fields (HTML tags removed), its tenant the item's
``organization_id`` (or its component's: ``component(item)``, default its ``component``), its space ``space(item)`` (default: the item's
``space_id`` or its component's), its publication ``published(item)`` (default: the
item's ``published_at`` field if it has one, else its creation date; None: nobody sees
it), its state ``state(item)`` (a (key, label) pair shown as a badge). ``document(item)``
replaces all of that (a dict of SearchDocument fields, or None: not indexed).
``watch``: further fields whose change rewrites the document (a save naming only other
fields in ``update_fields``, e.g. a counter, leaves it alone).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Searchable:
    key: str
    label: str | Promise
    queryset: Callable[[Any, Any], QuerySet]
    title: str
    body: tuple[str, ...] = ()
    url: Callable[[Any], str] = lambda item: item.get_absolute_url()
    # Not read any more (the stored documents hold each item's space, which the space
    # filter uses); kept so that declarations naming it stay valid.
    in_space: Callable[[QuerySet, str, int], QuerySet] | None = None
    prepare: Callable[[list], None] | None = None
    excerpt: Callable[[Any], str] | None = None  # not read any more: the text is highlighted
    display: Callable[[Any], str] | None = None
    order: int = 50
    extra: dict = field(default_factory=dict)
    model: type | None = None
    # item -> the Component it lives in (default: its ``component`` field, if any).
    component: Callable[[Any], Any] | None = None
    space: Callable[[Any], int | None] | None = None
    published: Callable[[Any], Any] | None = None
    state: Callable[[Any], tuple[str, str] | None] | None = None
    document: Callable[[Any], dict | None] | None = None
    # Loads what ``document`` reads for many items at once (rebuilding the index).
    prepare_index: Callable[[list], None] | None = None
    watch: tuple[str, ...] = ()


DEFAULT_WATCH = ("published_at", "state", "custom_state", "is_active", "deleted_at", "component")


_searchables: dict[str, Searchable] = {}


def register_searchable(key: str, **declaration) -> Searchable:
    searchable = Searchable(key=key, **declaration)
    _searchables[key] = searchable
    from participation.search.index import connect

    connect(searchable)
    return searchable


def _all() -> dict[str, Searchable]:
    """The core's, then every component manifest's."""
    from participation.components.registry import declared

    return {**_searchables, **{entry.key: entry for entry in declared("searchables")}}


def get_searchable(key: str) -> Searchable | None:
    return _all().get(key)


def for_model(model: type) -> list[Searchable]:
    """The searchables whose items are ``model``'s (or a parent's: multi-table children)."""
    return [
        entry
        for entry in _all().values()
        if entry.model is not None and entry.model in model.__mro__
    ]


def all_searchables() -> list[Searchable]:
    return sorted(_all().values(), key=lambda s: (s.order, s.key))
