"""Write every search document again from the items (after an import, a restore, a
``bulk_create`` that sent no signal); batched and idempotent, stale documents removed."""

import time

from django.core.management.base import BaseCommand

from participation.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search documents of every searchable type (idempotent, batched)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--type", action="append", dest="keys", help="only this type (key)")

    def handle(self, *args, batch_size, keys, **options):
        started = time.perf_counter()
        counts = rebuild(batch_size=batch_size, keys=keys)
        for key, count in counts.items():
            self.stdout.write(f"{key}: {count}")
        self.stdout.write(f"indexed in {time.perf_counter() - started:.1f} s")
