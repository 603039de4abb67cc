import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# PostgreSQL: the unaccented French configuration ("republique" finds "République"), the
# trigger writing the vector (title weight A, text weight B) and its GIN index.
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    """CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
    BEGIN
        NEW.vector :=
            setweight(to_tsvector('french_unaccent', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('french_unaccent', coalesce(NEW.body, '')), 'B');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument",
    """CREATE TRIGGER search_document_vector BEFORE INSERT OR UPDATE OF title, body
        ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector()""",
    "CREATE INDEX IF NOT EXISTS search_document_vector ON search_searchdocument USING gin (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_vector()",
]

# SQLite: an FTS5 table over the documents' title and text (external content), kept in
# step by triggers; accents folded by the tokenizer.
SQLITE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_document_fts USING fts5(
        title, body, content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS search_document_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_document_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_document_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_document_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_document_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TABLE IF EXISTS search_document_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements(schema_editor.connection.vendor):
            schema_editor.execute(statement)

    return run


def _forward(vendor):
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, [])


def _backward(vendor):
    return {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}.get(vendor, [])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("components", "0003_remove_legacy_space_columns"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0003_space"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("searchable", models.CharField(max_length=50)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(blank=True, max_length=500, verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                ("caption", models.CharField(blank=True, max_length=500)),
                ("state_key", models.CharField(blank=True, max_length=50)),
                ("state_label", models.CharField(blank=True, max_length=100)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "component",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="components.component",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participation.organization",
                    ),
                ),
                (
                    "space",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="participation.space",
                    ),
                ),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "indexes": [
                    models.Index(
                        fields=["organization", "published_at", "id"], name="search_document_new"
                    ),
                    models.Index(
                        fields=["organization", "searchable", "published_at", "id"],
                        name="search_document_type",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("searchable", "object_id"), name="search_document_unique_item"
                    )
                ],
            },
        ),
        migrations.RunPython(_run(_forward), _run(_backward)),
    ]
