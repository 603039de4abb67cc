"""Periodic upkeep of accounts: expired sessions are removed.

Django never deletes expired session rows by itself; Celery beat runs this hourly
(settings.CELERY_BEAT_SCHEDULE). Without beat, run ``python manage.py clearsessions``
from cron.
"""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="accounts.clear_expired_sessions")
def clear_expired_sessions() -> None:
    call_command("clearsessions")
