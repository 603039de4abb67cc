"""Notification e-mails: one per notification, or a digest; always with an unsubscribe link."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.notifications import registry
from participation.notifications.models import EmailStatus, Notification
from participation.tasks import send_email
from participation.tenancy import organization_url

DIGEST_LIMIT = 50  # notifications listed in one digest; the rest are counted


def _absolute(organization, url: str) -> str:
    return url if url.startswith("http") else organization_url(organization, url)


def build_message(user, notifications: list[Notification], *, digest: bool) -> dict:
    """Subject, body and headers of one e-mail, in the person's language."""
    from participation.notifications.services import unsubscribe_token

    organization = user.organization
    unsubscribe = organization_url(
        organization,
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)}),
    )
    with translation.override(user.locale or organization.default_locale):
        values = {"organization": organization.name, "count": len(notifications)}
        if digest:
            subject = _("%(organization)s: %(count)s new notifications") % values
        else:
            first = notifications[0]
            subject = f"{organization.name}: {registry.event_label(first.event_name)}"
        lines = [_("Hello,"), ""]
        for notification in notifications[:DIGEST_LIMIT]:
            label = str(registry.event_label(notification.event_name))
            lines.append(f"- {label}: {notification.title}")
            if notification.url:
                lines.append(f"  {_absolute(organization, notification.url)}")
        if len(notifications) > DIGEST_LIMIT:
            lines.append(_("…and %(count)s more.") % {"count": len(notifications) - DIGEST_LIMIT})
        lines += [
            "",
            _("All your notifications: %(url)s")
            % {"url": organization_url(organization, reverse("notifications:index"))},
            _("Choose what you receive: %(url)s")
            % {"url": organization_url(organization, reverse("notifications:settings"))},
            _("Stop these e-mails in one click: %(url)s") % {"url": unsubscribe},
        ]
    return {
        "subject": subject,
        "body": "\n".join(lines),
        "recipients": [user.email],
        "headers": {"List-Unsubscribe": f"<{unsubscribe}>"},
    }


def _claim(queryset) -> list[Notification]:
    """Lock pending notifications and mark them e-mailed, in the caller's transaction."""
    from participation.notifications.selectors import without_hidden

    # Hidden by moderation since the event: not e-mailed (still pending, should it come back).
    rows = list(
        without_hidden(queryset.filter(email_status=EmailStatus.PENDING))
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("created_at", "pk")
    )
    if rows:
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            email_status=EmailStatus.SENT, emailed_at=timezone.now()
        )
    return rows


def _send_after_commit(messages: list[dict]) -> None:
    def send():
        for message in messages:
            send_email.delay(**message)

    transaction.on_commit(send)


def send_immediate(event_id: str, user_ids: list[int]) -> int:
    """E-mail each of ``user_ids`` their notification of this event, once."""
    from participation.models import User

    with transaction.atomic():
        rows = _claim(Notification.objects.filter(event_id=event_id, user_id__in=user_ids))
        users = User.objects.select_related("organization").in_bulk([row.user_id for row in rows])
        messages = [
            build_message(users[row.user_id], [row], digest=False)
            for row in rows
            if users[row.user_id].is_active and users[row.user_id].email
        ]
        _send_after_commit(messages)
    return len(messages)


def send_digest(user) -> bool:
    """Gather this person's notifications not e-mailed yet into one digest."""
    with transaction.atomic():
        rows = _claim(Notification.objects.filter(user=user))
        if not rows or not user.is_active or not user.email:
            return False
        _send_after_commit([build_message(user, rows, digest=True)])
    return True
