"""Categories and areas: what every component files its content under.

A space's categories (one level of sub-categories) and an organisation's areas
(scopes: neighbourhoods or themes, nested) belong to the core, so proposals,
budget projects and newsletters point at them without knowing the spaces app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models.spaces import SpaceForeignKey


class Category(models.Model):
    # Each row carries its organisation, so tenancy filters never need a join.
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # Answers the space as its own type (a ParticipatoryProcess...).
    space = SpaceForeignKey(
        "participation.Space", on_delete=models.CASCADE, related_name="category_set"
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
        help_text=_("Leave empty for a main category; sub-categories go one level deep only."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "parent", "name"],
                name="category_unique_name_per_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Scope(models.Model):
    """An area (a neighbourhood) or a theme of an organisation; may sit inside a larger one."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("inside"),
        help_text=_("Optional: the larger area this one belongs to."),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "title"], name="scope_unique_title")
        ]

    def __str__(self) -> str:
        return self.title
