"""The random order's precomputed column, indexes on each ordering's whole sort key, and
PostgreSQL trigram indexes for the text filter.

The text filter keeps its meaning on every database (a case-insensitive "contains" on
the title or the description); on PostgreSQL, GIN trigram indexes on exactly the
expressions Django writes for ``icontains`` (``UPPER(col::text)``) spare a scan of
every proposal. Elsewhere (SQLite) those two steps do nothing.
"""

from django.db import migrations, models

import proposals.models

TRIGRAM_INDEXES = {
    "proposal_title_trgm": "title",
    "proposal_body_trgm": "body",
}


def shuffle_existing(apps, schema_editor):
    # AddField computed its default once for every existing row: draw one each.
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        sql = "UPDATE proposals_proposal SET shuffle = floor(random() * 2147483647)::integer"
    elif vendor == "sqlite":
        sql = "UPDATE proposals_proposal SET shuffle = abs(random() % 2147483647)"
    else:
        Proposal = apps.get_model("proposals", "Proposal")
        for pk in Proposal.objects.values_list("pk", flat=True).iterator():
            Proposal.objects.filter(pk=pk).update(shuffle=proposals.models.random_shuffle())
        return
    schema_editor.execute(sql)


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON proposals_proposal "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_answers_evaluators_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="shuffle",
            field=models.PositiveIntegerField(
                default=proposals.models.random_shuffle, editable=False
            ),
        ),
        migrations.RunPython(shuffle_existing, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["component", "shuffle", "id"], name="proposal_shuffle"),
        ),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
        migrations.RemoveIndex(model_name="proposal", name="proposal_recent"),
        migrations.RemoveIndex(model_name="proposal", name="proposal_supported"),
        migrations.RemoveIndex(model_name="proposal", name="proposal_commented"),
        migrations.RemoveIndex(model_name="proposal", name="proposal_followed"),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["component", "-published_at", "-id"], name="proposal_recent"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["component", "-supports_count", "-published_at", "-id"], name="proposal_supported"
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["component", "-comments_count", "-published_at", "-id"], name="proposal_commented"
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["component", "-followers_count", "-published_at", "-id"], name="proposal_followed"
            ),
        ),
    ]
