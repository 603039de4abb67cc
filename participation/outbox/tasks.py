"""Celery side of the outbox: run one message, sweep what is still pending.

``acks_late`` (settings): a worker killed while running a message leaves it
unacknowledged; the broker hands it to another worker after its visibility
timeout (``CELERY_BROKER_TRANSPORT_OPTIONS``), and the sweeper would send it
again anyway after ``OUTBOX_REDISPATCH_AFTER``: running it twice does nothing
the second time (see services.run_message).
"""

from celery import shared_task

from participation.outbox import emails, services


@shared_task(name="outbox.run", acks_late=True, ignore_result=True)
def run(message_id: int) -> bool:
    return services.run_message(pk=message_id)


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep() -> int:
    handed = services.sweep()
    services.purge()
    return handed


@services.handler(name="outbox.send_emails", atomic=False)
def send_emails(*, ids: list[int]) -> None:
    emails.deliver(ids)
    left, wait = emails.unfinished(ids)
    if left:  # claimed by a worker that may have died, or refused for now: try again later
        raise services.Later(wait)


@services.handler(name="outbox.delete_file")
def delete_file(*, model: str, field: str, name: str) -> None:
    """Idempotent: deleting a file that is already gone does nothing."""
    from django.apps import apps

    storage = apps.get_model(model)._meta.get_field(field).storage
    storage.delete(name)
