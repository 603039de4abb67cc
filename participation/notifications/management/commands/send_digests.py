"""Send the daily or weekly e-mail digests (for cron, beside or instead of Celery beat)."""

from django.core.management.base import BaseCommand

from participation.notifications.models import EmailMode
from participation.notifications.tasks import digest


class Command(BaseCommand):
    help = (
        "E-mail each person who chose a daily (or weekly) digest what they have not been "
        "sent yet. Running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=["daily", "weekly"])

    def handle(self, *args, frequency: str, **options):
        mode = EmailMode.DAILY if frequency == "daily" else EmailMode.WEEKLY
        sent = digest(mode)
        self.stdout.write(f"{sent} digest(s) sent.")
