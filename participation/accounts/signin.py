"""Finishing a sign-in through allauth's login stages, and checking a recent one.

Our /sign-in/ form checks the password (OrganizationEmailBackend, scoped to
the host's organisation), and participation.oidc checks a provider's tokens;
allauth then runs its stages: a confirmed e-mail for self-registered
accounts, the second factor when the account has one. Nobody is logged in
before every stage has passed.
"""

import time
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.utils import perform_login
from django.urls import reverse

from participation.accounts import selectors

# What allauth calls a sign-in through a third-party identity provider.
PROVIDER_METHOD = "socialaccount"
BACKEND = "participation.auth_backends.OrganizationEmailBackend"
# Set on the request of a provider sign-in (see AccountAdapter.add_message).
PROVIDER_SIGN_IN_FLAG = "_decidons_provider_sign_in"


def complete_sign_in(request, user, *, email: str, redirect_url: str):
    # What allauth's own password login records, so its session history
    # (used by two-factor and re-authentication) sees this sign-in.
    record_authentication(request, user, method="password", email=email)
    return perform_login(request, user, redirect_url=redirect_url, email=email)


def complete_provider_sign_in(request, user, *, provider: str, uid: str, redirect_url: str):
    """A provider vouched for the identity; the account's own second factor is still asked."""
    user.backend = BACKEND
    setattr(request, PROVIDER_SIGN_IN_FLAG, True)
    record_authentication(request, user, method=PROVIDER_METHOD, provider=provider, uid=uid)
    return perform_login(request, user, redirect_url=redirect_url)


def record_provider_reauthentication(request, user, *, provider: str, uid: str) -> None:
    record_authentication(
        request, user, method=PROVIDER_METHOD, provider=provider, uid=uid, reauthenticated=True
    )


def missing_verification_step(request, *, next_url: str) -> str | None:
    """Where to confirm one's identity before changing sign-in methods, or None when done.

    Changing how an account is entered asks for every factor of the account
    within the last few minutes (allauth's re-authentication window): its
    password (or, without one, a linked provider) and its second factor.
    """
    user = request.user
    now = time.time()
    window = account_settings.REAUTHENTICATION_TIMEOUT
    recent = {
        record.get("method")
        for record in get_authentication_records(request, user)
        if now - record.get("at", 0) < window
    }
    query = "?" + urlencode({"next": next_url})
    if user.has_usable_password():
        if "password" not in recent:
            return reverse("account_reauthenticate") + query
    elif PROVIDER_METHOD not in recent:
        return reverse("oidc:reauthenticate") + query
    if selectors.has_totp(user) and "mfa" not in recent:
        return reverse("mfa_reauthenticate") + query
    return None


def did_recently_reauthenticate_with_provider(request) -> bool:
    now = time.time()
    return any(
        record.get("method") == PROVIDER_METHOD
        and record.get("reauthenticated")
        and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, request.user)
    )
