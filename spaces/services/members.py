"""Members of (private) spaces, invited by e-mail with single-use, expiring links."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.action_log import log_action
from participation.errors import ErrorCode, ServiceError
from participation.models import User
from participation.tasks import send_email
from spaces.models import MemberPosition, Space, SpaceInvitation, SpaceMember, space_content_type
from spaces.services._common import check_can_manage

INVITATION_LIFETIME = timedelta(days=14)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _of_space(queryset, space: Space):
    return queryset.filter(content_type=space_content_type(space), object_id=space.pk)


@transaction.atomic
def invite_member(
    *, actor: User, space: Space, email: str, position: str, base_url: str
) -> SpaceInvitation:
    """Record an invitation and e-mail its link; ``base_url`` is the organisation's site root."""
    check_can_manage(actor, space)
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
    # A new invitation replaces a pending one: only the latest link works.
    _of_space(SpaceInvitation.objects, space).filter(
        email__iexact=email, accepted_at__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    invitation = SpaceInvitation.objects.create(
        organization=space.organization,
        content_type=space_content_type(space),
        object_id=space.pk,
        email=email,
        position=position,
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    link = f"{base_url.rstrip('/')}/space-invitations/{token}/"
    subject = _("You are invited to join “%(space)s”") % {"space": space.title}
    body = _(
        "Hello,\n\n%(name)s invites you to join “%(space)s” on %(organization)s.\n\n"
        "Open this link, signed in with an account using this e-mail address "
        "(%(email)s), to accept:\n%(link)s\n\nThe link works once and expires in %(days)s days."
    ) % {
        "name": str(actor),
        "space": space.title,
        "organization": space.organization.name,
        "email": email,
        "link": link,
        "days": INVITATION_LIFETIME.days,
    }
    transaction.on_commit(lambda: send_email.delay(subject=subject, body=body, recipients=[email]))
    log_action(
        organization=space.organization,
        actor=actor,
        action="invite_member",
        target=space,
        changes={"email": email, "position": position},
    )
    return invitation


def find_invitation(*, token: str, organization) -> SpaceInvitation | None:
    """The pending, unexpired invitation of this organisation behind ``token``, if any."""
    return (
        SpaceInvitation.objects.filter(
            token_hash=hash_token(token or ""),
            organization=organization,
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("content_type")
        .first()
    )


@transaction.atomic
def accept_invitation(*, user: User, token: str, organization) -> SpaceMember:
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
        content_type=invitation.content_type,
        object_id=invitation.object_id,
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
    log_action(
        organization=invitation.organization,
        actor=user,
        action="accept_invitation",
        target=member.space,
        changes={"member": member.pk},
    )
    return member


@transaction.atomic
def remove_member(*, actor: User, space: Space, member_id: int) -> None:
    check_can_manage(actor, space)
    member = _of_space(SpaceMember.objects, space).filter(pk=member_id).first()
    if member is None:
        raise ServiceError(_("No such member here."), ErrorCode.INVALID)
    log_action(
        organization=space.organization,
        actor=actor,
        action="remove_member",
        target=space,
        changes={"user": member.user_id},
    )
    member.delete()


@transaction.atomic
def cancel_invitation(*, actor: User, space: Space, invitation_id: int) -> None:
    check_can_manage(actor, space)
    invitation = _of_space(SpaceInvitation.objects, space).filter(
        pk=invitation_id, accepted_at__isnull=True
    )
    if not invitation.exists():
        raise ServiceError(_("No such invitation here."), ErrorCode.INVALID)
    log_action(
        organization=space.organization, actor=actor, action="cancel_invitation", target=space
    )
    invitation.delete()
