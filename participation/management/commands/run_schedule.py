"""Run the scheduled work in this process, without a broker (`make run` starts it).

The schedule is the one Celery beat follows in production (CELERY_BEAT_SCHEDULE):
digests, metrics, export purge, session clean-up, the outbox sweep. Without a
broker nothing runs them, so the embedded demo starts this beside the web server.
In production, run Celery beat, or cron with the commands the README lists.
"""

import logging
import time

from celery.schedules import maybe_schedule
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from config.celery import app

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run CELERY_BEAT_SCHEDULE's tasks in this process when they are due (development)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="run every scheduled task once, then stop"
        )

    def handle(self, *args, once: bool, **options):
        entries = {
            name: (entry["task"], maybe_schedule(entry["schedule"], app=app))
            for name, entry in sorted(settings.CELERY_BEAT_SCHEDULE.items())
        }
        if once:
            for name, (task, _schedule) in entries.items():
                self._run(name, task)
            return
        # As Celery beat does on start: nothing is due before its first interval or time.
        last_run = dict.fromkeys(entries, timezone.now())
        self.stdout.write(f"Running {len(entries)} scheduled task(s); Ctrl-C stops.")
        while True:
            wait = 60.0
            for name, (task, schedule) in entries.items():
                due, next_check = schedule.is_due(last_run[name])
                if due:
                    # A connection left open for hours may have been closed by the server.
                    close_old_connections()
                    last_run[name] = timezone.now()
                    self._run(name, task)
                wait = min(wait, max(float(next_check), 1.0))
            time.sleep(wait)

    def _run(self, name: str, task: str) -> None:
        try:
            result = app.tasks[task].apply(throw=True).get()
        except Exception:
            # One failing job must not stop the others; it runs again at its next time.
            logger.exception("scheduled task %s failed", name)
            self.stderr.write(f"{name}: failed (see the log)")
        else:
            self.stdout.write(f"{name}: {result}")
