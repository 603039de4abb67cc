"""Benchmark the proposals pages with N proposals, through Django's test client.

    python benchmarks/proposals.py --proposals 100000 [--runs 30] [--database sqlite:////tmp/b.db]

Builds the demo city in its own database (SQLite file under /tmp unless
``--database`` or DATABASE_URL says otherwise; PostgreSQL works the same),
then times the listing, a filtered listing, the map data and a proposal page
as an anonymous visitor and prints the median and 95th percentile in
milliseconds with the number of SQL queries of each page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=10000)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    database = (
        args.database
        or os.environ.get("DATABASE_URL")
        or (f"sqlite:////tmp/decidons-bench-proposals-{args.proposals}.sqlite3")
    )
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("RATELIMIT_ENABLE", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from participation import demo
    from participation.models import Organization
    from proposals.models import Proposal

    call_command("migrate", verbosity=0)
    if not Organization.objects.filter(host=demo.DEMO_HOST).exists():
        started = time.perf_counter()
        call_command(
            "seed_demo",
            "--proposals",
            str(args.proposals),
            "--participants",
            str(args.participants),
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        print(f"seed_demo --proposals {args.proposals}: {time.perf_counter() - started:.1f} s")
    proposal = Proposal.objects.filter(latitude__isnull=False).order_by("-supports_count").first()
    component = proposal.component
    print(f"{Proposal.objects.filter(component=component).count()} proposals in the component")
    base = component.url("index")
    pages = {
        "listing (random, 20)": base,
        "listing (most supported, 100)": base + "?order=most_supported&per_page=100",
        "filtered listing": base + "?q=jardin&location=with&state=not_answered&order=recent",
        "map data (all located)": component.url("map_data"),
        "map data (filtered)": component.url("map_data") + "?q=jardin",
        "proposal page": component.url("detail", pk=proposal.pk),
    }
    client = Client(HTTP_HOST=demo.DEMO_HOST)
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>10} {'queries':>8}")
    for label, url in pages.items():
        client.get(url)  # warm-up (session, caches)
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
        print(
            f"{label:32} {statistics.median(timings):10.1f} {p95:10.1f} "
            f"{len(queries.captured_queries):8d}"
        )


if __name__ == "__main__":
    main()
