"""Evaluators: assigning proposals to the space's evaluators, and their private notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from participation.errors import ServiceError
from proposals import events
from proposals.errors import BackofficeError
from proposals.models import EvaluatorAssignment, Proposal, ProposalNote
from proposals.permissions import can_manage, can_read_notes
from spaces.models import SpaceRole
from spaces.permissions import has_space_role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from participation.components.models import Component
    from participation.models import Space, User

NOTE_MAX_LENGTH = 2000


def space_evaluators(*, space: Space) -> list[User]:
    """People holding the evaluator role on ``space`` (directly or through a group)."""
    # Without attach_perms, guardian returns a queryset of users.
    users = cast(
        "QuerySet[User]",
        get_users_with_perms(
            space,
            with_group_users=True,
            only_with_perms_in=[SpaceRole.EVALUATOR.value],
        ),
    )
    return sorted(
        (user for user in users if user.organization_id == space.organization_id),
        key=lambda user: ((user.name or user.nickname or "").lower(), user.pk),
    )


def check_evaluator(*, space: Space, evaluator: User | None) -> None:
    if evaluator is None or not has_space_role(evaluator, space, SpaceRole.EVALUATOR):
        raise ServiceError(
            _("Choose a person holding the evaluator role in this space."),
            BackofficeError.NOT_AN_EVALUATOR,
            field="evaluator",
        )


def _check_assignment(actor: User, proposals: list[Proposal], evaluator: User | None) -> None:
    """Administrators of the proposals' space assign its evaluators, nobody else."""
    for component in {proposal.component for proposal in proposals}:
        if (
            component.manifest_name != "proposals"
            or getattr(actor, "organization_id", None) != component.organization_id
        ):
            raise ServiceError(
                _("Only administrators assign evaluators."), BackofficeError.PERMISSION_DENIED
            )
        check_can_assign(actor=actor, component=component)
        check_evaluator(space=component.space, evaluator=evaluator)


@transaction.atomic
def assign(*, actor: User, proposals: list[Proposal], evaluator: User) -> int:
    """Assign ``evaluator`` to each proposal (already assigned ones are left); returns how many."""
    _check_assignment(actor, proposals, evaluator)
    count = 0
    for proposal in proposals:
        try:
            with transaction.atomic():
                EvaluatorAssignment.objects.create(
                    organization_id=proposal.organization_id,
                    proposal=proposal,
                    evaluator=evaluator,
                    assigned_by=actor,
                )
        except IntegrityError:
            continue
        events.evaluator_assigned(
            organization=proposal.component.organization,
            actor=actor,
            target=proposal,
            changes={"evaluator": [None, evaluator.pk]},
        )
        count += 1
    return count


@transaction.atomic
def unassign(*, actor: User, proposals: list[Proposal], evaluator: User) -> int:
    _check_assignment(actor, proposals, evaluator)
    count = 0
    for proposal in proposals:
        deleted, _rows = EvaluatorAssignment.objects.filter(
            proposal=proposal, evaluator=evaluator
        ).delete()
        if deleted:
            events.evaluator_unassigned(
                organization=proposal.component.organization,
                actor=actor,
                target=proposal,
                changes={"evaluator": [evaluator.pk, None]},
            )
            count += 1
    return count


@transaction.atomic
def add_note(*, actor: User, proposal: Proposal, body: str) -> ProposalNote:
    component = proposal.component
    if (
        component.manifest_name != "proposals"
        or getattr(actor, "organization_id", None) != component.organization_id
        or proposal.organization_id != component.organization_id
        or not can_read_notes(user=actor, proposal=proposal, space=component.space)
    ):
        raise ServiceError(
            _("Only administrators and the evaluators assigned to it write notes here."),
            BackofficeError.PERMISSION_DENIED,
        )
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write the note."), BackofficeError.INVALID, field="body")
    if len(body) > NOTE_MAX_LENGTH:
        raise ServiceError(
            _("A note has at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH},
            BackofficeError.INVALID,
            field="body",
        )
    note = ProposalNote.objects.create(
        organization_id=proposal.organization_id, proposal=proposal, author=actor, body=body
    )
    # The log says a note exists, never what it says (the log is read more widely).
    events.note_added(
        organization=component.organization,
        actor=actor,
        target=proposal,
    )
    return note


def notes_for(
    *, user: User | AnonymousUser, proposal: Proposal, space: Space | None = None
) -> list[ProposalNote]:
    """The proposal's private notes when ``user`` may read them, else nothing (one query)."""
    if not can_read_notes(user=user, proposal=proposal, space=space):
        return []
    return list(ProposalNote.objects.filter(proposal=proposal).select_related("author"))


def check_can_assign(*, actor: User, component: Component) -> None:
    if not can_manage(user=actor, space=component.space):
        raise ServiceError(
            _("Only administrators assign evaluators."), BackofficeError.PERMISSION_DENIED
        )
