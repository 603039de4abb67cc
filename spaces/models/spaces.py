"""The five kinds of participatory space, and the steps of a concertation.

Each type is a child of the core's one ``Space`` table (multi-table inheritance):
the common fields live there, each model here adds its own.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.models.spaces import Space, SpaceQuerySet, SpaceRole, Visibility
from participation.richtext import SanitizedHTMLField

__all__ = [
    "Assembly",
    "Conference",
    "Initiative",
    "ParticipatoryProcess",
    "ProcessStep",
    "Space",
    "SpaceQuerySet",
    "SpaceRole",
    "Visibility",
    "Votation",
]


class _Scoped(models.Model):
    """The area a space is about; the organisation's taxonomies belong to ``spaces``."""

    scope = models.ForeignKey(
        "participation.Scope",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("The neighbourhood or theme this space is about, used to filter lists."),
    )

    class Meta:
        abstract = True


class ParticipatoryProcess(Space, _Scoped):  # noqa: DJ008 (Space.__str__)
    SPACE_TYPE = "processes"

    group = models.ForeignKey(
        "spaces.ProcessGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("process group"),
    )
    process_type = models.ForeignKey(
        "spaces.ProcessType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("type of concertation"),
    )

    class Meta:
        verbose_name = _("concertation")
        verbose_name_plural = _("concertations")

    @property
    def active_step(self):
        # Uses the prefetched steps when the caller fetched them.
        return next((step for step in self.steps.all() if step.active), None)


class ProcessStep(models.Model):
    process = models.ForeignKey(
        ParticipatoryProcess, on_delete=models.CASCADE, related_name="steps"
    )
    title = models.CharField(_("title"), max_length=200)
    description = SanitizedHTMLField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process"], condition=Q(active=True), name="one_active_step_per_process"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Assembly(Space, _Scoped):  # noqa: DJ008 (Space.__str__)
    SPACE_TYPE = "assemblies"

    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent assembly"),
    )
    purpose = SanitizedHTMLField(_("purpose"), blank=True)
    assembly_type = models.ForeignKey(
        "spaces.AssemblyType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assemblies",
        verbose_name=_("type of assembly"),
    )

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")


class Initiative(Space, _Scoped):  # noqa: DJ008 (Space.__str__)
    SPACE_TYPE = "initiatives"

    signatures_required = models.PositiveIntegerField(_("signatures required"), default=0)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")


class Votation(Space, _Scoped):  # noqa: DJ008 (Space.__str__)
    SPACE_TYPE = "votations"

    class Meta:
        verbose_name = _("votation")
        verbose_name_plural = _("votations")


class Conference(Space, _Scoped):  # noqa: DJ008 (Space.__str__)
    SPACE_TYPE = "conferences"

    location = models.CharField(_("location"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
