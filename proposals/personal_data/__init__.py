"""The proposals component's personal data: one's proposals (drafts included) and supports.

Declared in the manifest (``proposals.component``: ``personal_data``)."""

from django.utils.translation import gettext_lazy as _

from participation.privacy.registry import PersonalData
from proposals.diffs import plain


def export_proposals(user) -> dict:
    from proposals.models import Proposal, Support

    proposals = [
        {
            "id": proposal.pk,
            "title": proposal.title,
            "body": plain(proposal.body),
            "state": proposal.state,
            "address": proposal.address,
            "latitude": float(proposal.latitude) if proposal.latitude is not None else None,
            "longitude": float(proposal.longitude) if proposal.longitude is not None else None,
            "published_at": proposal.published_at,
            "withdrawn_at": proposal.withdrawn_at,
            "created_at": proposal.created_at,
            "attachments": [a.original_name for a in proposal.attachments.all()],
        }
        for proposal in Proposal.objects.filter(
            author=user, organization_id=user.organization_id
        ).prefetch_related("attachments")
    ]
    supports = [
        {"proposal": title, "proposal_id": pk, "value": value, "date": created_at}
        for pk, title, value, created_at in Support.objects.filter(user=user).values_list(
            "proposal_id", "proposal__title", "value", "created_at"
        )
    ]
    return {"proposals": proposals, "supports": supports}


def erase_proposals(user) -> None:
    """Supports go (and leave the counters); drafts go; published proposals stay, unsigned."""
    from participation.services.attachments import delete_attachments_of
    from proposals.models import Proposal
    from proposals.models.answers import EvaluatorAssignment
    from proposals.services import erase_supports

    erase_supports(user=user)
    # Evaluation assignments are a role: they end with the account.
    EvaluatorAssignment.objects.filter(evaluator=user).delete()
    drafts = list(Proposal.objects.drafts().filter(author=user))
    delete_attachments_of(targets=drafts)
    for draft in drafts:
        draft.delete()


PROPOSALS = PersonalData(
    key="proposals",
    label=_("Proposals and supports"),
    description=_(
        "The proposals you wrote (drafts included, with their address, point and file "
        "names) and the proposals you support. When your account is deleted, your "
        "supports and drafts are deleted; your published proposals stay, without your name."
    ),
    exporter=export_proposals,
    eraser=erase_proposals,
    order=40,
)
