"""Permission rules for component actions, composed from small predicates.

As in adhocracy4 (rules), each predicate answers one question about one
``ActionContext`` and rules combine them with ``&``, ``|`` and ``~``:

    comment_rule = signed_in & verified & space_member & step_allows("comments_enabled")

Each predicate family has its own test file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps


@dataclass
class ActionContext:
    user: Any
    component: Any  # participation.components.models.Component
    space: Any
    action: str

    @property
    def step_settings(self):
        return self.component.active_step_settings(space=self.space)


class Predicate:
    def __init__(self, test: Callable[[ActionContext], bool], name: str):
        self.test = test
        self.name = name

    def __call__(self, context: ActionContext) -> bool:
        return bool(self.test(context))

    def __and__(self, other: "Predicate") -> "Predicate":
        return Predicate(lambda c: self(c) and other(c), f"({self.name} & {other.name})")

    def __or__(self, other: "Predicate") -> "Predicate":
        return Predicate(lambda c: self(c) or other(c), f"({self.name} | {other.name})")

    def __invert__(self) -> "Predicate":
        return Predicate(lambda c: not self(c), f"~{self.name}")

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def predicate(test: Callable[[ActionContext], bool]) -> Predicate:
    return Predicate(test, test.__name__)


always = Predicate(lambda c: True, "always")
never = Predicate(lambda c: False, "never")


# --- Who -------------------------------------------------------------------------


@predicate
def signed_in(context: ActionContext) -> bool:
    """An active account of the component's organisation (never another tenant's)."""
    user = context.user
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.organization_id == context.component.organization_id
    )


# --- Verification -------------------------------------------------------------------


def required_methods(context: ActionContext) -> list[str]:
    return context.component.required_verifications(context.action)


def is_verified(user, method: str) -> bool:
    """Ask the verifications app, if installed; without it no one is verified (fail closed)."""
    if not apps.is_installed("participation.verifications"):
        return False
    try:
        from participation.verifications.selectors import is_verified as verified
    except ImportError:
        return False
    return verified(user, method)


@predicate
def verified(context: ActionContext) -> bool:
    """Holds every verification method the admin required for this action (none: true)."""
    methods = required_methods(context)
    if not methods:
        return True
    return signed_in(context) and all(is_verified(context.user, m) for m in methods)


# --- Membership ----------------------------------------------------------------------


@predicate
def space_member(context: ActionContext) -> bool:
    """Anyone signed in takes part in a public space; private ones need membership.

    Spaces that know their members answer through ``space.has_member(user)``;
    until membership exists, the space's role holders count as its members.
    """
    from participation.models import Visibility
    from participation.spaces import has_space_role

    if not signed_in(context):
        return False
    space = context.space
    if space.visibility == Visibility.PUBLIC:
        return True
    return _is_member(context.user, space) or has_space_role(context.user, space)


def _is_member(user, space) -> bool:
    """Membership is the space's own business: ask it."""
    return bool(space.has_member(user))


# --- Steps --------------------------------------------------------------------------


def step_allows(setting_name: str) -> Predicate:
    """The active step's setting ``setting_name`` is on (default step settings without steps)."""
    return Predicate(
        lambda context: bool(context.step_settings.get(setting_name, False)),
        f"step_allows({setting_name})",
    )


@predicate
def published(context: ActionContext) -> bool:
    return context.component.is_published
