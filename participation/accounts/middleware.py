"""Account policies enforced on every request of a signed-in participant.

- Terms of service: once an organisation publishes (new) terms, an account
  that has not accepted them is sent to the acceptance page before anything
  else — so before any state-changing action.
- Two-factor for the back-office: when the operator requires it for the
  organisation, anyone who reaches the back-office (organisation and space
  administrators, moderators, evaluators, collaborators) without an
  authenticator app is sent to set one up first.
- Sessions slide (two hours after the last request) but are written at most every
  five minutes.
"""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from participation.accounts import selectors

# Reachable without having accepted the terms: reading them, signing out,
# changing language, and what the page itself needs.
TERMS_EXEMPT_PREFIXES = (
    "/account/terms/",
    "/sign-out/",
    "/oidc/sign-out/",
    "/oidc/signed-out/",
    "/legal/",
    "/static/",
    "/media/",
    "/i18n/",
    "/healthz",
    "/organization.css",
    "/system/",
)
SESSION_KEY = "accounts_terms_version"


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        organization = getattr(request, "organization", None)
        if user.is_authenticated and organization and user.organization_id == organization.pk:
            response = self._terms_gate(request, user, organization) or self._admin_mfa_gate(
                request, user, organization
            )
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _terms_gate(request, user, organization):
        if request.path.startswith(TERMS_EXEMPT_PREFIXES):
            return None
        version = selectors.published_terms_version(organization)
        if version is None or request.session.get(SESSION_KEY) == version:
            return None
        if user.terms_acceptances.filter(version=version).exists():
            request.session[SESSION_KEY] = version
            return None
        target = request.get_full_path() if request.method == "GET" else "/"
        return redirect(f"{reverse('accounts:terms')}?{urlencode({'next': target})}")

    @staticmethod
    def _admin_mfa_gate(request, user, organization):
        if not request.path.startswith("/admin/"):
            return None
        return second_factor_setup_response(request, user)


def second_factor_setup_response(request, user):
    """The redirect to set up an authenticator app, for back-office users who must have one."""
    if getattr(request, "_second_factor_in_order", False):
        return None  # checked already in this request (middleware, then view)
    if not selectors.must_set_up_second_factor(user):
        request._second_factor_in_order = True
        return None
    messages.warning(
        request,
        _(
            "Your organisation requires two-factor authentication from everyone who uses "
            "the back-office. Set up an authenticator app to reach it."
        ),
    )
    return redirect("mfa_activate_totp")


# The session's last renewal, in seconds since the epoch.
RENEWED_KEY = "_renewed_at"
# Sliding expiry without a write on every request: a session is renewed (its expiry and
# its cookie pushed back by SESSION_COOKIE_AGE) at most this often, or whenever it is
# saved anyway. With two-hour sessions, one expires at the latest five minutes earlier
# than "two hours after the last request".
SESSION_RENEWAL_SECONDS = 300


class SessionRenewalMiddleware:
    """Renew signed-in sessions every few minutes instead of on every request (which
    cost an UPDATE, within BEGIN and COMMIT, on every page). Placed right after
    Django's SessionMiddleware, which saves what this marks as modified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session (anonymous visitors): nothing to renew
        now = int(time.time())
        if session.modified or now - session.get(RENEWED_KEY, 0) >= SESSION_RENEWAL_SECONDS:
            session[RENEWED_KEY] = now
        return response
