"""Reading follows and notifications with a fixed number of queries."""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from participation.notifications import registry
from participation.notifications.models import Follow, Notification

PER_PAGE = 20
FOLLOWING_PER_PAGE = 50


def without_hidden(queryset: QuerySet) -> QuerySet:
    """Notifications whose target and subject are not hidden by moderation (no extra query).

    Hiding is checked when reading, not only when the event is sent: what a
    moderator hides afterwards leaves the notification centre and the e-mails
    not sent yet, and comes back if it is unhidden.
    """
    from participation.moderation.models import Moderation

    hidden = Moderation.objects.filter(hidden_at__isnull=False)
    return queryset.exclude(
        Exists(
            hidden.filter(
                content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
            )
        )
    ).exclude(
        Exists(
            hidden.filter(
                content_type_id=OuterRef("subject_type_id"), object_id=OuterRef("subject_id")
            )
        )
    )


def visible_notifications(user) -> QuerySet:
    return without_hidden(Notification.objects.filter(user=user))


UNREAD_ATTRIBUTE = "unread_notifications_count"


def unread_count(user) -> int:
    """The header's badge, on every page: no query when the signed-in user was loaded
    with it (``with_unread_count``, as the authentication backend does), else one COUNT."""
    if not getattr(user, "is_authenticated", False):
        return 0
    loaded = getattr(user, UNREAD_ATTRIBUTE, None)
    if loaded is not None:
        return loaded
    return visible_notifications(user).filter(read_at__isnull=True).count()


def with_unread_count(users: QuerySet) -> QuerySet:
    """``users`` annotated with their unread notifications count (``unread_count``'s
    figure, hidden targets left out) as a sub-query of the same statement."""
    unread = (
        without_hidden(Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True))
        .order_by()
        .values("user_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return users.annotate(
        **{UNREAD_ATTRIBUTE: Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))}
    )


FOLLOWED_ATTRIBUTE = "followed_by_viewer"


def with_followed_by(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` annotated with whether ``user`` follows each object (``Exists``, in the
    same statement): the follow button then asks nothing more. Only for the request's own
    user — the button reads it as the viewer's answer."""
    if not getattr(user, "is_authenticated", False):
        return queryset
    follows = Follow.objects.filter(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id=OuterRef("pk"),
    )
    return queryset.annotate(**{FOLLOWED_ATTRIBUTE: Exists(follows)})


def forget_unread_count(user) -> None:
    """Drop the count loaded with ``user`` once their notifications change, so the rest of
    the request counts again."""
    user.__dict__.pop(UNREAD_ATTRIBUTE, None)


PROFILE_PATH = re.compile(r"^/profiles/(?P<nickname>[-\w]+)/$")


def _public_profiles(organization_id, people, nicknames) -> tuple[set[int], set[str]]:
    """Which of ``people`` (ids) and ``nicknames`` have a public profile now (one query):
    active, not deleted, not hidden by moderation — as ``accounts.selectors.public_profile``."""
    from django.db.models import Q

    from participation.models import User
    from participation.moderation.selectors import exclude_hidden
    from participation.privacy.display import DELETED_EMAIL_DOMAIN

    if not people and not nicknames:
        return set(), set()
    public = (
        exclude_hidden(User.objects.filter(organization_id=organization_id, is_active=True))
        .exclude(nickname="")
        .exclude(email__iendswith="@" + DELETED_EMAIL_DOMAIN)
        .filter(Q(pk__in=people) | Q(nickname__in=nicknames))
        .values_list("pk", "nickname")
    )
    rows = list(public)
    return {pk for pk, _nickname in rows}, {nickname for _pk, nickname in rows}


def with_actors(queryset: QuerySet) -> QuerySet:
    """Notifications with their actor and ``actor_hidden`` (hidden by moderation): what
    ``actor_name`` reads, in the same query."""
    from participation.models import User
    from participation.moderation.models import Moderation

    hidden = Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_id=OuterRef("actor_id"),
        hidden_at__isnull=False,
    )
    return queryset.select_related("actor").annotate(actor_hidden=Exists(hidden))


def actor_name(notification) -> str:
    """Who acted, by their public name (never their e-mail address); someone since hidden by
    moderation or deleted, or gone, reads as an anonymous participant."""
    from django.utils.translation import gettext

    from participation.privacy.display import display_name, is_deleted

    actor = notification.actor
    if not hasattr(notification, "actor_hidden"):  # not loaded through with_actors
        from participation.moderation.selectors import is_hidden

        notification.actor_hidden = actor is not None and is_hidden(actor)
    if actor is None or is_deleted(actor) or notification.actor_hidden:
        return gettext("Anonymous participant")
    return display_name(actor)


def sentence(notification) -> str:
    """How ``notification`` reads (the list, e-mails, digests), in the active language: its
    event's sentence naming who acted; an event since removed reads as its stored name."""
    event = registry.notification_event(notification.event_name)
    if event is None:
        return notification.event_name
    return event.tell(
        actor=actor_name(notification), title=notification.title, extra=notification.extra
    )


def notifications_page(*, user, page) -> Page:
    """A page of notifications, newest first: three queries (count, rows with their actor,
    whose profiles are public).

    Each reads as its event's sentence naming who acted (``sentence``): by their public
    name now, an anonymous participant once hidden by moderation or deleted. Links to a
    profile (the actor's, or the notification's own link when it leads to a profile)
    are given only while that profile is public: someone blocked since is named
    without a link.
    """
    from django.urls import reverse

    queryset = with_actors(visible_notifications(user))
    page_obj = Paginator(queryset, PER_PAGE).get_page(page)
    notifications = list(page_obj)
    linked = {
        notification.pk: match["nickname"]
        for notification in notifications
        if (match := PROFILE_PATH.match(notification.url or ""))
    }
    public_ids, public_nicknames = _public_profiles(
        user.organization_id,
        {n.actor_id for n in notifications if n.actor_id},
        set(linked.values()),
    )
    for notification in notifications:
        notification.label = registry.event_label(notification.event_name)
        notification.sentence = sentence(notification)
        notification.actor_name = actor_name(notification)
        actor = notification.actor
        notification.actor_url = (
            reverse("accounts:profile", kwargs={"nickname": actor.nickname})
            if actor is not None and actor.pk in public_ids and actor.nickname
            else ""
        )
        notification.target_url = (
            notification.url
            if notification.pk not in linked or linked[notification.pk] in public_nicknames
            else ""
        )
    page_obj.object_list = notifications
    return page_obj


def _type_order():
    """A CASE giving each followable type its rank on the "Following" page (no query)."""
    from django.db.models import Case, IntegerField, Value, When

    whens = [
        When(content_type_id=ContentType.objects.get_for_model(f.model).pk, then=Value(f.order))
        for f in registry.followables().values()
    ]
    return Case(*whens, default=Value(1000), output_field=IntegerField())


def following_page(*, user, page) -> Page:
    """A page of what this person follows, grouped by type, with each target's title and link.

    Two queries for the follows, then one per followable type on the page
    (a bounded number: the registry's size), whatever the number of follows.
    Targets of another organisation, or no longer there, show as unavailable.
    """
    queryset = (
        Follow.objects.filter(user=user, organization_id=user.organization_id)
        .annotate(type_order=_type_order())
        .order_by("type_order", "content_type_id", "-created_at", "-id")
    )
    page_obj = Paginator(queryset, FOLLOWING_PER_PAGE).get_page(page)
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
        found = {
            pk: obj
            for pk, obj in found.items()
            if getattr(obj, "organization_id", None) == user.organization_id
        }
        if followable.prepare is not None:
            followable.prepare(list(found.values()))
        for pk, obj in found.items():
            # describe() reads no more rows: the registered queryset joins what it needs.
            objects[(content_type_id, pk)] = (obj, followable)
    groups: list[dict] = []
    for follow in follows:
        pair = objects.get((follow.content_type_id, follow.object_id))
        content_type = ContentType.objects.get_for_id(follow.content_type_id)
        followable = registry.followable_for_content_type(content_type)
        follow.key = f"{content_type.app_label}.{content_type.model}"
        follow.title, follow.url = "", ""
        if pair is not None:
            obj, followable = pair
            follow.title, follow.url = followable.describe(obj)
        kind = followable.label if followable is not None else ""
        if not groups or groups[-1]["content_type_id"] != follow.content_type_id:
            groups.append({"content_type_id": follow.content_type_id, "kind": kind, "follows": []})
        follow.kind = kind
        groups[-1]["follows"].append(follow)
    page_obj.groups = groups
    return page_obj


def _visible_follow_q(*, organization, viewer):
    """A filter on Follow rows: targets of a type declaring ``visible``, which ``viewer``
    may see (sub-queries only). Types that declare nothing are left out."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    for followable in registry.followables().values():
        if followable.visible is None:
            continue
        content_type = ContentType.objects.get_for_model(followable.model)
        objects = followable.visible(organization, viewer)
        condition |= Q(content_type=content_type, object_id__in=objects.values("pk"))
    return condition


def public_follows(*, person, viewer) -> QuerySet:
    """What ``person`` follows that ``viewer`` may see, newest first (a lazy queryset)."""
    organization = person.organization
    return Follow.objects.filter(
        _visible_follow_q(organization=organization, viewer=viewer),
        user=person,
        organization_id=person.organization_id,
    ).order_by("-created_at", "-id")


def public_follows_page(*, person, viewer, page) -> Page:
    """A page of ``public_follows``, each with its ``kind``, ``title`` and ``url``: two
    queries, then one per followable type on the page (plus what its ``prepare`` loads)."""
    page_obj = Paginator(public_follows(person=person, viewer=viewer), FOLLOWING_PER_PAGE).get_page(
        page
    )
    follows = list(page_obj)
    by_type: dict[int, list[int]] = {}
    for follow in follows:
        by_type.setdefault(follow.content_type_id, []).append(follow.object_id)
    described: dict[tuple[int, int], tuple[str, str]] = {}
    kinds: dict[int, object] = {}
    for content_type_id, ids in by_type.items():
        content_type = ContentType.objects.get_for_id(content_type_id)  # cached
        followable = registry.followable_for_content_type(content_type)
        if followable is None:
            continue
        kinds[content_type_id] = followable.label
        found = list(followable.queryset().filter(pk__in=ids))
        if followable.prepare is not None:
            followable.prepare(found)
        for obj in found:
            described[(content_type_id, obj.pk)] = followable.describe(obj)
    shown = []
    for follow in follows:
        pair = described.get((follow.content_type_id, follow.object_id))
        if pair is None:
            continue
        follow.title, follow.url = pair
        follow.kind = kinds[follow.content_type_id]
        shown.append(follow)
    page_obj.object_list = shown
    return page_obj


def followers(*, person) -> QuerySet:
    """The people with a public profile who follow ``person``, most recent follow first
    (a lazy queryset of users)."""
    from participation.notifications.receivers import public_people

    follows = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(person),
        object_id=person.pk,
        organization_id=person.organization_id,
    )
    latest = follows.filter(user_id=OuterRef("pk")).values("created_at")[:1]
    return (
        public_people(person.organization)
        .filter(pk__in=follows.values("user_id"))
        .annotate(followed_at=Subquery(latest))
        .order_by("-followed_at", "-pk")
    )
