"""The search documents: one row per searchable item, written when the item is written.

The row holds what the query needs to find, rank and show an item without reading the
item's own table: its title and plain text, the tenant, the space and component it lives
in (visibility is checked at query time against these, never stored), its state and its
publication date. On PostgreSQL a trigger keeps ``vector`` (a tsvector in the unaccented
French configuration ``french_unaccent``: title weight A, text weight B) current, with a
GIN index; on SQLite triggers keep the FTS5 table ``search_document_fts`` current
(``unicode61 remove_diacritics 2``). See the migration ``0001_initial``.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models.spaces import SpaceForeignKey


class SearchDocument(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # The key of a participation.search.registry.Searchable ("proposals", "comments"...).
    searchable = models.CharField(max_length=50)
    object_id = models.PositiveBigIntegerField()
    # The item's model, so that moderation (hidden items) is checked at query time.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    space = SpaceForeignKey(
        "participation.Space", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    # What the result shows when the item has no title of its own (a comment: its target).
    caption = models.CharField(max_length=500, blank=True)
    state_key = models.CharField(max_length=50, blank=True)
    state_label = models.CharField(max_length=100, blank=True)
    # Empty: seen by nobody on public pages (a draft); in the future: not yet.
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Written by the database (trigger), PostgreSQL only; stays empty on SQLite.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["searchable", "object_id"], name="search_document_unique_item"
            )
        ]
        indexes = [
            # The newest matches first (candidates for ranking), of every type or of one.
            models.Index(fields=["organization", "published_at", "id"], name="search_document_new"),
            models.Index(
                fields=["organization", "searchable", "published_at", "id"],
                name="search_document_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.searchable} {self.object_id}"
