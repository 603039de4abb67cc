"""The amendments' personal data: one's amendments and supports on amendments.

Declared in the manifest (``proposals.component``: ``personal_data``).
"""

from django.utils.translation import gettext_lazy as _

from participation.privacy.registry import PersonalData
from proposals.diffs import plain


def export_amendments(user) -> dict:
    from proposals.models import Amendment, AmendmentVote

    amendments = [
        {
            "id": amendment.pk,
            "proposal_id": amendment.proposal_id,
            "title": amendment.title,
            "body": plain(amendment.body),
            "state": amendment.state,
            "created_at": amendment.created_at,
            "answered_at": amendment.answered_at,
            "withdrawn_at": amendment.withdrawn_at,
        }
        for amendment in Amendment.objects.filter(
            amender=user, organization_id=user.organization_id
        )
    ]
    votes = [
        {"amendment_id": pk, "amendment": title, "date": created_at}
        for pk, title, created_at in AmendmentVote.objects.filter(user=user).values_list(
            "amendment_id", "amendment__title", "created_at"
        )
    ]
    return {"amendments": amendments, "amendment_supports": votes}


def erase_amendments(user) -> None:
    """Supports on amendments go (and leave the counters); amendments stay, unsigned."""
    from proposals.services.amendments import erase_amendment_votes

    erase_amendment_votes(user=user)


AMENDMENTS = PersonalData(
    key="amendments",
    label=_("Amendments"),
    description=_(
        "The amendments you proposed to others' proposals and the amendments you support. "
        "When your account is deleted, your supports are deleted; your amendments stay, "
        "without your name."
    ),
    exporter=export_amendments,
    eraser=erase_amendments,
    order=41,
)
