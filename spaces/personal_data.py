"""Space memberships: in the person's data export; they end with the account."""

from django.utils.translation import gettext_lazy as _

from participation.privacy.registry import PersonalData, register
from spaces.models.membership import SpaceMember


def export_memberships(user) -> list[dict]:
    return [
        {
            "space": str(member.space) if member.space is not None else None,
            "position": member.position,
            "invited_at": member.invited_at,
            "accepted_at": member.accepted_at,
        }
        for member in SpaceMember.objects.filter(user=user).prefetch_related("space")
    ]


def erase_memberships(user) -> None:
    # Like roles, membership of private spaces and assemblies ends with the account.
    SpaceMember.objects.filter(user=user).delete()


register(
    PersonalData(
        key="space-memberships",
        label=_("Space memberships"),
        description=_("The private spaces and assemblies you are a member of, and your position."),
        exporter=export_memberships,
        eraser=erase_memberships,
        order=30,
    )
)
