"""What can be reported: each type declares how to find it, its space, its URL, hide effects.

A component declares its reportable models in its manifest (``component.py``)::

    reportables=(Reportable(Proposal, label=_("proposal"), queryset=visible_proposals,
                            space=lambda p: p.component.space, url=proposal_url),),

The core's own (comments, people) are registered with ``register_reportable``.

What moderators read about an item (the queue, the moderation page and the
resident's report form) is declared with it, read from the item without a query
once ``prepare`` has loaded it (the queue loads a page of items in one query per
type, whatever the number of reports)::

    Reportable(..., prepare=lambda qs: with_component_space(qs.select_related("author")),
               title=lambda p: p.title, excerpt=lambda p: plain_excerpt(p.body),
               author=lambda p: p.author, context=lambda p: component_places(p.component))
"""

from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.text import Truncator

# Enough for a moderator to judge on the moderation page; lists cut it shorter.
EXCERPT_LENGTH = 1000


def plain_excerpt(html: str, length: int = EXCERPT_LENGTH) -> str:
    """Plain text of stored (sanitised) HTML, whitespace collapsed, cut at ``length``
    characters: templates escape it like any text."""
    text = " ".join(unescape(strip_tags(html or "")).split())
    return Truncator(text).chars(length)


@dataclass(frozen=True)
class Place:
    """Where a reported item lives, one step at a time (a space, a component, a proposal)."""

    label: str
    url: str = ""


def with_component_space(queryset: QuerySet, path: str = "component") -> QuerySet:
    """``queryset`` joining its component and the component's space as its own type (what
    ``component_places`` reads): no query per row."""
    from participation.space_types import SPACE_TYPES

    names = [kind.model._meta.model_name for kind in SPACE_TYPES.values()]
    return queryset.select_related(f"{path}__space", *(f"{path}__space__{name}" for name in names))


def component_places(component) -> tuple[Place, ...]:
    """A component's space and the component itself (load ``with_component_space``)."""
    space = component.space
    return (
        Place(space.title, space.get_absolute_url()),
        Place(component.name, component.get_absolute_url()),
    )


def _no_author(item) -> None:
    return None


def _no_context(item) -> tuple[Place, ...]:
    return ()


def _no_excerpt(item) -> str:
    return ""


def _unchanged(queryset: QuerySet) -> QuerySet:
    return queryset


@dataclass(frozen=True)
class Reportable:
    model: type[Model]
    label: str | Promise
    # (organization, user) -> the items this person may see, hence report.
    queryset: Callable[[Any, Any], QuerySet]
    # item -> its space (None: moderated by the organisation's admins, e.g. people).
    space: Callable[[Any], Any]
    url: Callable[[Any], str]
    on_hide: Callable[[Any], None] | None = None
    on_unhide: Callable[[Any], None] | None = None
    # What moderators read; none of these may query once ``prepare`` has loaded the item.
    # queryset -> the same, loading what the describers below read (select/prefetch).
    prepare: Callable[[QuerySet], QuerySet] = _unchanged
    # item -> its name (a proposal's title, a person's public name).
    title: Callable[[Any], str] = str
    # item -> its text as plain text, truncated (``plain_excerpt``).
    excerpt: Callable[[Any], str] = _no_excerpt
    # item -> the person who wrote it (a User) or None.
    author: Callable[[Any], Any] = _no_author
    # item -> where it lives, outermost first (``component_places``).
    context: Callable[[Any], tuple[Place, ...]] = _no_context

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_reportables: dict[str, Reportable] = {}


def register_reportable(model, **declaration) -> Reportable:
    reportable = Reportable(model=model, **declaration)
    _reportables[reportable.key] = reportable
    return reportable


def _all() -> dict[str, Reportable]:
    """The core's, then every component manifest's."""
    from participation.components.registry import declared

    return {**_reportables, **{entry.key: entry for entry in declared("reportables")}}


def get_reportable(key: str) -> Reportable | None:
    return _all().get(key)


def reportable_for(obj) -> Reportable | None:
    return _all().get(obj._meta.label_lower)


def all_reportables() -> list[Reportable]:
    return list(_all().values())
