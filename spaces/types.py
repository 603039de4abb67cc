"""The five space types, registered in the core's registry (``participation.space_types``)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from participation.space_types import SPACE_TYPES, SpaceType, register_space_type
from spaces import models

__all__ = ["SPACE_TYPES", "SpaceType", "register"]


def _with_steps(queryset):
    """A concertation's pages show its steps (and which one is active)."""
    return queryset.prefetch_related(
        Prefetch("steps", queryset=models.ProcessStep.objects.order_by("position", "id"))
    )


def register() -> None:
    for space_type in (
        SpaceType(
            "processes",
            models.ParticipatoryProcess,
            _("Concertations"),
            _("Take part in the projects of your city, step by step."),
            prepare=_with_steps,
        ),
        SpaceType(
            "assemblies",
            models.Assembly,
            _("Assemblies"),
            _("Neighbourhood councils and working groups that meet all year round."),
        ),
        SpaceType(
            "initiatives",
            models.Initiative,
            _("Petitions"),
            _("Citizen initiatives collecting signatures."),
        ),
        SpaceType(
            "votations",
            models.Votation,
            _("Votations"),
            _("Secure votes on questions put to residents."),
        ),
        SpaceType(
            "conferences",
            models.Conference,
            _("Conferences"),
            _("Events with a programme, speakers and registration."),
        ),
    ):
        register_space_type(space_type)
