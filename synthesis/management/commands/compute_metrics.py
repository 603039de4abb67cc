import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from synthesis import services


class Command(BaseCommand):
    help = "Compute the daily metrics of every organisation (default: yesterday)."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="the day to compute, YYYY-MM-DD (default: yesterday)")
        parser.add_argument(
            "--backfill", type=int, default=0, help="also compute the DAYS days before --day"
        )

    def handle(self, *args, day=None, backfill=0, **options):
        if backfill < 0 or backfill > 3660:
            raise CommandError("--backfill must be between 0 and 3660 days.")
        if day:
            try:
                target = datetime.date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"--day must be a date as YYYY-MM-DD, not {day!r}.") from None
        elif not backfill:
            # Each organisation's own yesterday, in its time zone.
            written = services.compute_daily_metrics(day=None)
            self.stdout.write(self.style.SUCCESS(f"{written} value(s) written."))
            return
        else:
            target = timezone.localdate() - datetime.timedelta(days=1)
        if target > timezone.localdate() + datetime.timedelta(days=1):
            raise CommandError("--day cannot be in the future.")
        written = 0
        for offset in range(backfill, -1, -1):
            current = target - datetime.timedelta(days=offset)
            written += services.compute_daily_metrics(day=current)
            self.stdout.write(f"{current.isoformat()}: done")
        self.stdout.write(self.style.SUCCESS(f"{written} value(s) written."))
