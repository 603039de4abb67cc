"""Following, notifying, reading notifications and choosing e-mails.

Apps emit the notification events their ``events.py`` declares, with one line,
from their services, after the write::

    events.post_published_notification(target=post, actor=actor, organization=org)

(the same as ``notify(events.post_published_notification, ...)``; a name nobody
declared is refused: ``participation.events.UnknownEvent``).

``notify`` records the event in the caller's transaction (the outbox); once it
commits, a Celery task resolves
who hears about it (followers of the target and of its space, plus
``recipients``) and creates the notifications in chunks. The event name is
``<app or component>.<event>``, as declared.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.errors import ErrorCode, ServiceError
from participation.events import NotificationEvent, notification
from participation.notifications import events, registry, selectors
from participation.notifications.models import EmailMode, Follow, Notification, NotificationSettings

if TYPE_CHECKING:
    from django.db.models import Model

    from participation.models import Organization, Space, User

UNSUBSCRIBE_SALT = "participation.notifications.unsubscribe"


# --- Follows -----------------------------------------------------------------------------


def space_of(*, target: Model) -> Space | None:
    """The participatory space a target lives in (itself for a space), or None."""
    from participation.models import Space

    if isinstance(target, Space):
        return target
    component = getattr(target, "component", None)
    if component is not None:
        return component.space
    return getattr(target, "space", None)


def _same_organization(user: User, organization: Organization) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and organization is not None
        and user.organization_id == organization.pk
    )


def auto_follow(*, user: User, target: Model) -> Follow | None:
    """``user`` follows ``target`` (they created or commented on it); no-op when already so.

    For other apps' services, which have already checked that the user may act
    on the target. Ignores anonymous users and users of another organisation.
    """
    organization_id = getattr(target, "organization_id", None)
    if not getattr(user, "is_authenticated", False) or user.organization_id is None:
        return None
    if organization_id is not None and organization_id != user.organization_id:
        return None
    content_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            follow, created = Follow.objects.get_or_create(
                user=user,
                content_type=content_type,
                object_id=target.pk,
                defaults={"organization_id": user.organization_id},
            )
            if created:
                registry.shift_counter(type(target), [target.pk], 1)
    except IntegrityError:  # a parallel request created it first (and counted it)
        follow = Follow.objects.get(user=user, content_type=content_type, object_id=target.pk)
    return follow


@transaction.atomic
def follow(*, user: User, organization: Organization, key: str, object_id: int) -> Follow:
    """Follow what ``key`` (a registered followable type) and ``object_id`` designate."""
    if not _same_organization(user, organization):
        raise ServiceError(_("Sign in to follow."), ErrorCode.PERMISSION_DENIED)
    followable = registry.followable(key)
    target = followable.resolve(organization, user, object_id) if followable else None
    if target is None:
        raise ServiceError(_("There is nothing to follow here."), ErrorCode.INVALID)
    result = auto_follow(user=user, target=target)
    assert result is not None  # a signed-in member of the target's organisation (checked)
    events.followed(organization=organization, actor=user, target=target)
    return result


@transaction.atomic
def unfollow(*, user: User, organization: Organization, key: str, object_id: int) -> None:
    if not _same_organization(user, organization):
        raise ServiceError(_("Sign in to follow."), ErrorCode.PERMISSION_DENIED)
    followable = registry.followable(key)
    if followable is None:
        raise ServiceError(_("There is nothing to follow here."), ErrorCode.INVALID)
    content_type = ContentType.objects.get_for_model(followable.model)
    rows = Follow.objects.filter(
        user=user, organization=organization, content_type=content_type, object_id=object_id
    )
    follow = rows.first()
    if follow is None:
        raise ServiceError(_("You do not follow this."), ErrorCode.INVALID)
    events.unfollowed(organization=organization, actor=user, target=follow)
    # The number of rows this statement deleted: a parallel unfollow that lost the race
    # deleted none and takes nothing off the counter.
    deleted, _by_model = rows.delete()
    registry.shift_counter(followable.model, [object_id], -deleted)


def is_following(*, user: User | AnonymousUser, target: Model) -> bool:
    if isinstance(user, AnonymousUser):
        return False
    return Follow.objects.filter(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    ).exists()


# --- Events --------------------------------------------------------------------------------


def _describe(target: Model) -> tuple[str, str]:
    followable = registry.followable(registry.key_of(type(target)))
    if followable is not None:
        return followable.describe(target)
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    return str(target), url


def _pair(obj: Model) -> list[int]:
    return [ContentType.objects.get_for_model(obj).pk, obj.pk]


def stable_event_id(*, name: str, parts: Iterable[object] = ()) -> str:
    """The same id every time for the same happening (e.g. a threshold reached once per item).

    Notifications are unique per (event, person): sending such an event twice,
    from two racing transactions or after a retry, tells nobody twice.
    """
    key = ":".join([name, *(str(part) for part in parts)])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"decidons:{key}"))


def build_event(
    *,
    event_name: str | NotificationEvent,
    target: Model,
    actor: User | None = None,
    organization: Organization,
    extra: dict | None = None,
    recipients: Iterable[User] = (),
    followers: bool = True,
    email: bool = True,
    subject: Model | None = None,
    space_followers: bool = True,
    also_followers_of: Iterable[Model | None] = (),
    exclude_followers_of: Iterable[Model | None] = (),
    exclude: Iterable[User | None] = (),
    readers_only: bool = True,
    event_id: str | None = None,
) -> dict:
    """The plain-data event a task receives (JSON: it travels through the broker).

    Only a declared notification event, carrying what it declares, is accepted.
    """
    declared = notification(event_name)
    space = space_of(target=target)
    title, url = _describe(target)
    extra = dict(extra or {})
    url = extra.pop("url", url)
    declared.check_payload(extra)
    if space is not None and space is not target:
        extra.setdefault("space", space.title)
    return {
        "event_id": event_id or str(uuid.uuid4()),
        "event_name": declared.name,
        "organization_id": organization.pk,
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "target": _pair(target),
        "subject": _pair(subject) if subject is not None else None,
        "space": _pair(space) if space is not None else None,
        "title": str(title)[:255],
        "url": url[:500],
        "extra": extra,
        "recipients": sorted({user.pk for user in recipients}),
        "followers": followers,
        "space_followers": space_followers,
        "also_followers_of": [_pair(obj) for obj in also_followers_of if obj is not None],
        "exclude_followers_of": [_pair(obj) for obj in exclude_followers_of if obj is not None],
        "exclude": sorted({user.pk for user in exclude if user is not None}),
        "readers_only": readers_only,
        "email": email,
    }


def notify(
    *,
    event_name: str | NotificationEvent,
    target: Model,
    organization: Organization,
    **options: Any,
) -> str:
    """Tell people about ``event_name`` on ``target`` once the current transaction commits.

    The event is recorded in the outbox in the caller's transaction: it is told if and
    only if the write commits, even if the broker is down or the process dies.

    Recipients: the followers of ``target`` and of its space (when ``followers``;
    ``space_followers=False`` leaves the space's followers out), the followers of
    ``also_followers_of`` (a category, the author...) and ``recipients`` (e.g.
    mentioned people); minus ``exclude`` and the followers of
    ``exclude_followers_of`` (who already heard of it through another event);
    never ``actor``, never another organisation's users, never anyone when
    ``target`` or ``subject`` (the comment the notification is about) is hidden
    by moderation, never people who may not read a private space, explicit
    ``recipients`` included unless ``readers_only=False`` (invitations).
    ``email=False`` when the caller already e-mails the people concerned.
    ``event_id`` makes an event idempotent (see ``stable_event_id``).
    Returns the event id.
    """
    event = build_event(event_name=event_name, target=target, organization=organization, **options)
    from participation.outbox import services as outbox

    # Recorded in the caller's transaction: told if and only if the write was committed.
    outbox.enqueue(
        task="notifications.fan_out", payload={"event": event}, key=f"event:{event['event_id']}"
    )
    return event["event_id"]


# --- Reading --------------------------------------------------------------------------------


def mark_read(*, user: User, notification_id: int) -> bool:
    updated = Notification.objects.filter(
        user=user, pk=notification_id, read_at__isnull=True
    ).update(read_at=timezone.now())
    selectors.forget_unread_count(user)
    return bool(updated)


def mark_all_read(*, user: User) -> int:
    updated = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    selectors.forget_unread_count(user)
    return updated


# --- Preferences and unsubscribing ------------------------------------------------------------


def settings_for(*, user: User) -> NotificationSettings:
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


@transaction.atomic
def update_settings(
    *, user: User, email_mode: str, disabled_events: list[str]
) -> NotificationSettings:
    if email_mode not in EmailMode.values:
        raise ServiceError(
            _("Choose a value from the list."), ErrorCode.INVALID, field="email_mode"
        )
    known = registry.events()
    unknown = set(disabled_events) - set(known)
    if unknown:
        raise ServiceError(
            _("Choose a value from the list."), ErrorCode.INVALID, field="disabled_events"
        )
    preferences, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user=user
    )
    preferences.email_mode = email_mode
    preferences.disabled_events = sorted(disabled_events)
    preferences.save()
    events.settings_updated(
        organization=user.organization,
        actor=user,
        target=preferences,
        changes={"email_mode": email_mode, "disabled_events": preferences.disabled_events},
    )
    return preferences


KINDS = ("notifications", "newsletter")


def unsubscribe_token(*, user: User, kind: str = "notifications") -> str:
    """A signed token bound to the person, their organisation and the kind of e-mail.

    No expiry: the link of an old e-mail must still work.
    """
    return signing.dumps(
        {"u": user.pk, "o": user.organization_id, "k": kind}, salt=UNSUBSCRIBE_SALT
    )


def read_unsubscribe_token(
    *, token: str, organization: Organization | None
) -> tuple[User, str] | tuple[None, None]:
    """(user, kind) behind a valid token for this organisation, else (None, None)."""
    from participation.models import User

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None, None
    if not isinstance(data, dict) or organization is None or data.get("o") != organization.pk:
        return None, None
    kind, user_id = data.get("k", "notifications"), data.get("u")
    if kind not in KINDS or not isinstance(user_id, int):
        return None, None
    user = User.objects.filter(pk=user_id, organization=organization, is_active=True).first()
    return (user, kind) if user is not None else (None, None)


def user_from_unsubscribe_token(*, token: str, organization: Organization | None) -> User | None:
    return read_unsubscribe_token(token=token, organization=organization)[0]


@transaction.atomic
def unsubscribe(*, user: User, kind: str = "notifications") -> None:
    """No more notification e-mails (they stay on the site), or no more newsletters."""
    if kind == "newsletter":
        from participation.accounts.services import set_newsletter_consent

        set_newsletter_consent(actor=user, user=user, consent=False)
        return
    preferences, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user=user
    )
    preferences.email_mode = EmailMode.NONE
    preferences.save(update_fields=["email_mode", "updated_at"])
    Notification.objects.filter(user=user, email_status="pending").update(email_status="skipped")
    events.emails_unsubscribed(
        organization=user.organization,
        actor=user,
        target=preferences,
    )
