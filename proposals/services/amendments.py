"""Everything that changes amendments: propose, accept, reject, withdraw, support.

Each service checks permissions itself, locks the rows it decides on
(``select_for_update``: the proposal, then the amendment — always in that
order), writes in one transaction, logs the action and sends its
notification once the transaction commits. A refusal raises ``ServiceError``
with a stable ``AmendmentError`` code and changes nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, NoReturn

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.events import NotificationEvent
from participation.moderation.selectors import is_hidden
from proposals import events
from proposals.component import AMENDMENTS_VISIBLE_TO_PARTICIPANTS
from proposals.models import (
    Amendment,
    AmendmentState,
    AmendmentVote,
    Proposal,
    ProposalState,
)
from proposals.selectors import forget_counts
from proposals.services import _store_version, validate_text

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from participation.components.models import Component
    from participation.models import Space, User


class AmendmentError(StrEnum):
    PERMISSION_DENIED = "permission_denied"
    INVALID = "invalid"
    DISABLED = "amendments_disabled"
    CREATION_CLOSED = "amendment_creation_closed"
    REACTION_CLOSED = "amendment_reaction_closed"
    NOT_AMENDABLE = "not_amendable"
    OWN_PROPOSAL = "own_proposal"
    NO_CHANGE = "no_change"
    NOT_PROPOSAL_AUTHOR = "not_proposal_author"
    NOT_AMENDER = "not_amender"
    NOT_EVALUATING = "not_evaluating"
    NOT_VISIBLE = "not_visible"
    VOTES_CLOSED = "amendment_votes_closed"
    ALREADY_SUPPORTED = "already_supported"
    NOT_SUPPORTED = "not_supported"


# A refusal that means "this is not yours to do" (views answer 403, not 400).
FORBIDDEN = {
    AmendmentError.PERMISSION_DENIED,
    AmendmentError.NOT_PROPOSAL_AUTHOR,
    AmendmentError.NOT_AMENDER,
    AmendmentError.NOT_VISIBLE,
}

UNAMENDABLE_STATES = (ProposalState.WITHDRAWN, ProposalState.REJECTED)


def _refuse(message: str, code: AmendmentError) -> NoReturn:
    raise ServiceError(message, code)


def amendments_enabled(*, component: Component) -> bool:
    return component.manifest_name == "proposals" and bool(
        component.typed_settings.amendments_enabled
    )


def _check_component(actor: User | AnonymousUser | None, component: Component) -> None:
    if component.manifest_name != "proposals":
        _refuse(_("This is not a proposals component."), AmendmentError.INVALID)
    if actor is None or getattr(actor, "organization_id", None) != component.organization_id:
        _refuse(_("You are not allowed to do this here."), AmendmentError.PERMISSION_DENIED)
    if not amendments_enabled(component=component):
        _refuse(_("Amendments are not enabled here."), AmendmentError.DISABLED)


def is_amendable(*, proposal: Proposal) -> bool:
    """Published, neither withdrawn nor rejected (hidden ones are checked apart: a query)."""
    return proposal.published_at is not None and proposal.state not in UNAMENDABLE_STATES


def can_amend(
    *, user: User | AnonymousUser, proposal: Proposal, space: Space | None = None
) -> bool:
    """For pages: whether to offer ``user`` the "Amend" button (the service decides)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and proposal.author_id != user.pk
        and is_amendable(proposal=proposal)
        and amendments_enabled(component=proposal.component)
        and proposal.component.can(user, "amend", space=space)
    )


def may_see(
    *,
    user: User | AnonymousUser,
    amendment: Amendment,
    proposal: Proposal,
    visible_to_all: bool,
) -> bool:
    """Whether ``user`` reads ``amendment`` under the step's amendments visibility."""
    if visible_to_all:
        return True
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    return user_id is not None and user_id in (amendment.amender_id, proposal.author_id)


def visible_to_all(*, component: Component, space: Space | None = None) -> bool:
    """The active step shows amendments to everyone (else: to the author and each amender)."""
    visibility = component.active_step_settings(space=space).amendments_visibility
    return visibility != AMENDMENTS_VISIBLE_TO_PARTICIPANTS


def _notify(
    event: NotificationEvent, *, amendment: Amendment, actor: User, recipient: User | None
) -> None:
    if recipient is None:
        return
    event(
        target=amendment,
        actor=actor,
        organization=amendment.component.organization,
        recipients=[recipient],
        followers=False,
    )


# --- Proposing ---------------------------------------------------------------------------------


@transaction.atomic
def create_amendment(*, actor: User, proposal: Proposal, title: str, body: str) -> Amendment:
    """``actor`` proposes ``title`` and ``body`` instead of the proposal's current text."""
    component = proposal.component
    _check_component(actor, component)
    if not component.can(actor, "amend"):
        _refuse(_("Amendments cannot be proposed here now."), AmendmentError.CREATION_CLOSED)
    locked = (
        Proposal.objects.select_for_update()
        .filter(pk=proposal.pk, component=component, organization_id=component.organization_id)
        .first()
    )
    if locked is None or not is_amendable(proposal=locked) or is_hidden(locked):
        _refuse(
            _("Only a published proposal, neither withdrawn nor rejected, can be amended."),
            AmendmentError.NOT_AMENDABLE,
        )
    if locked.author_id == actor.pk:
        _refuse(
            _("You cannot amend your own proposal; edit it while you still can."),
            AmendmentError.OWN_PROPOSAL,
        )
    title, body = validate_text(component=component, title=title, body=body)
    if title == locked.title and body.strip() == (locked.body or "").strip():
        _refuse(
            _("Your amendment is the same as the current text: change something first."),
            AmendmentError.NO_CHANGE,
        )
    locked.component = component
    amendment = Amendment.objects.create(
        organization_id=component.organization_id,
        component=component,
        proposal=locked,
        amender=actor,
        base_version=locked.versions.order_by("-number").first(),
        title=title,
        body=body,
    )
    events.amendment_created(
        organization=component.organization,
        actor=actor,
        target=amendment,
        changes={"proposal": locked.pk},
    )
    _notify(
        events.amendment_created_notification,
        amendment=amendment,
        actor=actor,
        recipient=locked.author,
    )
    return amendment


# --- The author's answer -------------------------------------------------------------------------


def _locked_for_reaction(actor: User, amendment: Amendment) -> tuple[Proposal, Amendment]:
    component = amendment.component
    _check_component(actor, component)
    proposal = (
        Proposal.objects.select_for_update()
        .filter(pk=amendment.proposal_id, organization_id=component.organization_id)
        .first()
    )
    # Whose amendment it is comes first: a stranger learns nothing about the step.
    if proposal is None or proposal.author_id != actor.pk:
        _refuse(
            _("Only the author of the proposal may accept or reject its amendments."),
            AmendmentError.NOT_PROPOSAL_AUTHOR,
        )
    if not component.can(actor, "react_to_amendment"):
        _refuse(
            _("Amendments cannot be accepted or rejected here now."),
            AmendmentError.REACTION_CLOSED,
        )
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if not locked.is_evaluating:
        _refuse(
            _("This amendment has already been answered or withdrawn."),
            AmendmentError.NOT_EVALUATING,
        )
    if not is_amendable(proposal=proposal):
        _refuse(
            _("A withdrawn or rejected proposal cannot take amendments any more."),
            AmendmentError.NOT_AMENDABLE,
        )
    proposal.component = component
    locked.component = component
    locked.proposal = proposal
    return proposal, locked


@transaction.atomic
def accept_amendment(*, actor: User, amendment: Amendment) -> Amendment:
    """The author accepts: the amended text becomes the proposal's new version, by the amender."""
    proposal, locked = _locked_for_reaction(actor, amendment)
    before = {"title": proposal.title, "body": proposal.body}
    proposal.title, proposal.body = locked.title, locked.body
    proposal.save(update_fields=["title", "body", "updated_at"])
    forget_counts(proposal.organization_id)
    # The history credits the amender (the version's editor), not the author who accepted.
    version = _store_version(proposal, locked.amender)
    locked.state = AmendmentState.ACCEPTED
    locked.answered_at = timezone.now()
    locked.resulting_version = version
    locked.save(update_fields=["state", "answered_at", "resulting_version"])
    events.amendment_accepted(
        organization=proposal.component.organization,
        actor=actor,
        target=locked,
        changes={
            "proposal": proposal.pk,
            "version": version.number,
            "title": [before["title"], proposal.title],
        },
    )
    _notify(
        events.amendment_accepted_notification,
        amendment=locked,
        actor=actor,
        recipient=locked.amender,
    )
    return locked


@transaction.atomic
def reject_amendment(*, actor: User, amendment: Amendment) -> Amendment:
    """The author rejects: the amendment stays visible, marked as rejected."""
    proposal, locked = _locked_for_reaction(actor, amendment)
    locked.state = AmendmentState.REJECTED
    locked.answered_at = timezone.now()
    locked.save(update_fields=["state", "answered_at"])
    events.amendment_rejected(
        organization=proposal.component.organization,
        actor=actor,
        target=locked,
        changes={"proposal": proposal.pk},
    )
    _notify(
        events.amendment_rejected_notification,
        amendment=locked,
        actor=actor,
        recipient=locked.amender,
    )
    return locked


# --- The amender's withdrawal ----------------------------------------------------------------------


@transaction.atomic
def withdraw_amendment(*, actor: User, amendment: Amendment) -> Amendment:
    """The amender takes back an amendment the author has not answered yet (any step)."""
    component = amendment.component
    _check_component(actor, component)
    Proposal.objects.select_for_update().filter(pk=amendment.proposal_id).first()
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if locked.amender_id != actor.pk:
        _refuse(_("Only its amender may withdraw this amendment."), AmendmentError.NOT_AMENDER)
    if not locked.is_evaluating:
        _refuse(
            _("This amendment has already been answered or withdrawn."),
            AmendmentError.NOT_EVALUATING,
        )
    locked.state = AmendmentState.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["state", "withdrawn_at"])
    locked.component = component
    events.amendment_withdrawn(
        organization=component.organization,
        actor=actor,
        target=locked,
        changes={"proposal": locked.proposal_id},
    )
    return locked


# --- Supports on amendments ----------------------------------------------------------------------


def can_support(
    *, user: User | AnonymousUser, component: Component, space: Space | None = None
) -> bool:
    return bool(
        amendments_enabled(component=component)
        and component.can(user, "support_amendment", space=space)
        and not component.active_step_settings(space=space).supports_blocked
    )


def _locked_for_vote(actor: User, amendment: Amendment) -> Amendment:
    component = amendment.component
    _check_component(actor, component)
    if not component.typed_settings.amendments_votes_enabled:
        _refuse(_("Amendments cannot be supported here."), AmendmentError.VOTES_CLOSED)
    if not can_support(user=actor, component=component):
        _refuse(_("Supports on amendments are not open now."), AmendmentError.VOTES_CLOSED)
    # Only the amendment's row is locked (``of``): the proposal's belongs to the author's answer.
    locked = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("proposal")
        .get(pk=amendment.pk)
    )
    proposal = locked.proposal
    if not may_see(
        user=actor,
        amendment=locked,
        proposal=proposal,
        visible_to_all=visible_to_all(component=component),
    ) or (is_hidden(proposal)):
        _refuse(_("You cannot see this amendment."), AmendmentError.NOT_VISIBLE)
    if not locked.is_evaluating:
        _refuse(
            _("Only an amendment being evaluated can be supported."),
            AmendmentError.NOT_EVALUATING,
        )
    locked.component = component
    return locked


@transaction.atomic
def support_amendment(*, actor: User, amendment: Amendment) -> AmendmentVote:
    """One support per person: the database's unique constraint decides between two clicks."""
    locked = _locked_for_vote(actor, amendment)
    try:
        with transaction.atomic():
            vote = AmendmentVote.objects.create(amendment=locked, user=actor)
    except IntegrityError:
        _refuse(_("You already support this amendment."), AmendmentError.ALREADY_SUPPORTED)
    Amendment.objects.filter(pk=locked.pk).update(votes_count=F("votes_count") + 1)
    events.amendment_supported(
        organization=locked.component.organization,
        actor=actor,
        target=locked,
    )
    return vote


@transaction.atomic
def unsupport_amendment(*, actor: User, amendment: Amendment) -> None:
    locked = _locked_for_vote(actor, amendment)
    deleted, _rows = AmendmentVote.objects.filter(amendment=locked, user=actor).delete()
    if not deleted:
        _refuse(_("You do not support this amendment."), AmendmentError.NOT_SUPPORTED)
    Amendment.objects.filter(pk=locked.pk).update(votes_count=F("votes_count") - 1)
    events.amendment_unsupported(
        organization=locked.component.organization,
        actor=actor,
        target=locked,
    )


def erase_amendment_votes(*, user: User) -> None:
    """Account deletion: the person's supports on amendments go, and leave the counters."""
    votes = list(AmendmentVote.objects.select_for_update().filter(user=user))
    for vote in votes:
        Amendment.objects.filter(pk=vote.amendment_id).update(votes_count=F("votes_count") - 1)
    AmendmentVote.objects.filter(pk__in=[v.pk for v in votes]).delete()
