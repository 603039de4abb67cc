"""Reading amendments: who sees which, the proposal page's list, diffs — fixed query counts."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from proposals.diffs import html_diff
from proposals.models import Amendment, AmendmentVote
from proposals.services.amendments import amendments_enabled, visible_to_all


def _user_id(user):
    return user.pk if getattr(user, "is_authenticated", False) else None


def visible_amendments(proposal, user, *, space=None) -> QuerySet:
    """The amendments of ``proposal`` that ``user`` may read (a lazy queryset, no query).

    Everyone reads them when the step shows amendments to all; otherwise the
    proposal's author reads them all and each participant only their own.
    """
    component = proposal.component
    amendments = Amendment.objects.filter(
        proposal_id=proposal.pk, organization_id=component.organization_id
    )
    if not amendments_enabled(component=component):
        return amendments.none()
    if visible_to_all(component=component, space=space):
        return amendments
    user_id = _user_id(user)
    if user_id is None:
        return amendments.none()
    if proposal.author_id == user_id:
        return amendments
    return amendments.filter(amender_id=user_id)


def amendments_for_page(proposal, user, *, space=None) -> list[Amendment]:
    """The list on the proposal page: amender loaded, ``my_vote`` set (one query: the
    visitor's support comes as an ``Exists`` of the same statement)."""
    amendments = visible_amendments(proposal, user, space=space).select_related("amender")
    user_id = _user_id(user)
    if user_id is not None:
        amendments = amendments.annotate(
            voted=Exists(AmendmentVote.objects.filter(user_id=user_id, amendment_id=OuterRef("pk")))
        )
    amendments = list(amendments.order_by("created_at", "id"))
    for amendment in amendments:
        amendment.component = proposal.component
        amendment.proposal = proposal
        amendment.my_vote = bool(getattr(amendment, "voted", False))
    return amendments


def voted_by(user, amendments) -> set[int]:
    """Ids of ``amendments`` that ``user`` supports (one query; none when anonymous)."""
    user_id = _user_id(user)
    if user_id is None or not amendments:
        return set()
    return set(
        AmendmentVote.objects.filter(
            user_id=user_id, amendment_id__in=[a.pk for a in amendments]
        ).values_list("amendment_id", flat=True)
    )


def diff_of(amendment, proposal) -> dict:
    """What the amendment changes: against the current text while it is being evaluated,
    against the version it was written on once answered or withdrawn."""
    if amendment.is_evaluating or amendment.base_version is None:
        before_title, before_body = proposal.title, proposal.body
    else:
        before_title, before_body = amendment.base_version.title, amendment.base_version.body
    return {
        "title_diff": html_diff(before_title, amendment.title),
        "body_diff": html_diff(before_body, amendment.body),
    }


def with_amendments_filter(queryset, *, component, user, present: bool) -> QuerySet:
    """Proposals of ``queryset`` with (or without) an amendment ``user`` may read.

    One correlated EXISTS sub-query: no extra round trip, whatever the page size.
    """
    amendments = Amendment.objects.filter(proposal_id=OuterRef("pk"))
    if not visible_to_all(component=component):
        user_id = _user_id(user)
        if user_id is None:
            return queryset.none() if present else queryset
        amendments = amendments.filter(Q(amender_id=user_id) | Q(proposal__author_id=user_id))
    exists = Exists(amendments)
    return queryset.filter(exists) if present else queryset.filter(~exists)
