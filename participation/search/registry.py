"""What can be searched: each type declares its visible queryset, fields and URL.

A component declares what it makes searchable in its manifest (``component.py``)::

    searchables=(Searchable("proposals", label=_("Proposals"), queryset=visible_proposals,
                            title="title", body=("body",), url=lambda p: p.get_absolute_url(),
                            in_space=lambda qs, key, pk: qs.filter(component__space_id=pk)),),

The core's own (spaces, participants) are registered with ``register_searchable``.

``queryset(organization, user)`` must already leave out what this person may not
see (unpublished, private, hidden: see participation.moderation.selectors.exclude_hidden).
``prepare(items)`` may load what the URLs need in a fixed number of queries.
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
    # (queryset, space type key, space id) -> queryset; None: not tied to spaces.
    in_space: Callable[[QuerySet, str, int], QuerySet] | None = None
    prepare: Callable[[list], None] | None = None
    excerpt: Callable[[Any], str] | None = None
    display: Callable[[Any], str] | None = None
    order: int = 50
    extra: dict = field(default_factory=dict)


_searchables: dict[str, Searchable] = {}


def register_searchable(key: str, **declaration) -> Searchable:
    searchable = Searchable(key=key, **declaration)
    _searchables[key] = searchable
    return searchable


def _all() -> dict[str, Searchable]:
    """The core's, then every component manifest's."""
    from participation.components.registry import declared

    return {**_searchables, **{entry.key: entry for entry in declared("searchables")}}


def get_searchable(key: str) -> Searchable | None:
    return _all().get(key)


def all_searchables() -> list[Searchable]:
    return sorted(_all().values(), key=lambda s: (s.order, s.key))
