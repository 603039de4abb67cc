"""Benchmark the search page with N proposals and M comments, through Django's test client.

    python benchmarks/search.py --proposals 100000 --comments 300000 [--runs 30]
        [--database postgres://postgres@127.0.0.1:5432/decidons_bench_search]

Builds the demo city with N proposals (``seed_demo``) in its own database, adds comments
on random proposals up to M (``bulk_create`` in batches, words drawn from a French
vocabulary), writes the search documents (``rebuild_search_index``, timed), runs
``VACUUM ANALYZE`` on PostgreSQL, then times a set of searches as an anonymous visitor:
per search the median and 95th percentile wall time in milliseconds, the median time
spent in SQL, the number of queries and of results on the page.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "vélo",
    "piste",
    "école",
    "cantine",
    "jardin",
    "partagé",
    "arbre",
    "place",
    "marché",
    "bibliothèque",
    "piscine",
    "éclairage",
    "trottoir",
    "bus",
    "tramway",
    "parking",
    "quartier",
    "parc",
    "fontaine",
    "banc",
    "propreté",
    "déchets",
    "compost",
    "recyclage",
    "sécurité",
    "carrefour",
    "crèche",
    "gymnase",
    "musée",
    "théâtre",
    "concert",
    "fête",
    "associations",
    "jeunes",
    "aînés",
    "accessibilité",
    "handicap",
    "logement",
    "chauffage",
    "énergie",
    "solaire",
    "rue",
    "avenue",
    "boulevard",
    "pont",
    "rivière",
    "forêt",
    "pelouse",
    "fleurs",
    "potager",
    "ruche",
    "abeilles",
    "république",
    "liberté",
    "égalité",
    "citoyenneté",
    "démocratie",
    "budget",
    "participatif",
    "projet",
    "idée",
]
SEARCHES = [
    ("one word, common", "vélo"),
    ("one word, accents left out", "republique"),
    ("two words", "piste cyclable"),
    ("phrase", '"jardin partagé"'),
    ("rare word", "ruche abeilles"),
    ("no result", "zygomatique"),
    ("in proposals only", "école&type=proposals"),
    ("in comments only", "fontaine&type=comments"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=100000)
    parser.add_argument("--comments", type=int, default=300000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    database = (
        args.database
        or os.environ.get("DATABASE_URL")
        or f"sqlite:////tmp/decidons-bench-search-{args.proposals}.sqlite3"
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
    from participation.comments.models import Comment
    from participation.models import Organization, User
    from participation.search.models import SearchDocument
    from proposals.models import Proposal

    call_command("migrate", verbosity=0)
    if not Organization.objects.filter(host=demo.DEMO_HOST).exists():
        started = time.perf_counter()
        call_command(
            "seed_demo",
            "--proposals",
            str(args.proposals),
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        print(f"seed_demo --proposals {args.proposals}: {time.perf_counter() - started:.1f} s")
    organization = Organization.objects.get(host=demo.DEMO_HOST)
    missing = args.comments - Comment.objects.filter(organization=organization).count()
    if missing > 0:
        started = time.perf_counter()
        rng = random.Random(14)
        proposal_ids = list(
            Proposal.objects.filter(organization=organization).values_list("pk", flat=True)
        )
        authors = list(User.objects.filter(organization=organization).values_list("pk", flat=True))
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(Proposal)
        for start in range(0, missing, 5000):
            Comment.objects.bulk_create(
                [
                    Comment(
                        organization=organization,
                        content_type=content_type,
                        object_id=rng.choice(proposal_ids),
                        author_id=rng.choice(authors),
                        body="<p>" + " ".join(rng.choices(WORDS, k=rng.randint(8, 60))) + "</p>",
                    )
                    for _ in range(min(5000, missing - start))
                ]
            )
        print(f"{missing} comments: {time.perf_counter() - started:.1f} s")
    if SearchDocument.objects.count() < args.proposals + args.comments:
        started = time.perf_counter()
        call_command("rebuild_search_index", "--batch-size", "2000", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(
            f"rebuild_search_index ({SearchDocument.objects.count()} documents): "
            f"{time.perf_counter() - started:.1f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client(HTTP_HOST=demo.DEMO_HOST)
    print(
        f"\n{connection.vendor}, {Proposal.objects.count()} proposals, "
        f"{Comment.objects.count()} comments, {SearchDocument.objects.count()} documents\n"
    )
    print("| search | median ms | p95 ms | SQL ms | queries | results |")
    print("|---|---:|---:|---:|---:|---:|")
    medians = []
    for label, query in SEARCHES:
        url = f"/search/?q={query}"
        client.get(url)
        walls, sqls = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                walls.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        results = response.content.decode().count('class="search-result"')
        walls.sort()
        medians.append(statistics.median(walls))
        print(
            f"| {label} (`{query}`) | {statistics.median(walls):.0f} "
            f"| {walls[int(len(walls) * 0.95) - 1]:.0f} | {statistics.median(sqls):.0f} "
            f"| {len(queries)} | {results} |"
        )
    print(f"\nmedian of the medians: {statistics.median(medians):.0f} ms")


if __name__ == "__main__":
    main()
