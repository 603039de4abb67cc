"""Who hears about an event, and writing their notifications (used by the tasks)."""

import logging
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from participation.notifications.models import (
    EmailMode,
    EmailStatus,
    Follow,
    Notification,
    NotificationSettings,
)

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
DEFAULT_EMAIL_MODE = EmailMode.DAILY


def _load(content_type_id: int, pk: int):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=pk).first() if model else None


def is_hidden(target) -> bool:
    """Hidden by moderation: asks the moderation app when there is one, else the object."""
    try:
        from participation.moderation.selectors import is_hidden as moderation_is_hidden
    except ImportError:
        return bool(getattr(target, "is_hidden", False) or getattr(target, "hidden_at", None))
    return moderation_is_hidden(target)


def _space_readers(space) -> Q:
    """People who may read a private space: org admins, accepted members, role holders."""
    from participation.models import (
        Space,
        SpaceGroupPermission,
        SpaceRole,
        SpaceUserPermission,
    )

    members = Space.objects.filter(pk=space.pk, spacemember_set__accepted_at__isnull=False).values(
        "spacemember_set__user_id"
    )
    codes = [role.value for role in SpaceRole]
    direct = SpaceUserPermission.objects.filter(
        content_object_id=space.pk, permission__codename__in=codes
    ).values("user_id")
    groups = SpaceGroupPermission.objects.filter(
        content_object_id=space.pk, permission__codename__in=codes
    ).values("group_id")
    return Q(is_org_admin=True) | Q(pk__in=members) | Q(pk__in=direct) | Q(groups__in=groups)


def _follows_of(pairs) -> Q:
    wanted = Q(pk__in=[])
    for content_type_id, object_id in pairs:
        wanted |= Q(content_type_id=content_type_id, object_id=object_id)
    return wanted


def _followers_of(pairs, organization_id) -> Q:
    if not pairs:
        return Q(pk__in=[])
    return Q(
        pk__in=Follow.objects.filter(_follows_of(pairs), organization_id=organization_id).values(
            "user_id"
        )
    )


def _readable(target, space) -> bool | Q:
    """True: anyone of the organisation may read it; False: nobody; a Q: only these people."""
    from participation.models import Visibility

    component = getattr(target, "component", None)
    if component is not None and not component.is_published:
        return False  # nobody reads an unpublished component on public pages
    if space is None:
        return True
    if not space.is_published:
        return False  # nor an unpublished space
    if space.visibility == Visibility.PRIVATE:
        return _space_readers(space)
    return True


def recipients(event: dict) -> QuerySet:
    """User ids to notify, as one lazy query (ordered, so chunks are stable)."""
    from participation.models import User

    organization_id = event["organization_id"]
    users = User.objects.filter(organization_id=organization_id, is_active=True)
    target = _load(*event["target"])
    if target is None or is_hidden(target):
        return User.objects.none()
    subject = event.get("subject")
    if subject:
        subject = _load(*subject)
        if subject is None or is_hidden(subject):
            return User.objects.none()
    space = _load(*event["space"]) if event["space"] else None
    readable = _readable(target, space)
    explicit = Q(pk__in=event["recipients"]) if event["recipients"] else Q(pk__in=[])
    followers = Q(pk__in=[])
    if event["followers"]:
        pairs = [event["target"], *event.get("also_followers_of", [])]
        if event["space"] and event.get("space_followers", True):
            pairs.append(event["space"])
        followers = _followers_of(pairs, organization_id)
    if readable is False:
        followers = Q(pk__in=[])
        if event.get("readers_only", True):
            explicit = Q(pk__in=[])
    elif readable is not True:
        followers &= readable
        if event.get("readers_only", True):
            explicit &= readable
    users = users.filter(explicit | followers)
    if event.get("exclude_followers_of"):
        users = users.exclude(_followers_of(event["exclude_followers_of"], organization_id))
    excluded = set(event.get("exclude", []))
    if event["actor_id"]:
        excluded.add(event["actor_id"])
    if excluded:
        users = users.exclude(pk__in=sorted(excluded))
    return users.values_list("pk", flat=True).distinct().order_by("pk")


def chunks(event: dict, size: int | None = None):
    size = size or CHUNK_SIZE
    chunk: list[int] = []
    for pk in recipients(event).iterator(chunk_size=size):
        chunk.append(pk)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def create_rows(event: dict, user_ids: list[int]) -> list[int]:
    """Write the notifications of one chunk; returns who wants an e-mail at once.

    Idempotent: (event_id, user) is unique and conflicts are ignored, so a
    retried or redelivered chunk creates nothing twice.
    """
    preferences = {
        row.user_id: row for row in NotificationSettings.objects.filter(user_id__in=user_ids)
    }
    rows, immediate = [], []
    for user_id in user_ids:
        found = preferences.get(user_id)
        if found is not None and event["event_name"] in found.disabled_events:
            continue
        mode = found.email_mode if found is not None else DEFAULT_EMAIL_MODE
        if not event.get("email", True):
            mode = EmailMode.NONE
        rows.append(
            Notification(
                organization_id=event["organization_id"],
                user_id=user_id,
                event_id=uuid.UUID(event["event_id"]),
                event_name=event["event_name"],
                actor_id=event["actor_id"],
                content_type_id=event["target"][0],
                object_id=event["target"][1],
                subject_type_id=(event.get("subject") or [None, None])[0],
                subject_id=(event.get("subject") or [None, None])[1],
                title=event["title"],
                url=event["url"],
                extra=event["extra"],
                email_status=EmailStatus.SKIPPED if mode == EmailMode.NONE else EmailStatus.PENDING,
            )
        )
        if mode == EmailMode.IMMEDIATE:
            immediate.append(user_id)
    Notification.objects.bulk_create(rows, batch_size=CHUNK_SIZE, ignore_conflicts=True)
    return immediate
