"""Keeping the search documents current: ``index(obj)``, ``unindex(obj)``, ``rebuild()``.

Every searchable's ``model`` is connected to ``post_save`` and ``post_delete`` when it is
declared (a manifest's ``searchables`` on registration, the core's on
``register_searchable``): whatever service writes an item, its document follows in the
same transaction, and nothing has to remember to call ``index``. A save naming in
``update_fields`` none of the fields the document reads (a counter) writes nothing.

What changes who may see a document without changing the item (moderation hiding, a
space made private, a component unpublished, a membership) is not stored: the search
checks it at query time (participation.search.selectors).
"""

import html
import re
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.html import strip_tags

from participation.search.models import SearchDocument
from participation.search.registry import DEFAULT_WATCH, Searchable, all_searchables, for_model

# Marks around the matched words in the highlighted text; never in indexed text.
START, STOP = "\ue000", "\ue001"
MAX_TEXT = 200_000  # characters of text indexed per item (a tsvector holds at most 1 MB)
_SPACES = re.compile(r"\s+")
UPDATED_FIELDS = [
    "organization",
    "content_type",
    "space",
    "component",
    "title",
    "body",
    "caption",
    "state_key",
    "state_label",
    "published_at",
    "updated_at",
]


def plain_text(value, *, markup: bool = True) -> str:
    """Text of a field, blanks collapsed; of an HTML field (``markup``), tags removed and
    entities resolved (a plain text field, like a title, is kept as written)."""
    text = str(value or "")
    if markup:
        text = html.unescape(strip_tags(text))
    text = text.replace(START, "").replace(STOP, "")
    return _SPACES.sub(" ", text).strip()[:MAX_TEXT]


def _component(item):
    """The component the item lives in (a component is its own), or None."""
    from participation.components.models import Component

    if isinstance(item, Component):
        return item
    if any(field.name == "component" for field in item._meta.get_fields()):
        return item.component
    return None


def _published(searchable: Searchable, item):
    if searchable.published is not None:
        return searchable.published(item)
    if hasattr(item, "published_at"):
        return item.published_at
    return getattr(item, "created_at", None) or timezone.now()


def default_document(searchable: Searchable, item) -> dict | None:
    component = searchable.component(item) if searchable.component else _component(item)
    organization_id = getattr(item, "organization_id", None)
    if organization_id is None and component is not None:
        organization_id = component.organization_id
    if searchable.space is not None:
        space_id = searchable.space(item)
    elif hasattr(item, "space_id"):
        space_id = item.space_id
    else:
        space_id = component.space_id if component is not None else None
    state = searchable.state(item) if searchable.state is not None else None
    return {
        "organization_id": organization_id,
        "space_id": space_id,
        "component_id": component.pk if component is not None else None,
        "title": plain_text(getattr(item, searchable.title, ""), markup=False)[:500],
        "body": " ".join(
            filter(None, (plain_text(getattr(item, name, "")) for name in searchable.body))
        )[:MAX_TEXT],
        "caption": "",
        "state_key": str(state[0])[:50] if state else "",
        "state_label": str(state[1])[:100] if state else "",
        "published_at": _published(searchable, item),
    }


def document_of(searchable: Searchable, item) -> dict | None:
    if searchable.document is not None:
        return searchable.document(item)
    return default_document(searchable, item)


def _write(searchable: Searchable, items: Iterable) -> None:
    """Documents of ``items`` written (one query), those with nothing to index removed."""
    items = list(items)
    if not items:
        return
    if searchable.prepare_index is not None:
        searchable.prepare_index(items)
    content_type = ContentType.objects.get_for_model(searchable.model)
    rows, gone = [], []
    for item in items:
        fields = document_of(searchable, item)
        if fields is None or fields.get("organization_id") is None:
            gone.append(item.pk)
            continue
        rows.append(
            SearchDocument(
                searchable=searchable.key,
                object_id=item.pk,
                content_type=content_type,
                updated_at=timezone.now(),
                **fields,
            )
        )
    if rows:
        SearchDocument.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["searchable", "object_id"],
            update_fields=UPDATED_FIELDS,
        )
    if gone:
        SearchDocument.objects.filter(searchable=searchable.key, object_id__in=gone).delete()


def index(obj) -> None:
    """Write ``obj``'s documents (under every searchable declaring its model)."""
    for searchable in for_model(type(obj)):
        _write(searchable, [obj])


def reindex(queryset) -> None:
    """Write again the documents of every item of ``queryset``: for the services whose
    ``update()`` changes what a document shows (no save signal is sent then)."""
    for searchable in for_model(queryset.model):
        _write(searchable, queryset.iterator(chunk_size=1000))


def unindex(obj) -> None:
    keys = [searchable.key for searchable in for_model(type(obj))]
    if keys and obj.pk is not None:
        SearchDocument.objects.filter(searchable__in=keys, object_id=obj.pk).delete()


def _watched(searchable: Searchable) -> set[str]:
    return {searchable.title, *searchable.body, *searchable.watch, *DEFAULT_WATCH}


def _saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    for searchable in for_model(sender):
        if update_fields is not None and not (set(update_fields) & _watched(searchable)):
            continue
        _write(searchable, [instance])


def _deleted(sender, instance, **kwargs) -> None:
    unindex(instance)


def connect(searchable: Searchable) -> None:
    """Follow the writes of ``searchable.model`` (called when it is declared)."""
    if searchable.model is None:
        return
    post_save.connect(_saved, sender=searchable.model, dispatch_uid=f"search-save-{searchable.key}")
    post_delete.connect(
        _deleted, sender=searchable.model, dispatch_uid=f"search-delete-{searchable.key}"
    )


def rebuild(*, batch_size: int = 1000, keys: Iterable[str] | None = None, log=None) -> dict:
    """Every document written again from the items, stale ones removed; batched and
    idempotent. Returns the number of items indexed per searchable."""
    searchables = [s for s in all_searchables() if s.model is not None]
    if keys is not None:
        wanted = set(keys)
        searchables = [s for s in searchables if s.key in wanted]
    else:
        SearchDocument.objects.exclude(searchable__in=[s.key for s in searchables]).delete()
    counts = {}
    for searchable in searchables:
        model = searchable.model
        queryset = model._default_manager.order_by("pk")
        if any(f.name == "component" for f in model._meta.get_fields()):
            queryset = queryset.select_related("component")
        last, count = 0, 0
        while True:
            batch = list(queryset.filter(pk__gt=last)[:batch_size])
            if not batch:
                break
            _write(searchable, batch)
            last = batch[-1].pk
            count += len(batch)
            if log is not None:
                log(f"{searchable.key}: {count}")
        # An anti-join (NOT EXISTS), not NOT IN: linear whatever the table sizes.
        SearchDocument.objects.filter(searchable=searchable.key).exclude(
            Exists(model._default_manager.filter(pk=OuterRef("object_id")))
        ).delete()
        counts[searchable.key] = count
    return counts
