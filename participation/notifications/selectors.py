"""Reading follows and notifications with a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator

from participation.notifications import registry
from participation.notifications.models import Follow, Notification

PER_PAGE = 20


def unread_count(user) -> int:
    """One indexed COUNT query (the header shows it on every page)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_page(*, user, page) -> Page:
    """A page of notifications, newest first: two queries (count, rows with their actor)."""
    queryset = Notification.objects.filter(user=user).select_related("actor")
    page_obj = Paginator(queryset, PER_PAGE).get_page(page)
    for notification in page_obj:
        notification.label = registry.event_label(notification.event_name)
    return page_obj


def following_page(*, user, page) -> Page:
    """A page of what this person follows, with each target's title and link.

    Two queries for the follows, then one per followable type on the page
    (a bounded number: the registry's size), whatever the number of follows.
    """
    queryset = Follow.objects.filter(user=user, organization_id=user.organization_id)
    page_obj = Paginator(queryset, PER_PAGE).get_page(page)
    follows = list(page_obj)
    by_type: dict[int, list[int]] = {}
    for follow in follows:
        by_type.setdefault(follow.content_type_id, []).append(follow.object_id)
    objects: dict[tuple[int, int], object] = {}
    for content_type_id, ids in by_type.items():
        content_type = ContentType.objects.get_for_id(content_type_id)  # cached
        followable = registry.followable_for_content_type(content_type)
        if followable is None:
            continue
        found = followable.queryset().in_bulk(ids)
        if followable.prepare is not None:
            followable.prepare(list(found.values()))
        for pk, obj in found.items():
            # describe() reads no more rows: the registered queryset joins what it needs.
            if getattr(obj, "organization_id", None) == user.organization_id:
                objects[(content_type_id, pk)] = (obj, followable)
    for follow in follows:
        pair = objects.get((follow.content_type_id, follow.object_id))
        follow.key = ""
        follow.title, follow.url, follow.kind = "", "", ""
        if pair is not None:
            obj, followable = pair
            follow.title, follow.url = followable.describe(obj)
            follow.kind = followable.label
            follow.key = registry.key_of(followable.model)
        else:
            content_type = ContentType.objects.get_for_id(follow.content_type_id)
            follow.key = f"{content_type.app_label}.{content_type.model}"
    return page_obj
