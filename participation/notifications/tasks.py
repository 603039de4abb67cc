"""Fan-out and e-mails, in Celery (in-process without a broker, and in tests).

Every task is safe to run twice: notifications are unique per (event, user),
and e-mails are claimed (marked sent) in the transaction that reads them.
``acks_late`` (settings) means a worker killed mid-task leaves its message to
be redelivered to another worker.
"""

from celery import shared_task

from participation.notifications import emails, fanout
from participation.notifications.models import EmailMode, EmailStatus, Notification


@shared_task(name="notifications.fan_out", acks_late=True)
def fan_out(event: dict) -> int:
    """Resolve the recipients, then one task per chunk of (at most) CHUNK_SIZE user ids."""
    count = 0
    for chunk in fanout.chunks(event):
        create_notifications.delay(event, chunk)
        count += 1
    return count


@shared_task(
    name="notifications.create_notifications",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def create_notifications(event: dict, user_ids: list[int]) -> int:
    immediate = fanout.create_rows(event, user_ids)
    if immediate:
        send_immediate_emails.delay(event["event_id"], immediate)
    return len(user_ids)


@shared_task(name="notifications.send_immediate_emails", acks_late=True)
def send_immediate_emails(event_id: str, user_ids: list[int]) -> int:
    return emails.send_immediate(event_id, user_ids)


def _digest(mode: str) -> int:
    from django.db.models import Q

    from participation.models import User

    wanted = Q(notification_settings__email_mode=mode)
    if mode == fanout.DEFAULT_EMAIL_MODE:
        wanted |= Q(notification_settings__isnull=True)
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING).values("user_id")
    users = User.objects.filter(wanted, pk__in=pending, is_active=True).select_related(
        "organization"
    )
    return sum(emails.send_digest(user) for user in users.iterator(chunk_size=500))


@shared_task(name="notifications.send_daily_digests", acks_late=True)
def send_daily_digests() -> int:
    return _digest(EmailMode.DAILY)


@shared_task(name="notifications.send_weekly_digests", acks_late=True)
def send_weekly_digests() -> int:
    return _digest(EmailMode.WEEKLY)


@shared_task(name="notifications.send_newsletter", acks_late=True)
def send_newsletter(newsletter_id: int) -> int:
    """One task per chunk of recipients; the last chunk marks the newsletter sent."""
    from celery import chain

    from participation.notifications import newsletters
    from participation.notifications.models import Newsletter

    newsletter = Newsletter.objects.get(pk=newsletter_id)
    ids = list(newsletters.recipients(newsletter))
    size = fanout.CHUNK_SIZE
    steps = [
        send_newsletter_chunk.si(newsletter_id, ids[start : start + size])
        for start in range(0, len(ids), size)
    ]
    chain(*steps, finish_newsletter.si(newsletter_id)).delay()
    return len(steps)


@shared_task(name="notifications.send_newsletter_chunk", acks_late=True)
def send_newsletter_chunk(newsletter_id: int, user_ids: list[int]) -> int:
    from participation.notifications import newsletters

    return newsletters.deliver_chunk(newsletter_id, user_ids)


@shared_task(name="notifications.finish_newsletter", acks_late=True)
def finish_newsletter(newsletter_id: int) -> None:
    from participation.notifications import newsletters

    newsletters.finish(newsletter_id)
