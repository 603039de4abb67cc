"""The public "last activity" feed: each component's manifest ``feed`` hook (published, public
only), and the core's sources registered with ``register_feed_source`` (none today).

A source returns at most ``limit`` FeedItem, newest first, in a fixed number of
queries, and only from published public spaces, never hidden items.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class FeedItem:
    kind: str | Promise
    title: str
    url: str
    date: datetime
    space_title: str = ""
    space_url: str = ""


FeedSource = Callable[[object, int], list[FeedItem]]  # (organization, limit) -> items

_sources: dict[str, FeedSource] = {}


def register_feed_source(key: str, source: FeedSource) -> None:
    _sources[key] = source


def sources() -> list[FeedSource]:
    from participation.components.registry import all_manifests

    declared = [manifest.feed for manifest in all_manifests() if manifest.feed is not None]
    return [*_sources.values(), *declared]


def recent_activity(organization, limit: int = 20) -> list[FeedItem]:
    items: list[FeedItem] = []
    for source in sources():
        items.extend(source(organization, limit))
    items.sort(key=lambda item: item.date, reverse=True)
    return items[:limit]
