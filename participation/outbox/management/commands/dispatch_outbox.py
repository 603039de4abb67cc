"""Dispatch the outbox messages still pending (for cron, beside or instead of Celery beat)."""

import time

from django.core.management.base import BaseCommand

from participation.outbox import services


class Command(BaseCommand):
    help = "Hand to Celery (or run, without a broker) the outbox messages still pending."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000)
        parser.add_argument(
            "--loop", type=float, default=0, help="sweep again every N seconds (0: once)"
        )

    def handle(self, *args, limit: int, loop: float, **options):
        while True:
            handed = services.sweep(limit=limit)
            services.purge()
            self.stdout.write(f"{handed} message(s) dispatched")
            if not loop:
                return
            time.sleep(loop)
