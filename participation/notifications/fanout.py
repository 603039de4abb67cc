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
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from spaces.models import SpaceMember, SpaceRole, space_content_type

    content_type = space_content_type(space)
    members = SpaceMember.objects.filter(
        content_type=content_type, object_id=space.pk, accepted_at__isnull=False
    ).values("user_id")
    codes = [role.value for role in SpaceRole]
    direct = UserObjectPermission.objects.filter(
        content_type=content_type, object_pk=str(space.pk), permission__codename__in=codes
    ).values("user_id")
    groups = GroupObjectPermission.objects.filter(
        content_type=content_type, object_pk=str(space.pk), permission__codename__in=codes
    ).values("group_id")
    return Q(is_org_admin=True) | Q(pk__in=members) | Q(pk__in=direct) | Q(groups__in=groups)


def recipients(event: dict) -> QuerySet:
    """User ids to notify, as one lazy query (ordered, so chunks are stable)."""
    from participation.models import User
    from spaces.models import Visibility

    users = User.objects.filter(organization_id=event["organization_id"], is_active=True)
    wanted = Q(pk__in=event["recipients"]) if event["recipients"] else Q(pk__in=[])
    target = _load(*event["target"])
    if target is None or is_hidden(target):
        return User.objects.none()
    if event["followers"]:
        follows = Q(content_type_id=event["target"][0], object_id=event["target"][1])
        space = _load(*event["space"]) if event["space"] else None
        if event["space"]:
            follows |= Q(content_type_id=event["space"][0], object_id=event["space"][1])
        followers = Q(
            pk__in=Follow.objects.filter(follows, organization_id=event["organization_id"]).values(
                "user_id"
            )
        )
        if space is not None and not space.is_published:
            followers = Q(pk__in=[])  # nobody reads an unpublished space on public pages
        elif space is not None and space.visibility == Visibility.PRIVATE:
            followers &= _space_readers(space)
        wanted |= followers
    users = users.filter(wanted)
    if event["actor_id"]:
        users = users.exclude(pk=event["actor_id"])
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
