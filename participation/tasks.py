"""Background tasks of the core. Without a broker they run in-process."""

from celery import shared_task
from django.core.mail import EmailMessage, send_mail


@shared_task(name="participation.ping")
def ping() -> str:
    """Round trip through broker, worker and result backend (used by tests and operators)."""
    return "pong"


@shared_task(
    name="participation.send_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_email(
    *, subject: str, body: str, recipients: list[str], headers: dict | None = None
) -> int:
    """Kept for messages queued before the outbox; new code calls
    ``participation.outbox.services.send_email`` (sent once, marked sent once accepted)."""
    if headers:  # e.g. List-Unsubscribe on notification e-mails
        return EmailMessage(subject, body, None, recipients, headers=headers).send()
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
