"""Administrators acting on the organisation's participants: block, unblock, admin rights.

Rules: only organisation admins act, on their own organisation's accounts.
Nobody blocks themselves; an administrator is never blocked directly (demote
first, so removing rights is one visible, logged decision of its own); the
organisation always keeps at least one active administrator.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.models import User
from participation.privacy import events
from participation.privacy.display import DELETED_EMAIL_DOMAIN, people_changed
from participation.privacy.errors import PrivacyError


def _check_admin(actor, organization) -> None:
    if actor is None or not actor.is_admin_of(organization):
        raise ServiceError(
            _("Only administrators of this organisation can do this."),
            PrivacyError.PERMISSION_DENIED,
        )


def _locked_target(organization, user_id: int) -> User:
    target = (
        User.objects.select_for_update()
        .filter(organization=organization, pk=user_id)
        .exclude(email__endswith="@" + DELETED_EMAIL_DOMAIN)
        .first()
    )
    if target is None:
        raise ServiceError(_("This participant does not exist."), PrivacyError.PERMISSION_DENIED)
    return target


def set_blocked(*, actor, organization, user_id: int, blocked: bool, reason: str = "") -> User:
    _check_admin(actor, organization)
    reason = reason.strip()
    if blocked and not reason:
        raise ServiceError(
            _("Say why the participant is blocked."), PrivacyError.REASON_REQUIRED, field="reason"
        )
    with transaction.atomic():
        target = _locked_target(organization, user_id)
        if target.pk == actor.pk:
            raise ServiceError(_("You cannot block yourself."), PrivacyError.SELF)
        if blocked and target.is_org_admin:
            raise ServiceError(
                _("Administrators cannot be blocked: remove their administrator rights first."),
                PrivacyError.TARGET_IS_ADMIN,
            )
        if target.is_active == (not blocked):
            return target
        target.is_active = not blocked
        target.save(update_fields=["is_active"])
        people_changed(organization.pk)  # a blocked person's profile links go
        event = events.participant_blocked if blocked else events.participant_unblocked
        event(
            organization=organization,
            actor=actor,
            target=target,
            changes={"is_active": [blocked, not blocked], "reason": reason},
        )
    return target


def set_org_admin(*, actor, organization, user_id: int, admin: bool) -> User:
    _check_admin(actor, organization)
    with transaction.atomic():
        # Lock every admin row: two admins demoting each other at once must not both win.
        admins = list(
            User.objects.select_for_update()
            .filter(organization=organization, is_org_admin=True, is_active=True)
            .values_list("pk", flat=True)
        )
        target = _locked_target(organization, user_id)
        if admin and not target.is_active:
            raise ServiceError(
                _("A blocked participant cannot become an administrator."), PrivacyError.INACTIVE
            )
        if not admin and target.pk in admins and len(admins) <= 1:
            raise ServiceError(
                _("The organisation must keep at least one administrator."),
                PrivacyError.LAST_ADMIN,
            )
        if target.is_org_admin == admin:
            return target
        target.is_org_admin = admin
        target.save(update_fields=["is_org_admin"])
        event = events.admin_granted if admin else events.admin_removed
        event(
            organization=organization,
            actor=actor,
            target=target,
            changes={"is_org_admin": [not admin, admin]},
        )
    return target
