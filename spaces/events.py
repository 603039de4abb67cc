"""Spaces' own events: members, roles, steps (spaces, categories, blocks... use the core's
generic created/updated/deleted events, which name the kind of object).

Names are stored: never renamed (see participation.events).
"""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent, NotificationEvent

member_invited = LoggedEvent(
    name="invite_member",
    label=_("Member invited"),
    sentence=_("%(actor)s invited someone to join “%(target)s”"),
    payload=("email", "position", "new_account"),
)
invitation_accepted = LoggedEvent(
    name="accept_invitation",
    label=_("Invitation accepted"),
    sentence=_("%(actor)s accepted the invitation to join “%(target)s”"),
    payload=("member",),
)
member_removed = LoggedEvent(
    name="remove_member",
    label=_("Member removed"),
    sentence=_("%(actor)s removed a member from “%(target)s”"),
    payload=("user",),
)
invitation_cancelled = LoggedEvent(
    name="cancel_invitation",
    label=_("Invitation cancelled"),
    sentence=_("%(actor)s cancelled an invitation to join “%(target)s”"),
)
role_assigned = LoggedEvent(
    name="assign_role",
    label=_("Role given"),
    sentence=_("%(actor)s gave a role in “%(target)s”"),
    payload=("role", "user", "group"),
)
role_revoked = LoggedEvent(
    name="revoke_role",
    label=_("Role removed"),
    sentence=_("%(actor)s removed a role in “%(target)s”"),
    payload=("role", "user", "group"),
)
step_activated = LoggedEvent(
    name="activate",
    label=_("Step made current"),
    sentence=_("%(actor)s made “%(target)s” the current step"),
    payload=("process", "previous"),
)

# --- What people hear about -------------------------------------------------------------------

step_changed_notification = NotificationEvent(
    name="spaces.step_changed",
    label=_("A concertation you follow moves to a new step"),
    sentence=_("“%(title)s” moves to the step “%(step)s”"),
    payload=("step",),
)
invitation_notification = NotificationEvent(
    name="spaces.invitation",
    label=_("You are invited to join a space"),
    sentence=_("%(actor)s invites you to join “%(title)s”"),
)
