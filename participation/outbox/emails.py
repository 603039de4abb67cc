"""Sending recorded e-mails: each at most once, marked sent once the mail server took it.

For each ``OutgoingEmail``:

1. claim it (with a few others) in a short transaction: ``pending`` (or ``sending`` whose
   lease has run out) becomes ``sending`` with a lease of ``OUTBOX_EMAIL_LEASE`` seconds, under
   ``select_for_update(skip_locked)``: two workers never claim the same row, and a
   row already ``sent`` is never claimed again; right before sending, the lease is
   checked and renewed (a batch slowed past its lease loses rows, never shares them);
2. hand it to the mail server over SMTP with a Message-ID derived from its key;
3. right after the server accepted it, mark it ``sent`` (``email_sent`` is sent in
   that transaction, so a newsletter's progress or a notification's "e-mailed" mark
   counts only what the server accepted).

The window that remains: a worker killed after the server accepted the message and
before step 3 committed (a few milliseconds) leaves the row ``sending``; when its
lease runs out it is sent again, with the same Message-ID, which lets the mail
server (or the recipient's client) drop the repeat. Everywhere else a dead worker,
a redelivered task or the sweeper sends nothing twice.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from participation.outbox.models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# Rows claimed together: a worker killed mid-batch leaves at most this many to wait for
# their lease (none of them sent but the one in flight).
CLAIM_BATCH = 20

# email_sent.send(sender=OutgoingEmail, email=row): in the transaction marking it sent.
email_sent = Signal()


def _claimable(now) -> Q:
    return Q(status=EmailStatus.PENDING) | Q(status=EmailStatus.SENDING, lease_until__lt=now)


def _claim(ids: list[int]) -> list[OutgoingEmail]:
    """Claim (lease) those of ``ids`` nobody sent or is sending, in one short transaction."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk__in=ids)
            .order_by("pk")
        )
        if rows:
            OutgoingEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
                status=EmailStatus.SENDING,
                lease_until=now + timedelta(seconds=settings.OUTBOX_EMAIL_LEASE),
                attempts=F("attempts") + 1,
            )
    lease = now + timedelta(seconds=settings.OUTBOX_EMAIL_LEASE)
    for row in rows:
        row.status, row.attempts, row.lease_until = EmailStatus.SENDING, row.attempts + 1, lease
    return rows


def _still_ours(row: OutgoingEmail) -> bool:
    """Right before sending: renew our lease, unless it ran out and another sender took it.

    A slow mail server may hold a batch past its lease; the row is checked (and leased
    again for one exchange) before each e-mail, never sent by two senders.
    """
    now = timezone.now()
    if row.lease_until - now > timedelta(seconds=settings.OUTBOX_EMAIL_LEASE / 2):
        return True  # well within our lease: nobody else may have claimed it
    lease = now + timedelta(seconds=settings.OUTBOX_EMAIL_LEASE)
    renewed = OutgoingEmail.objects.filter(
        pk=row.pk, status=EmailStatus.SENDING, lease_until=row.lease_until
    ).update(lease_until=lease)
    row.lease_until = lease
    return bool(renewed)


def _mark_sent(row: OutgoingEmail) -> None:
    with transaction.atomic():
        updated = OutgoingEmail.objects.filter(pk=row.pk, status=EmailStatus.SENDING).update(
            status=EmailStatus.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
        )
        if updated:
            email_sent.send(sender=OutgoingEmail, email=row)


def _mark_failed(row: OutgoingEmail, error: Exception, *, permanent: bool) -> None:
    failed = permanent or row.attempts >= settings.OUTBOX_EMAIL_MAX_ATTEMPTS
    OutgoingEmail.objects.filter(pk=row.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.FAILED if failed else EmailStatus.PENDING,
        lease_until=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    log = logger.error if failed else logger.warning
    log("e-mail %s not sent (attempt %d)", row.key, row.attempts, exc_info=error)


def _message(row: OutgoingEmail, connection) -> EmailMessage:
    headers = {**(row.headers or {}), "Message-ID": row.message_id}
    return EmailMessage(
        row.subject, row.body, None, [row.to], headers=headers, connection=connection
    )


def deliver(ids: list[int]) -> int:
    """Send the e-mails among ``ids`` nobody sent or is sending; returns how many went.

    Raises nothing for a refused e-mail (recorded on its row); the caller learns from
    ``unfinished`` whether some are left.
    """
    now = timezone.now()
    # A redelivered or swept message whose e-mails all went costs one query.
    waiting = list(
        OutgoingEmail.objects.filter(_claimable(now), pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    connection = None
    sent = 0
    try:
        for start in range(0, len(waiting), CLAIM_BATCH):
            for row in _claim(waiting[start : start + CLAIM_BATCH]):
                if not _still_ours(row):
                    continue
                if connection is None:
                    connection = get_connection()
                    connection.open()
                try:
                    _message(row, connection).send()
                except smtplib.SMTPRecipientsRefused as error:
                    _mark_failed(row, error, permanent=True)
                    continue
                except Exception as error:  # noqa: BLE001 - the server did not take it: retried
                    _mark_failed(row, error, permanent=False)
                    connection.close()
                    connection = None
                    continue
                _mark_sent(row)
                sent += 1
    finally:
        if connection is not None:
            connection.close()
    return sent


def unfinished(ids: list[int]) -> tuple[int, float]:
    """(how many of ``ids`` are not sent nor failed, seconds until one may be claimed)."""
    now = timezone.now()
    rows = OutgoingEmail.objects.filter(
        pk__in=ids, status__in=[EmailStatus.PENDING, EmailStatus.SENDING]
    ).values_list("lease_until", flat=True)
    leases = list(rows)
    if not leases:
        return 0, 0
    waits = [(lease - now).total_seconds() for lease in leases if lease is not None]
    return len(leases), max(1.0, min(waits, default=1.0) + 0.5)
