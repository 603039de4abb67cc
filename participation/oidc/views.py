"""Sign-in and sign-out through an organisation's OpenID Connect providers.

The pending authorisation (state, nonce, PKCE verifier) lives in the
session, which is per host; it also records the organisation and provider
it was started for, so a callback on another organisation's host is refused.

An authorisation is started in one of three modes:

- ``signin`` (the sign-in page): the linked account, or a new one — never an
  existing account matched by its e-mail address; the account's second
  factor is asked (allauth's login stages) before the session is logged in;
- ``link`` (the account page's "Sign-in methods"): attaches the identity to the
  signed-in account, which re-authenticated just before (password and second
  factor);
- ``reauth``: an account without a password confirms it is theirs through a
  provider already linked to it.
"""

import logging
import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from participation.accounts.signin import (
    complete_provider_sign_in,
    missing_verification_step,
    record_provider_reauthentication,
)
from participation.oidc import protocol, services
from participation.oidc.models import IdentityProvider
from participation.oidc.selectors import linked_offered_providers, offered_provider
from participation.oidc.services import SignInRefused

logger = logging.getLogger(__name__)

PENDING_KEY = "oidc_pending"
SESSION_KEY = "oidc_session"
LOGOUT_STATE_KEY = "oidc_logout_state"
PENDING_MAX_AGE = 600  # seconds to come back from the provider
PENDING_MAX = 5  # a few sign-ins started in parallel tabs
MODES = ("signin", "link", "reauth")
SIGN_IN_METHODS_URL = "/account/#sign-in-methods"


def _safe_next(request) -> str:
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _refuse(request, message, detail: str = "", status: int = 400):
    logger.warning("OpenID Connect sign-in refused on %s: %s", request.get_host(), detail)
    return render(request, "oidc/error.html", {"message": message}, status=status)


@never_cache
@require_POST
def start(request, slug: str):
    provider = offered_provider(request.organization, slug)
    if provider is None:
        raise Http404
    mode = request.POST.get("mode") or "signin"
    if mode not in MODES:
        return _refuse(request, protocol.GENERIC_FAILURE, f"unknown mode {mode!r}")
    user = request.user
    if mode != "signin":
        if not user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        if mode == "link":
            step = missing_verification_step(request, next_url=SIGN_IN_METHODS_URL)
            if step is not None:
                messages.info(
                    request,
                    _(
                        "For your security, confirm it is you, then choose the provider "
                        "to add again."
                    ),
                )
                return redirect(step)
        elif provider not in linked_offered_providers(user):
            raise Http404
    try:
        authorization = protocol.start_authorization(
            provider, redirect_uri=request.build_absolute_uri(reverse("oidc:callback"))
        )
    except protocol.OIDCError as error:
        return _refuse(request, error.message, str(error), status=502)
    pending = request.session.get(PENDING_KEY, {})
    # Keep only the most recent attempts.
    pending = dict(sorted(pending.items(), key=lambda item: item[1]["created"])[-PENDING_MAX + 1 :])
    pending[authorization.state] = {
        "organization": request.organization.pk,
        "provider": provider.pk,
        "nonce": authorization.nonce,
        "code_verifier": authorization.code_verifier,
        "next": _safe_next(request),
        "created": time.time(),
        "mode": mode,
        "user": user.pk if mode != "signin" else None,
    }
    request.session[PENDING_KEY] = pending
    return redirect(authorization.url)


def _pop_pending(request, state: str) -> dict | None:
    pending = request.session.get(PENDING_KEY, {})
    attempt = pending.pop(state, None) if state else None
    request.session[PENDING_KEY] = pending
    if attempt is None:
        return None
    if attempt["organization"] != request.organization.pk:
        return None
    if time.time() - attempt["created"] > PENDING_MAX_AGE:
        return None
    return attempt


@never_cache
@require_GET
def callback(request):
    attempt = _pop_pending(request, request.GET.get("state", ""))
    if attempt is None:
        return _refuse(
            request,
            _(
                "This sign-in attempt is not valid (it has expired or was started elsewhere). "
                "Please start again from the sign-in page."
            ),
            "unknown state",
        )
    provider = IdentityProvider.objects.filter(
        pk=attempt["provider"], organization=request.organization
    ).first()
    if provider is None:
        return _refuse(request, protocol.GENERIC_FAILURE, "provider gone")
    if request.GET.get("error"):
        return _refuse(
            request,
            _("The sign-in was cancelled or refused by %(provider)s.") % {"provider": provider},
            f"provider error {request.GET.get('error')!r}",
        )
    try:
        meta = protocol.metadata(provider)
        # RFC 9207: the authorisation response names its issuer (mix-up attacks).
        if "iss" in request.GET and request.GET["iss"] != meta["issuer"]:
            raise protocol.OIDCError(protocol.GENERIC_FAILURE, "iss parameter mismatch")
        tokens = protocol.exchange_code(
            provider,
            code=request.GET.get("code", ""),
            redirect_uri=request.build_absolute_uri(reverse("oidc:callback")),
            code_verifier=attempt["code_verifier"],
        )
        id_claims = protocol.id_token_claims(provider, tokens["id_token"], nonce=attempt["nonce"])
        info = protocol.userinfo(
            provider, access_token=tokens["access_token"], sub=id_claims["sub"]
        )
        claims = protocol.identity_claims(id_claims, info)
    except protocol.OIDCError as error:
        return _refuse(request, error.message, str(error))
    mode = attempt.get("mode", "signin")
    if mode != "signin" and (
        not request.user.is_authenticated or request.user.pk != attempt.get("user")
    ):
        return _refuse(request, protocol.GENERIC_FAILURE, f"{mode} for another session user")
    try:
        if mode == "link":
            return _link(request, provider, id_claims["sub"], claims)
        if mode == "reauth":
            return _reauthenticate(request, provider, id_claims["sub"], attempt["next"])
        user = services.sign_in_with_claims(
            organization=request.organization,
            provider=provider,
            sub=id_claims["sub"],
            claims=claims,
        )
    except SignInRefused as error:
        return _refuse(request, error.message, "refused by the service")
    # Kept for the provider's sign-out, and bound to this organisation.
    request.session[SESSION_KEY] = {
        "organization": request.organization.pk,
        "provider": provider.pk,
        "id_token": tokens["id_token"],
    }
    # Not logged in yet: allauth's stages ask the account's second factor first.
    response = complete_provider_sign_in(
        request,
        user,
        provider=provider.slug,
        uid=id_claims["sub"],
        redirect_url=attempt["next"],
    )
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(
            request, _("You are signed in with %(provider)s.") % {"provider": provider}
        )
    return response


def _link(request, provider, sub: str, claims: dict):
    services.link_identity(
        actor=request.user,
        organization=request.organization,
        provider=provider,
        sub=sub,
        claims=claims,
    )
    messages.success(
        request,
        _("%(provider)s is now a sign-in method of your account.") % {"provider": provider},
    )
    return redirect(SIGN_IN_METHODS_URL)


def _reauthenticate(request, provider, sub: str, next_url: str):
    if services.linked_identity(user=request.user, provider=provider, sub=sub) is None:
        raise SignInRefused(
            _("This %(provider)s identity is not the one linked to your account.")
            % {"provider": provider}
        )
    record_provider_reauthentication(request, request.user, provider=provider.slug, uid=sub)
    return redirect(next_url)


@never_cache
@login_required
@require_GET
def reauthenticate(request):
    """An account without a password confirms it is theirs through a linked provider."""
    providers = linked_offered_providers(request.user)
    next_url = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = SIGN_IN_METHODS_URL
    return render(request, "oidc/reauthenticate.html", {"providers": providers, "next": next_url})


@never_cache
@login_required
@require_POST
def unlink(request, pk: int):
    step = missing_verification_step(request, next_url=SIGN_IN_METHODS_URL)
    if step is not None:
        messages.info(
            request,
            _("For your security, confirm it is you, then remove the sign-in method again."),
        )
        return redirect(step)
    try:
        services.unlink_identity(actor=request.user, link_id=pk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The sign-in method was removed from your account."))
    return redirect(SIGN_IN_METHODS_URL)


@never_cache
@require_POST
def sign_out(request):
    """Signs out here, then at the provider (end-session endpoint) when it has one."""
    info = request.session.get(SESSION_KEY) or {}
    provider = None
    if info.get("organization") == getattr(request.organization, "pk", None):
        provider = IdentityProvider.objects.filter(
            pk=info.get("provider"), organization=request.organization
        ).first()
    logout(request)
    if provider is not None:
        state = secrets.token_urlsafe(32)
        try:
            url = protocol.end_session_url(
                provider,
                id_token=info["id_token"],
                state=state,
                post_logout_redirect_uri=request.build_absolute_uri(reverse("oidc:signed_out")),
            )
        except protocol.OIDCError as error:
            logger.warning("No provider sign-out on %s: %s", request.get_host(), error)
            url = None
        if url:
            request.session[LOGOUT_STATE_KEY] = state
            return redirect(url)
    messages.info(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@never_cache
@require_GET
def signed_out(request):
    """Where the provider sends people back after its sign-out."""
    expected = request.session.pop(LOGOUT_STATE_KEY, "")
    state = request.GET.get("state", "")
    if expected and secrets.compare_digest(state, expected):
        messages.info(request, _("You are signed out, here and at your identity provider."))
    else:
        messages.info(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)
