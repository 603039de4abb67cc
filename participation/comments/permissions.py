"""Who may comment on a target, and why not: the reason is shown instead of the form."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from participation.components.predicates import (
    ActionContext,
    required_methods,
    signed_in,
    space_member,
    verified,
)
from participation.spaces import can_moderate_space

ACTION = "comment"


class Refusal(StrEnum):
    SIGN_IN = "sign_in"
    VERIFICATION = "verification"
    MEMBERS_ONLY = "members_only"
    CLOSED = "closed"


MESSAGES = {
    Refusal.SIGN_IN: _("Sign in to comment."),
    Refusal.VERIFICATION: _("You need to verify your account before you can comment here."),
    Refusal.MEMBERS_ONLY: _("Only the members of this space may comment."),
    Refusal.CLOSED: _("Comments are closed in this step."),
}


@dataclass(frozen=True)
class CommentPermission:
    allowed: bool
    refusal: Refusal | None = None
    verifications: tuple[str, ...] = ()

    @property
    def message(self):
        return MESSAGES[self.refusal] if self.refusal else ""


def comment_permission(*, user, component, space=None) -> CommentPermission:
    """Whether ``user`` may comment in ``component`` now, and otherwise the first reason."""
    space = space or component.space
    if component.can(user, ACTION, space=space):
        return CommentPermission(allowed=True)
    context = ActionContext(user=user, component=component, space=space, action=ACTION)
    if not signed_in(context):
        return CommentPermission(False, Refusal.SIGN_IN)
    if not verified(context):
        return CommentPermission(
            False, Refusal.VERIFICATION, verifications=tuple(required_methods(context))
        )
    if not space_member(context):
        return CommentPermission(False, Refusal.MEMBERS_ONLY)
    return CommentPermission(False, Refusal.CLOSED)


def can_answer_officially(*, user, component, space=None) -> bool:
    """Space admins and moderators (organisation admins hold every role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return can_moderate_space(user, space or component.space)
