"""Actions on a selection of the back-office list: one transaction, one log entry per proposal.

All or nothing: when one proposal of the selection is refused, nothing changes
and the message names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from proposals import events
from proposals.errors import BackofficeError
from proposals.models import Proposal, ProposalAnswer
from proposals.permissions import can_manage
from proposals.selectors import forget_counts
from proposals.services import answers, evaluation, validate_details

if TYPE_CHECKING:
    from participation.components.models import Component
    from participation.models import User

MAX_SELECTION = 500
ACTIONS = ("category", "scope", "assign", "unassign", "answer", "publish_answers")
# The logged event of each field the bulk actions set.
FIELD_CHANGED = {"category": events.category_changed, "scope": events.scope_changed}


def selected(
    *, actor: User, component: Component, proposal_ids: Iterable[int | str]
) -> list[Proposal]:
    """The published proposals of ``component`` among ``proposal_ids``, locked, in id order."""
    if (
        component.manifest_name != "proposals"
        or getattr(actor, "organization_id", None) != component.organization_id
        or not can_manage(user=actor, space=component.space)
    ):
        raise ServiceError(
            _("Only administrators change several proposals at once."),
            BackofficeError.PERMISSION_DENIED,
        )
    ids = sorted({int(pk) for pk in proposal_ids if str(pk).isdigit()})[: MAX_SELECTION + 1]
    if not ids:
        raise ServiceError(_("Select at least one proposal."), BackofficeError.EMPTY_SELECTION)
    if len(ids) > MAX_SELECTION:
        raise ServiceError(
            _("Select at most %(count)d proposals at once.") % {"count": MAX_SELECTION},
            BackofficeError.INVALID,
        )
    proposals = list(
        Proposal.objects.select_for_update()
        .filter(
            pk__in=ids,
            component=component,
            organization_id=component.organization_id,
            published_at__isnull=False,
        )
        .order_by("pk")
    )
    if len(proposals) != len(ids):
        raise ServiceError(
            _("Some selected proposals are not in this component."), BackofficeError.INVALID
        )
    for proposal in proposals:
        proposal.component = component
    return proposals


def _set_field(
    actor: User, component: Component, proposals: list[Proposal], name: str, value: Any
) -> int:
    cleaned = validate_details(component=component, data={name: value})
    new = cleaned[name]
    new_id = getattr(new, "pk", new)
    count = 0
    for proposal in proposals:
        before = getattr(proposal, f"{name}_id")
        if before == new_id:
            continue
        Proposal.objects.filter(pk=proposal.pk).update(**{f"{name}_id": new_id})
        FIELD_CHANGED[name](
            organization=component.organization,
            actor=actor,
            target=proposal,
            changes={name: [before, new_id]},
        )
        count += 1
    if count:
        forget_counts(component.organization_id)  # update() sends no signal
    return count


def _answer_state(actor: User, component: Component, proposals: list[Proposal], value: str) -> int:
    state, custom_state = answers.parse_state(component=component, value=value)
    existing = {
        answer.proposal_id: answer
        for answer in ProposalAnswer.objects.filter(proposal__in=proposals)
    }
    count = 0
    for proposal in proposals:
        previous = existing.get(proposal.pk)
        try:
            answers.answer_proposal(
                actor=actor,
                proposal=proposal,
                state=state,
                custom_state=custom_state,
                text=previous.text if previous else "",
                cost=previous.cost if previous else None,
                cost_report=previous.cost_report if previous else "",
                execution_period=previous.execution_period if previous else "",
            )
        except ValidationError as error:
            raise ServiceError(
                _("“%(title)s”: %(reason)s")
                % {"title": proposal.title, "reason": " ".join(error.messages)},
                BackofficeError.INVALID,
            ) from error
        count += 1
    return count


def bulk_action(
    *,
    actor: User,
    component: Component,
    proposal_ids: Iterable[int | str],
    action: str,
    value: Any = None,
) -> int:
    """Apply ``action`` to the selected proposals; returns how many changed."""
    if action not in ACTIONS:
        raise ServiceError(_("Choose an action from the list."), BackofficeError.INVALID)
    with transaction.atomic():
        proposals = selected(actor=actor, component=component, proposal_ids=proposal_ids)
        if action in ("category", "scope"):
            return _set_field(actor, component, proposals, action, value)
        if action in ("assign", "unassign"):
            evaluation.check_evaluator(space=component.space, evaluator=value)
            service = evaluation.assign if action == "assign" else evaluation.unassign
            return service(actor=actor, proposals=proposals, evaluator=value)
        if action == "answer":
            return _answer_state(actor, component, proposals, value)
        return answers.publish_answers(
            actor=actor, component=component, proposal_ids=[p.pk for p in proposals]
        )
