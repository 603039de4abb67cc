"""The registry of space types, keyed by the URL segment each is served under."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spaces import models


@dataclass(frozen=True)
class SpaceType:
    key: str
    model: type[models.Space]
    label: Promise
    intro: Promise


SPACE_TYPES: dict[str, SpaceType] = {
    space_type.key: space_type
    for space_type in (
        SpaceType(
            "processes",
            models.ParticipatoryProcess,
            _("Concertations"),
            _("Take part in the projects of your city, step by step."),
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
    )
}
