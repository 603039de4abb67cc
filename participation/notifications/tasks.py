"""Fan-out, e-mails and newsletters: outbox handlers (run by Celery, or in-process).

Each step is an outbox message recorded in the transaction of the step before it
(see participation.outbox.services), so a broker outage or a worker killed
mid-task delays a step and never loses it; and each step is idempotent:
notifications are unique per (event, user), every e-mail is an ``OutgoingEmail``
row with a unique key sent at most once, newsletter deliveries are unique per
(newsletter, user). ``acks_late`` (settings) returns a killed worker's message to
the broker; the outbox sweeper sends it again anyway.
"""

from celery import shared_task

from participation.notifications import emails, fanout
from participation.notifications.models import EmailMode, EmailStatus, Notification
from participation.outbox import services as outbox


@outbox.handler(name="notifications.fan_out")
def fan_out(*, event: dict) -> int:
    """Resolve the recipients, then one message per chunk of (at most) CHUNK_SIZE user ids."""
    count = 0
    for number, chunk in enumerate(fanout.chunks(event)):
        outbox.enqueue(
            task="notifications.create_notifications",
            payload={"event": event, "user_ids": chunk},
            key=f"event:{event['event_id']}:chunk:{number}",
        )
        count += 1
    return count


@outbox.handler(name="notifications.create_notifications")
def create_notifications(*, event: dict, user_ids: list[int]) -> int:
    """The chunk's notifications and, in the same transaction, its immediate e-mails."""
    immediate = fanout.create_rows(event, user_ids)
    if immediate:
        emails.queue_immediate(
            event["event_id"], immediate, key=f"event:{event['event_id']}:{user_ids[0]}"
        )
    return len(user_ids)


def digest(mode: str) -> int:
    """Send the pending digests of everyone whose e-mail mode is ``mode``; the number sent."""
    from django.db.models import Q

    from participation.models import User

    wanted = Q(notification_settings__email_mode=mode)
    if mode == fanout.DEFAULT_EMAIL_MODE:
        wanted |= Q(notification_settings__isnull=True)
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING).values("user_id")
    users = User.objects.filter(wanted, pk__in=pending, is_active=True).select_related(
        "organization"
    )
    # Each digest is recorded (e-mail and "queued" marks) in its own transaction: a worker
    # killed here leaves the rest pending for the next run, nothing half-done.
    return sum(emails.send_digest(user) for user in users.iterator(chunk_size=500))


@shared_task(name="notifications.send_daily_digests", acks_late=True)
def send_daily_digests() -> int:
    return digest(EmailMode.DAILY)


@shared_task(name="notifications.send_weekly_digests", acks_late=True)
def send_weekly_digests() -> int:
    return digest(EmailMode.WEEKLY)


@outbox.handler(name="notifications.send_newsletter")
def send_newsletter(*, newsletter_id: int) -> int:
    """One message per chunk of recipients, and one that marks the newsletter sent."""
    from participation.notifications import newsletters
    from participation.notifications.models import Newsletter

    newsletter = Newsletter.objects.get(pk=newsletter_id)
    ids = list(newsletters.recipients(newsletter))
    size = fanout.CHUNK_SIZE
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
    for number, chunk in enumerate(chunks):
        outbox.enqueue(
            task="notifications.send_newsletter_chunk",
            payload={"newsletter_id": newsletter_id, "user_ids": chunk},
            key=f"newsletter:{newsletter_id}:chunk:{number}",
        )
    outbox.enqueue(
        task="notifications.finish_newsletter",
        payload={"newsletter_id": newsletter_id},
        key=f"newsletter:{newsletter_id}:finish",
    )
    return len(chunks)


@outbox.handler(name="notifications.send_newsletter_chunk")
def send_newsletter_chunk(*, newsletter_id: int, user_ids: list[int]) -> int:
    from participation.notifications import newsletters

    return newsletters.deliver_chunk(newsletter_id, user_ids)


@outbox.handler(name="notifications.send_newsletter_emails", atomic=False)
def send_newsletter_emails(*, newsletter_id: int, ids: list[int]) -> None:
    """Send a chunk's e-mails (each at most once); the last chunk done marks it sent."""
    from participation.notifications import newsletters
    from participation.outbox import emails as outgoing

    outgoing.deliver(ids)
    left, wait = outgoing.unfinished(ids)
    if left:
        raise outbox.Later(wait)
    newsletters.finish(newsletter_id)


@outbox.handler(name="notifications.finish_newsletter")
def finish_newsletter(*, newsletter_id: int) -> None:
    from participation.notifications import newsletters

    # Usually done by the last chunk; this message covers chunks finishing side by side.
    if not newsletters.finish(newsletter_id):
        raise outbox.Later(5)  # e-mails still on their way: look again in a moment
