import datetime

from django.core.management.base import BaseCommand, CommandError

from synthesis import services


class Command(BaseCommand):
    help = "Compute the daily metrics of every organisation (default: yesterday)."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="the day to compute, YYYY-MM-DD (default: yesterday)")
        parser.add_argument(
            "--backfill", type=int, default=0, help="also compute the DAYS days before --day"
        )

    def handle(self, *args, day=None, backfill=0, **options):
        if day:
            try:
                target = datetime.date.fromisoformat(day)
            except ValueError:
                raise CommandError(f"--day must be a date as YYYY-MM-DD, not {day!r}.") from None
        else:
            target = datetime.date.today() - datetime.timedelta(days=1)
        if target > datetime.date.today():
            raise CommandError("--day cannot be in the future.")
        if backfill < 0 or backfill > 3660:
            raise CommandError("--backfill must be between 0 and 3660 days.")
        written = 0
        for offset in range(backfill, -1, -1):
            current = target - datetime.timedelta(days=offset)
            written += services.compute_daily_metrics(current)
            self.stdout.write(f"{current.isoformat()}: done")
        self.stdout.write(self.style.SUCCESS(f"{written} value(s) written."))
