"""The reports a person made: in their data export; their free-text details erased with them."""

from django.utils.translation import gettext_lazy as _

from participation.moderation.models import Report
from participation.privacy.registry import PersonalData, register


def _export(user) -> list[dict]:
    return [
        {
            "item": report.moderation.target_label,
            "reason": report.reason,
            "details": report.details,
            "created_at": report.created_at.isoformat(),
        }
        for report in Report.objects.filter(user=user).select_related("moderation")
    ]


def _erase(user) -> None:
    # The report still counts (the moderators' decisions rest on it); its words go.
    Report.objects.filter(user=user).update(details="")


register(
    PersonalData(
        key="reports",
        label=_("Reports"),
        description=_("The content you reported to the moderators, with your reasons."),
        exporter=_export,
        eraser=_erase,
        order=80,
    )
)
