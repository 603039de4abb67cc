"""Benchmark the proposals pages with N proposals, through Django's test client.

    python benchmarks/proposals.py --proposals 100000 [--runs 30] [--database sqlite:////tmp/b.db]

Builds the demo city in its own database (SQLite file under /tmp unless
``--database`` or DATABASE_URL says otherwise; PostgreSQL works the same),
then times the listing, a filtered listing, the map data and a proposal page
(the one with a 100-comment discussion) as an anonymous visitor (or, with
``--signed-in``, as a participant who supports and follows that proposal) and prints,
per page, the median and 95th percentile wall time in milliseconds, the
median CPU time of the web process and time spent waiting on SQL (which stay
meaningful when other processes share the machine), and the number of SQL
queries. ``--show-queries`` prints each page's SQL with its duration.
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
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL")
    parser.add_argument(
        "--signed-in",
        action="store_true",
        help="as a signed-in participant who supports the measured proposal",
    )
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
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from participation import demo
    from participation.comments.models import Comment, CommentVote
    from participation.models import Organization
    from proposals.models import Proposal, Support

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
    if connection.vendor == "postgresql":
        # What autovacuum does on a live database: fresh statistics, a visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    # The seeder gives its first proposal a discussion of 100 comments: the page measured.
    proposal = Proposal.objects.order_by("-comments_count", "id").first()
    component = proposal.component
    print(f"{Proposal.objects.filter(component=component).count()} proposals in the component")
    comments = Comment.objects.filter(object_id=proposal.pk, content_type__model="proposal")
    print(
        f"proposal page: {comments.count()} comments "
        f"({comments.filter(parent__isnull=False).count()} replies, "
        f"{CommentVote.objects.filter(comment__in=comments).count()} votes)"
    )
    base = component.url("index")
    pages = {
        "listing (random, 20)": base,
        "listing (most supported, 100)": base + "?order=most_supported&per_page=100",
        "filtered listing": base + "?q=jardin&location=with&state=not_answered&order=recent",
        "map data (all located)": component.url("map_data"),
        "map data (filtered)": component.url("map_data") + "?q=jardin",
        f"proposal page ({proposal.comments_count} comments)": component.url(
            "detail", pk=proposal.pk
        ),
    }
    # The same filtered listing with an empty cache before every request: the first
    # visitor after a change pays the organisation look-up and the count.
    cold = {"filtered listing, cold cache": pages["filtered listing"]}
    pages.update(cold)
    client = Client(HTTP_HOST=demo.DEMO_HOST)
    if args.signed_in:
        from django.contrib.contenttypes.models import ContentType

        from participation.notifications.models import Follow

        support = Support.objects.filter(proposal=proposal, user__is_active=True).first()
        person = support.user if support else proposal.author
        Follow.objects.get_or_create(
            organization_id=proposal.organization_id,
            user=person,
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=proposal.pk,
        )
        client.force_login(person)
        print(f"signed in as participant {person.pk}")
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'SQL ms':>8} {'queries':>8}")
    for label, url in pages.items():
        client.get(url)  # warm-up (cookies, caches)
        timings, cpu, sql = [], [], []
        for _ in range(args.runs):
            if label in cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
        print(
            f"{label:32} {statistics.median(timings):10.1f} {p95:8.1f} "
            f"{statistics.median(cpu):8.1f} {statistics.median(sql):8.1f} "
            f"{len(queries.captured_queries):8d}"
        )
        if args.show_queries:
            for query in queries.captured_queries:
                print(f"    {query['time']:>6}s  {query['sql'][:300]}")


if __name__ == "__main__":
    main()
