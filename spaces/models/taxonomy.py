"""What an organisation uses to sort its spaces: groups and types (areas, ``Scope``, are the
core's: ``participation.models.Scope``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class _OrganizationTaxonomy(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        abstract = True
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "title"], name="%(app_label)s_%(class)s_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProcessGroup(_OrganizationTaxonomy):
    """Several concertations presented together (e.g. "Budget participatif 2027")."""

    description = models.TextField(_("description"), blank=True)

    class Meta(_OrganizationTaxonomy.Meta):
        verbose_name = _("process group")
        verbose_name_plural = _("process groups")


class ProcessType(_OrganizationTaxonomy):
    class Meta(_OrganizationTaxonomy.Meta):
        verbose_name = _("type of concertation")
        verbose_name_plural = _("types of concertation")


class AssemblyType(_OrganizationTaxonomy):
    class Meta(_OrganizationTaxonomy.Meta):
        verbose_name = _("type of assembly")
        verbose_name_plural = _("types of assembly")
