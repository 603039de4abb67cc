"""What notifications keep about a person: follows, notifications, e-mail preferences."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from participation.notifications.models import (
    Follow,
    NewsletterDelivery,
    Notification,
    NotificationSettings,
)
from participation.privacy.registry import PersonalData, register


def export(user) -> dict:
    preferences = NotificationSettings.objects.filter(user=user).first()
    return {
        "settings": (
            {
                "email_mode": preferences.email_mode,
                "disabled_events": preferences.disabled_events,
            }
            if preferences
            else None
        ),
        "follows": [
            {"type": f"{row.content_type.app_label}.{row.content_type.model}", "id": row.object_id}
            for row in Follow.objects.filter(user=user).select_related("content_type")
        ],
        "notifications": [
            {
                "event": row.event_name,
                "title": row.title,
                "url": row.url,
                "date": row.created_at,
                "read_at": row.read_at,
                "emailed_at": row.emailed_at,
            }
            for row in Notification.objects.filter(user=user)
        ],
    }


def _erase_emails(user) -> None:
    """The outbox's copies of e-mails to this person: their notifications and newsletters
    (not sent yet: never sent now), and whatever went to their address (sent or failed)."""
    from django.db.models import Q

    from participation.outbox.models import EmailStatus, OutgoingEmail

    linked = Q(
        pk__in=Notification.objects.filter(user=user, email__isnull=False).values("email_id")
    ) | Q(
        pk__in=NewsletterDelivery.objects.filter(user=user, email__isnull=False).values("email_id")
    )
    done = Q(status__in=[EmailStatus.SENT, EmailStatus.FAILED])
    by_address = Q(to__iexact=user.email) & done if user.email else Q(pk__in=[])
    OutgoingEmail.objects.filter(linked | by_address).delete()


def erase(user) -> None:
    from participation.notifications import registry

    follows = list(Follow.objects.filter(user=user).select_related("content_type"))
    Follow.objects.filter(pk__in=[row.pk for row in follows]).delete()
    by_type: dict = {}
    for row in follows:
        by_type.setdefault(row.content_type, []).append(row.object_id)
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        if model is not None:
            registry.shift_counter(model, ids, -1)
    # Nobody follows a deleted account any more.
    Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=user.pk
    ).delete()
    _erase_emails(user)
    Notification.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    NewsletterDelivery.objects.filter(user=user).delete()
    # Others' notifications no longer name this person as the one who acted.
    Notification.objects.filter(actor=user).update(actor=None)


register(
    PersonalData(
        key="notifications",
        label=_("Follows and notifications"),
        description=_("What you follow, the notifications you received and your e-mail choices."),
        exporter=export,
        eraser=erase,
        order=60,
    )
)
