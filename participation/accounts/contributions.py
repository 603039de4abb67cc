"""A person's contributions on their public profile: what each component (and the core's
comments) declares through the ``contributions`` field of its manifest.

A source says how to find what one person authored that a visitor may see, which column
dates it, and how to show one item. The profile merges every source newest first and
pages through them in a fixed number of queries whatever the number of contributions:
one to count, one to pick the page's rows (a UNION of every source, ids and dates only),
then, per source present on the page, one to load its rows and what ``prepare`` loads.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import F, Value
from django.utils.functional import Promise

PER_PAGE = 20


@dataclass(frozen=True)
class Contribution:
    """One line of the profile's activity tab."""

    kind: str | Promise  # "Proposal", "Comment"...
    title: str
    url: str
    date: datetime
    space_title: str = ""
    space_url: str = ""


@dataclass(frozen=True)
class ContributionSource:
    """What a person authored in one model, for their public profile.

    ``queryset(organization, author, viewer)`` is a lazy queryset of what ``author``
    authored in ``organization`` that ``viewer`` (maybe anonymous) may read: published
    only (no draft, nothing scheduled), nothing hidden by moderation, only in published
    components of spaces the viewer sees. No query may run when it is built: the profile
    uses it as part of one UNION. ``date`` names its column dating each contribution
    (newest first). ``describe(obj)`` turns one object into a Contribution without a query,
    once ``prepare(objects)`` (optional) loaded in bulk what it reads.
    """

    key: str  # stable, unique: "proposals", "comments"...
    queryset: Callable[[Any, Any, Any], models.QuerySet]
    describe: Callable[[Any], Contribution]
    date: str = "created_at"
    prepare: Callable[[list], None] | None = None


_core_sources: dict[str, ContributionSource] = {}


def register_contribution_source(source: ContributionSource) -> ContributionSource:
    """For the core's own contributions (comments); components use their manifest."""
    _core_sources[source.key] = source
    return source


def sources() -> list[ContributionSource]:
    """The core's, then every component manifest's."""
    from participation.components.registry import declared

    return [*_core_sources.values(), *declared("contributions")]


def _rows(organization, author, viewer, found: list[ContributionSource]) -> models.QuerySet:
    """(source index, id, date) of every contribution, as one UNION ALL (no query yet)."""
    parts = [
        source.queryset(organization, author, viewer)
        .order_by()
        .annotate(
            contribution_source=Value(index, output_field=models.IntegerField()),
            contribution_id=F("pk"),
            contribution_date=F(source.date),
        )
        .values_list("contribution_source", "contribution_id", "contribution_date")
        for index, source in enumerate(found)
    ]
    first, *others = parts
    union = first.union(*others, all=True) if others else first
    return union.order_by("-contribution_date", "-contribution_id", "contribution_source")


def count(organization, author, viewer) -> int:
    found = sources()
    return _rows(organization, author, viewer, found).count() if found else 0


def contributions_page(*, organization, author, viewer, page) -> Page:
    """A page of ``author``'s contributions ``viewer`` may see, newest first, each a
    Contribution: two queries, then one per source present on the page (plus what its
    ``prepare`` loads), whatever the number of contributions."""
    found = sources()
    if not found:
        return Paginator([], PER_PAGE).get_page(page)
    page_obj = Paginator(_rows(organization, author, viewer, found), PER_PAGE).get_page(page)
    rows = list(page_obj)
    wanted: dict[int, list[int]] = {}
    for index, pk, _date in rows:
        wanted.setdefault(index, []).append(pk)
    loaded: dict[tuple[int, int], Contribution] = {}
    for index, pks in wanted.items():
        source = found[index]
        objects = list(source.queryset(organization, author, viewer).filter(pk__in=pks))
        if source.prepare is not None:
            source.prepare(objects)
        for obj in objects:
            loaded[(index, obj.pk)] = source.describe(obj)
    # A row gone between the two reads (deleted, hidden meanwhile) is left out.
    page_obj.object_list = [
        loaded[(index, pk)] for index, pk, _date in rows if (index, pk) in loaded
    ]
    return page_obj
