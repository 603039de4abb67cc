"""Blocked accounts: why they were blocked, told to them when they try to sign in."""

from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext as _

from participation.models import User
from participation.privacy.events import participant_blocked


def blocked_reason(user) -> str:
    """The reason given by the latest block (the participants service records it in the log)."""
    entry = (
        participant_blocked.entries()
        .filter(
            organization_id=user.organization_id,
            target_type=User._meta.label_lower,
            target_id=str(user.pk),
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return str((entry.changes or {}).get("reason", "")) if entry else ""


class BlockedAccountNoticeBackend(ModelBackend):
    """Never signs anyone in: tells a blocked person, once the password is right, why.

    Listed after the real backend; only a correct password reveals the reason.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        address = (email or username or "").strip()
        organization = getattr(request, "organization", None)
        if not address or password is None or organization is None:
            return None
        user = User.objects.filter(
            organization=organization, email__iexact=address, is_active=False
        ).first()
        if user is None or not user.check_password(password):
            return None
        reason = blocked_reason(user)
        if reason:
            text = _("Your account is blocked by the administrators. Reason: %(reason)s") % {
                "reason": reason
            }
        else:
            text = _("Your account is blocked by the administrators.")
        messages.error(request, text)
        return None

    def get_user(self, user_id):
        return None


class BlockedSessionMiddleware:
    """A person blocked while signed in is signed out on their next page, and told why.

    Costs nothing for everyone else: it only looks when the session names a user
    that authentication refused (blocked accounts are inactive).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and not request.user.is_authenticated
            and session.get("_auth_user_id")
        ):
            user = User.objects.filter(
                pk=session.get("_auth_user_id"),
                organization=getattr(request, "organization", None),
                is_active=False,
            ).first()
            if user is not None:
                reason = blocked_reason(user)
                session.flush()
                if reason:
                    text = _(
                        "Your account is blocked by the administrators. Reason: %(reason)s"
                    ) % {"reason": reason}
                else:
                    text = _("Your account is blocked by the administrators.")
                messages.error(request, text)
        return self.get_response(request)
