"""Who may do what in the proposals back-office (small predicates views and services share).

- space administrators (and organisation admins): everything;
- evaluators: the proposals assigned to them — read, answer, write private notes;
- collaborators: read the list, change nothing, never read private notes.
"""

from spaces.models import SpaceRole
from spaces.permissions import can_manage_space, has_space_role


# Positional on purpose: the manifest's ``admin_access`` rule, called as ``rule(user, space)``
# (participation.components.backoffice). The helpers below are keyword-only.
def can_open_admin(user, space) -> bool:
    """The manifest's ``admin_access``: who enters the proposals back-office at all."""
    return has_space_role(user, space, SpaceRole.ADMIN, SpaceRole.EVALUATOR, SpaceRole.COLLABORATOR)


def sees_every_proposal(*, user, space) -> bool:
    return has_space_role(user, space, SpaceRole.ADMIN, SpaceRole.COLLABORATOR)


def can_manage(*, user, space) -> bool:
    """States, evaluators, bulk changes, import, merge, split, hide: administrators."""
    return can_manage_space(user, space)


def is_assigned(*, user, proposal) -> bool:
    from proposals.models import EvaluatorAssignment

    return bool(
        getattr(user, "is_authenticated", False)
        and EvaluatorAssignment.objects.filter(proposal_id=proposal.pk, evaluator=user).exists()
    )


def can_evaluate(*, user, proposal, space=None) -> bool:
    """Answer and write private notes: administrators, or an evaluator assigned to it."""
    space = space or proposal.component.space
    if can_manage_space(user, space):
        return True
    return has_space_role(user, space, SpaceRole.EVALUATOR) and is_assigned(
        user=user, proposal=proposal
    )


def can_read_notes(*, user, proposal, space=None) -> bool:
    return can_evaluate(user=user, proposal=proposal, space=space)
