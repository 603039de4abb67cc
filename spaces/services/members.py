"""Members of (private) spaces, invited by e-mail with single-use, expiring links."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from participation.errors import ErrorCode, ServiceError
from participation.models import User
from participation.models.users import new_username
from participation.notifications.services import auto_follow
from participation.outbox.services import send_email
from participation.tenancy import organization_url
from spaces import events
from spaces.models import MemberPosition, Space, SpaceInvitation, SpaceMember
from spaces.services._common import check_can_manage

if TYPE_CHECKING:
    from django.db.models import Manager, QuerySet

    from participation.models import Organization

INVITATION_LIFETIME = timedelta(days=14)


def hash_token(*, token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_M = TypeVar("_M", SpaceMember, SpaceInvitation)


def _of_space(queryset: Manager[_M], space: Space) -> QuerySet[_M]:
    return queryset.filter(space=space)


def _account_for(organization: Organization, email: str) -> tuple[User, str | None]:
    """The organisation's account for ``email``, created without a password if there is none.

    A new account comes with a link to choose its password (the same
    single-use link as administrator invitations), so a resident without an
    account can still accept; an existing account is never touched.
    """
    user = User.objects.filter(organization=organization, email__iexact=email).first()
    if user is not None:
        return user, None
    user = User(organization=organization, email=email, username=new_username())
    user.set_unusable_password()
    user.full_clean(exclude=["password", "username"])
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("participation:invitation", kwargs={"uidb64": uid, "token": token})
    return user, organization_url(organization, path)


@transaction.atomic
def invite_member(*, actor: User, space: Space, email: str, position: str) -> SpaceInvitation:
    """Record an invitation and e-mail its single-use link, on the organisation's host."""
    check_can_manage(actor=actor, space=space)
    email = User.objects.normalize_email((email or "").strip())
    if not email or "@" not in email:
        raise ServiceError(_("Enter a valid e-mail address."), ErrorCode.INVALID, field="email")
    if position not in MemberPosition.values:
        raise ServiceError(_("Choose a value from the list."), ErrorCode.INVALID, field="position")
    already = _of_space(SpaceMember.objects, space).filter(user__email__iexact=email)
    if already.exists():
        raise ServiceError(
            _("This person is already a member of this space."),
            ErrorCode.EMAIL_TAKEN,
            field="email",
        )
    organization = space.organization
    # A new invitation replaces a pending one: only the latest link works.
    _of_space(SpaceInvitation.objects, space).filter(
        email__iexact=email, accepted_at__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    invitation = SpaceInvitation.objects.create(
        organization=organization,
        space=space,
        email=email,
        position=position,
        token_hash=hash_token(token=token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    invitee, password_link = _account_for(organization, email)
    link = organization_url(organization, f"/space-invitations/{token}/")
    values = {
        "name": str(actor),
        "space": space.title,
        "organization": organization.name,
        "email": email,
        "link": link,
        "password_link": password_link,
        "days": INVITATION_LIFETIME.days,
    }
    with translation.override(invitee.locale or organization.default_locale):
        subject = _("You are invited to join “%(space)s”") % values
        body = (
            _("Hello,\n\n%(name)s invites you to join “%(space)s” on %(organization)s.\n\n")
            % values
        )
        if password_link:
            body += (
                _(
                    "An account was opened for you with this address (%(email)s). "
                    "First choose your password here (the link works once, for three days):\n"
                    "%(password_link)s\n\n"
                )
                % values
            )
        body += (
            _(
                "Then open this link, signed in with the account of %(email)s, to accept:\n"
                "%(link)s\n\nThe link works once and expires in %(days)s days."
            )
            % values
        )
    send_email(subject=subject, body=body, recipients=[email])  # outbox: sent after the commit
    events.member_invited(
        organization=organization,
        actor=actor,
        target=space,
        changes={"email": email, "position": position, "new_account": bool(password_link)},
    )
    events.invitation_notification(
        target=space,
        actor=actor,
        organization=organization,
        recipients=[invitee],
        followers=False,
        readers_only=False,  # not a member yet: the invitation is what lets them in
        email=False,  # the invitation e-mail above already tells them
    )
    return invitation


def find_invitation(*, token: str, organization: Organization) -> SpaceInvitation | None:
    """The pending, unexpired invitation of this organisation behind ``token``, if any."""
    return (
        SpaceInvitation.objects.filter(
            token_hash=hash_token(token=token or ""),
            organization=organization,
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("space")
        .first()
    )


@transaction.atomic
def accept_invitation(*, user: User, token: str, organization: Organization) -> SpaceMember:
    invitation = find_invitation(token=token, organization=organization)
    if invitation is not None:
        invitation = SpaceInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation is None or invitation.accepted_at is not None:
        raise ServiceError(_("This invitation is invalid or has expired."), ErrorCode.INVALID)
    if not (
        user.is_authenticated
        and user.is_active
        and user.organization_id == invitation.organization_id
        and user.email.lower() == invitation.email.lower()
    ):
        raise ServiceError(
            _("Sign in with the account of the invited e-mail address to accept."),
            ErrorCode.PERMISSION_DENIED,
        )
    now = timezone.now()
    member, _created = SpaceMember.objects.update_or_create(
        space_id=invitation.space_id,
        user=user,
        defaults={
            "organization": invitation.organization,
            "position": invitation.position,
            "invited_at": invitation.invited_at,
            "accepted_at": now,
        },
    )
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    space = member.space
    assert space is not None  # deleting a space deletes its invitations
    events.invitation_accepted(
        organization=invitation.organization,
        actor=user,
        target=space,
        changes={"member": member.pk},
    )
    auto_follow(user=user, target=space)
    return member


@transaction.atomic
def remove_member(*, actor: User, space: Space, member_id: int) -> None:
    check_can_manage(actor=actor, space=space)
    member = _of_space(SpaceMember.objects, space).filter(pk=member_id).first()
    if member is None:
        raise ServiceError(_("No such member here."), ErrorCode.INVALID)
    events.member_removed(
        organization=space.organization,
        actor=actor,
        target=space,
        changes={"user": member.user_id},
    )
    member.delete()


@transaction.atomic
def cancel_invitation(*, actor: User, space: Space, invitation_id: int) -> None:
    check_can_manage(actor=actor, space=space)
    invitation = _of_space(SpaceInvitation.objects, space).filter(
        pk=invitation_id, accepted_at__isnull=True
    )
    if not invitation.exists():
        raise ServiceError(_("No such invitation here."), ErrorCode.INVALID)
    events.invitation_cancelled(organization=space.organization, actor=actor, target=space)
    invitation.delete()
