"""Reading the proposals back-office: the filtered list (a fixed number of queries) and one
proposal with everything its admin page shows."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q

from participation.moderation.models import Moderation
from proposals.models import EvaluatorAssignment, Proposal, ProposalAnswer, ProposalState
from proposals.permissions import sees_every_proposal

ANSWERED_YES, ANSWERED_NO, ANSWERED_UNPUBLISHED = "yes", "no", "unpublished"


def _hidden_flag():
    return Exists(
        Moderation.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=OuterRef("pk"),
            hidden_at__isnull=False,
        )
    )


def backoffice_proposals(component, user, space=None):
    """Published proposals of the component this person may see in the back-office:
    all of them for administrators and collaborators, their assigned ones for evaluators.
    Hidden ones included (flagged ``is_hidden``): administrators may still answer them."""
    space = space or component.space
    queryset = Proposal.objects.published().filter(
        component=component, organization_id=component.organization_id
    )
    if not sees_every_proposal(user=user, space=space):
        queryset = queryset.filter(evaluator_assignments__evaluator=user)
    return queryset.annotate(is_hidden=_hidden_flag())


def filtered(queryset, data: dict):
    """Apply the list's cleaned filters (see ``admin_forms.FilterForm``)."""
    text = (data.get("q") or "").strip()[:100]
    if text:
        condition = Q(title__icontains=text) | Q(body__icontains=text)
        if text.isdigit():
            condition |= Q(pk=int(text))
        queryset = queryset.filter(condition)
    state = data.get("state") or ""
    if state.startswith("custom-") and state[7:].isdigit():
        queryset = queryset.filter(custom_state_id=int(state[7:]))
    elif state in ProposalState.values:
        queryset = queryset.filter(state=state, custom_state__isnull=True)
    if data.get("category"):
        queryset = queryset.filter(category=data["category"])
    if data.get("scope"):
        queryset = queryset.filter(scope=data["scope"])
    if data.get("evaluator"):
        queryset = queryset.filter(
            pk__in=EvaluatorAssignment.objects.filter(evaluator=data["evaluator"]).values(
                "proposal_id"
            )
        )
    answered = data.get("answered")
    published_answers = ProposalAnswer.objects.filter(published_at__isnull=False).exclude(
        state=ProposalState.NOT_ANSWERED
    )
    if answered == ANSWERED_YES:
        queryset = queryset.filter(pk__in=published_answers.values("proposal_id"))
    elif answered == ANSWERED_NO:
        queryset = queryset.exclude(pk__in=published_answers.values("proposal_id"))
    elif answered == ANSWERED_UNPUBLISHED:
        queryset = queryset.filter(
            pk__in=ProposalAnswer.objects.filter(published_at__isnull=True).values("proposal_id")
        )
    return queryset


def for_list(queryset):
    """What each row shows, in a fixed number of queries (joins and one prefetch)."""
    return (
        queryset.select_related("author", "category", "scope", "custom_state", "answer")
        .prefetch_related(
            Prefetch(
                "evaluator_assignments",
                queryset=EvaluatorAssignment.objects.select_related("evaluator").order_by("id"),
            )
        )
        .order_by("-published_at", "-id")
    )


def backoffice_proposal(component, pk: int):
    """One proposal of the component for its admin page, or None."""
    return (
        Proposal.objects.published()
        .filter(component=component, organization_id=component.organization_id, pk=pk)
        .annotate(is_hidden=_hidden_flag())
        .select_related("author", "category", "scope", "custom_state")
        .prefetch_related(
            Prefetch(
                "evaluator_assignments",
                queryset=EvaluatorAssignment.objects.select_related("evaluator").order_by("id"),
            )
        )
        .first()
    )


def answer_of(proposal) -> ProposalAnswer | None:
    return ProposalAnswer.objects.filter(proposal=proposal).select_related("custom_state").first()
