"""The transactional outbox: follow-ups recorded with the write, dispatched after it.

A service records what must happen after its write in the same transaction::

    from participation.outbox import services as outbox
    outbox.enqueue(task="notifications.fan_out", payload=event, key=f"event:{event_id}")

The message exists if and only if the write was committed. Once the transaction
commits, a hook hands it to Celery (``outbox.run``); a broker that is down only
logs a warning: the write has answered normally and the message stays pending.
The sweeper (Celery beat ``outbox.sweep`` and ``manage.py dispatch_outbox``)
hands again to Celery whatever is still pending ``OUTBOX_REDISPATCH_AFTER``
seconds after it was last handed over (worker killed, broker down, process
dead between the commit and the hook). Without a broker (the embedded default,
``CELERY_TASK_ALWAYS_EAGER``) messages run in-process right after the commit.

Handlers are registered by name (``@handler("notifications.fan_out")``) in the
apps' ``tasks.py``. Each runs at least once, so each must be idempotent:

* ``atomic=True`` (default): the handler runs inside the transaction that locks
  the message row (``select_for_update(skip_locked)``) and marks it done, so its
  database writes and "done" commit together: a second delivery finds it done
  (or locked) and does nothing.
* ``atomic=False`` (e-mails): the handler manages its own transactions and
  idempotence (``OutgoingEmail`` rows claimed one by one). It may raise
  ``Later`` to be run again after a delay.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from participation.outbox.models import MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)


class Later(Exception):  # noqa: N818 - a signal to the runner, not an error
    """Raised by a handler: not finished, run me again in ``seconds``."""

    def __init__(self, seconds: float = 10) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class Handler:
    name: str
    func: Callable
    atomic: bool = True


_HANDLERS: dict[str, Handler] = {}
_F = TypeVar("_F", bound=Callable)


def handler(*, name: str, atomic: bool = True) -> Callable[[_F], _F]:
    """Register ``func(**payload)`` as the consumer of the outbox messages named ``name``."""

    def register(func: _F) -> _F:
        _HANDLERS[name] = Handler(name=name, func=func, atomic=atomic)
        return func

    return register


def get_handler(*, name: str) -> Handler:
    return _HANDLERS[name]


def redispatch_after() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_REDISPATCH_AFTER)


def _eager() -> bool:
    """No broker (the embedded default): messages run in-process after the commit."""
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


# --- Recording --------------------------------------------------------------------------------


def enqueue(*, task: str, payload: dict, key: str | None = None, delay: float = 0) -> int | None:
    """Record ``task(payload)`` in the current transaction; hand it to Celery after commit.

    ``key`` makes it idempotent: a second message with the same key is not recorded
    (returns None). ``delay``: not run before that many seconds.
    """
    if task not in _HANDLERS:
        raise ValueError(f"no outbox handler named {task!r}")
    now = timezone.now()
    key = key or f"{task}:{uuid.uuid4()}"
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                task=task,
                payload=payload,
                key=key[:200],
                # The on-commit hook dispatches it at once; the sweeper only after the delay.
                available_at=now + timedelta(seconds=delay) + redispatch_after(),
            )
    except IntegrityError:
        return None
    if not delay:
        transaction.on_commit(partial(dispatch, ids=[message.pk]), robust=True)
    else:
        OutboxMessage.objects.filter(pk=message.pk).update(
            available_at=now + timedelta(seconds=delay)
        )
    return message.pk


# --- Dispatching ------------------------------------------------------------------------------


def dispatch(*, ids: list[int]) -> int:
    """Hand these messages to Celery (or run them here without a broker); never raises.

    Returns how many were handed over. A broker error is logged and the rest is left
    to the sweeper: the write that recorded them has committed and must answer normally.
    """
    if not ids:
        return 0
    if _eager():
        for pk in ids:
            run_message(pk=pk)
        return len(ids)
    from celery import current_app

    from participation.outbox.tasks import run

    handed = 0
    try:
        with current_app.pool.acquire(block=True, timeout=2) as connection:
            # One quick connection attempt and no publishing retries: a broker that is down
            # must not hold the request (kombu's defaults retry for seconds).
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.2, interval_max=0.2, timeout=2
            )
            for pk in ids:
                run.apply_async(args=[pk], connection=connection, retry=False)
                handed += 1
    except Exception:  # noqa: BLE001 - any broker error: the sweeper sends them later
        logger.warning(
            "outbox: broker unavailable, %d message(s) left to the sweeper",
            len(ids) - handed,
            exc_info=True,
        )
    return handed


def sweep(*, limit: int = 1000) -> int:
    """Dispatch again what is still pending past its ``available_at`` (oldest first)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(status=MessageStatus.PENDING, available_at__lte=now)
            .order_by("available_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            available_at=now + redispatch_after(), dispatched_at=now
        )
    handed = dispatch(ids=ids)
    if ids:
        logger.info("outbox: swept %d message(s), %d handed over", len(ids), handed)
    return handed


def purge(*, days: int | None = None) -> int:
    """Forget messages done long ago (and e-mails sent long ago: they hold addresses)."""
    from participation.outbox.models import EmailStatus, OutgoingEmail

    days = settings.OUTBOX_KEEP_DAYS if days is None else days
    before = timezone.now() - timedelta(days=days)
    done, _by_model = OutboxMessage.objects.filter(
        status=MessageStatus.DONE, done_at__lt=before
    ).delete()
    sent, _by_model = OutgoingEmail.objects.filter(
        status=EmailStatus.SENT, sent_at__lt=before
    ).delete()
    return done + sent


# --- Running ----------------------------------------------------------------------------------


def _record_failure(pk: int, error: Exception) -> None:
    message = OutboxMessage.objects.filter(pk=pk).first()
    if message is None:
        return
    attempts = message.attempts + 1
    failed = attempts >= settings.OUTBOX_MAX_ATTEMPTS
    backoff = settings.OUTBOX_REDISPATCH_AFTER * (2 ** min(attempts - 1, 8))
    OutboxMessage.objects.filter(pk=pk, status=MessageStatus.PENDING).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        available_at=timezone.now() + timedelta(seconds=backoff),
        status=MessageStatus.FAILED if failed else MessageStatus.PENDING,
    )
    log = logger.error if failed else logger.warning
    log("outbox: %s failed (attempt %d)", message, attempts, exc_info=error)


def _mark_done(pk: int) -> None:
    OutboxMessage.objects.filter(pk=pk, status=MessageStatus.PENDING).update(
        status=MessageStatus.DONE, done_at=timezone.now()
    )


def run_message(*, pk: int) -> bool:
    """Run one message if it is still pending and nobody else runs it; never raises.

    Returns True when it ran to completion now.
    """
    try:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=MessageStatus.PENDING)
                .first()
            )
            if message is None:  # done already, or being run right now by another worker
                return False
            found = _HANDLERS.get(message.task)
            if found is None:
                raise LookupError(f"no outbox handler named {message.task!r}")
            if found.atomic:
                found.func(**message.payload)
                _mark_done(pk)
                return True
        found.func(**message.payload)
        _mark_done(pk)
        return True
    except Later as later:
        OutboxMessage.objects.filter(pk=pk, status=MessageStatus.PENDING).update(
            available_at=timezone.now() + timedelta(seconds=later.seconds)
        )
        return False
    except Exception as error:  # noqa: BLE001 - recorded, retried by the sweeper
        _record_failure(pk, error)
        return False


# --- E-mails ----------------------------------------------------------------------------------


def record_email(
    *, key: str, to: str, subject: str, body: str, headers: dict | None = None
) -> int | None:
    """Record one e-mail (no dispatch); None when an e-mail with this key exists already."""
    from participation.outbox.models import OutgoingEmail

    try:
        with transaction.atomic():
            row = OutgoingEmail.objects.create(
                key=key[:200], to=to, subject=subject[:998], body=body, headers=headers or {}
            )
    except IntegrityError:
        return None
    return row.pk


def send_emails_later(*, email_ids: list[int], key: str | None = None) -> None:
    """One outbox message that sends these recorded e-mails (in the caller's transaction)."""
    if email_ids:
        enqueue(task="outbox.send_emails", payload={"ids": list(email_ids)}, key=key)


def send_email(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    headers: dict | None = None,
    key: str | None = None,
) -> list[int]:
    """E-mail ``recipients`` once the current transaction commits, through the outbox.

    ``key`` (optional) names the message: the same key never sends twice.
    """
    key = key or f"mail:{uuid.uuid4()}"
    ids = []
    with transaction.atomic():  # the e-mails and the message that sends them, together
        for address in dict.fromkeys(address for address in recipients if address):
            pk = record_email(
                key=f"{key}:{address}", to=address, subject=subject, body=body, headers=headers
            )
            if pk is not None:
                ids.append(pk)
        send_emails_later(email_ids=ids, key=f"send:{key}")
    return ids


# --- Files ------------------------------------------------------------------------------------


def delete_file_later(*, field_file: FieldFile) -> None:
    """Delete a stored file once the current transaction commits (an ID scan, an export...).

    Recorded in the outbox: a process dying after the commit leaves the deletion to the
    sweeper instead of leaving the file behind. The storage comes from the model field.
    """
    if not field_file:
        return
    model = field_file.instance._meta.label_lower
    field = field_file.field.name
    enqueue(
        task="outbox.delete_file",
        payload={"model": model, "field": field, "name": field_file.name},
        key=f"delete-file:{model}:{field}:{field_file.name}"[:200] + f":{uuid.uuid4()}",
    )
