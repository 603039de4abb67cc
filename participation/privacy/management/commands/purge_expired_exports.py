from django.core.management.base import BaseCommand

from participation.privacy.exports import purge_expired_exports


class Command(BaseCommand):
    help = "Delete the files of expired personal-data exports (Celery beat runs it hourly)."

    def handle(self, *args, **options):
        count = purge_expired_exports()
        self.stdout.write(f"{count} expired export(s) purged.")
