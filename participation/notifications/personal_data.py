"""What notifications keep about a person: follows, notifications, e-mail preferences."""

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


def erase(user) -> None:
    Follow.objects.filter(user=user).delete()
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
