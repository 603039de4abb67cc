"""Notification e-mails: one per notification, or a digest; always with an unsubscribe link."""

import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.notifications.models import EmailStatus, Notification
from participation.notifications.selectors import sentence, with_actors
from participation.outbox import services as outbox
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
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user=user)}),
    )
    with translation.override(user.locale or organization.default_locale):
        values = {"organization": organization.name, "count": len(notifications)}
        if digest:
            subject = (
                ngettext(
                    "%(organization)s: %(count)s new notification",
                    "%(organization)s: %(count)s new notifications",
                    values["count"],
                )
                % values
            )
        else:
            subject = _("%(organization)s: %(event)s") % {
                "organization": organization.name,
                "event": sentence(notifications[0]),
            }
        lines = [_("Hello,"), ""]
        for notification in notifications[:DIGEST_LIMIT]:
            lines.append(f"- {sentence(notification)}")
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
    """Lock pending notifications, in the caller's transaction (the one recording the e-mail)."""
    from participation.notifications.selectors import without_hidden

    # Hidden by moderation since the event: not e-mailed (still pending, should it come back).
    # With their actor (and whether moderation hides them): the sentences name who acted.
    return list(
        with_actors(without_hidden(queryset.filter(email_status=EmailStatus.PENDING)))
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("created_at", "pk")
    )


def _record(user, rows: list[Notification], *, digest: bool, key: str) -> int | None:
    """Record the e-mail of ``rows`` for ``user`` and mark them queued in it (same transaction).

    They become "sent" when the mail server accepts it (see ``mark_emailed``).
    """
    message = build_message(user, rows, digest=digest)
    email_id = outbox.record_email(
        key=key,
        to=user.email,
        subject=message["subject"],
        body=message["body"],
        headers=message["headers"],
    )
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
        email_status=EmailStatus.QUEUED, email_id=email_id
    )
    return email_id


def queue_immediate(event_id: str, user_ids: list[int], *, key: str) -> int:
    """Record, in the caller's transaction, one e-mail per person for this event's notification.

    Idempotent: only notifications still pending are taken, and each e-mail's key
    (event and person) is unique. Sent by one outbox message after the commit.
    """
    from participation.models import User

    rows = _claim(Notification.objects.filter(event_id=event_id, user_id__in=user_ids))
    users = User.objects.select_related("organization").in_bulk([row.user_id for row in rows])
    ids, skipped = [], []
    for row in rows:
        user = users[row.user_id]
        if not (user.is_active and user.email):
            skipped.append(row.pk)
            continue
        email_id = _record(user, [row], digest=False, key=f"notification:{event_id}:{user.pk}")
        if email_id is not None:
            ids.append(email_id)
    Notification.objects.filter(pk__in=skipped).update(email_status=EmailStatus.SKIPPED)
    outbox.send_emails_later(email_ids=ids, key=f"send:{key}")
    return len(ids)


def send_immediate(event_id: str, user_ids: list[int]) -> int:
    """E-mail each of ``user_ids`` their notification of this event, once (through the outbox)."""
    with transaction.atomic():
        return queue_immediate(event_id, user_ids, key=f"immediate:{event_id}:{uuid.uuid4()}")


def send_digest(user) -> bool:
    """Gather this person's notifications not e-mailed yet into one digest (through the outbox)."""
    with transaction.atomic():
        rows = _claim(Notification.objects.filter(user=user))
        if not rows:
            return False
        if not user.is_active or not user.email:
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                email_status=EmailStatus.SKIPPED
            )
            return False
        key = f"digest:{user.pk}:{rows[0].pk}:{rows[-1].pk}:{len(rows)}"
        email_id = _record(user, rows, digest=True, key=key)
        if email_id is None:
            return False
        outbox.send_emails_later(email_ids=[email_id], key=f"send:{key}")
    return True


def mark_emailed(sender, email, **kwargs) -> None:
    """The mail server accepted ``email``: its notifications are e-mailed (same transaction)."""
    Notification.objects.filter(email_id=email.pk, email_status=EmailStatus.QUEUED).update(
        email_status=EmailStatus.SENT, emailed_at=timezone.now()
    )
