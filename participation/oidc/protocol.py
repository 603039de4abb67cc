"""The OpenID Connect exchange with one organisation's provider.

mozilla-django-oidc reads a single provider from settings; here each
organisation brings its own, read from the database at request time, so the
few protocol steps are written out with requests and PyJWT (the libraries
mozilla-django-oidc itself builds on).

Every outgoing request goes through ``check_url``: only to the configured
discovery URL's host (SSRF rule), and only over https outside DEBUG or a
loopback address allowed in tests.
"""

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.oidc.models import IdentityProvider, ProviderKind

TIMEOUT = 10  # seconds: a slow provider must not hold a web worker for long
LEEWAY = 60  # seconds of clock difference tolerated on exp/iat
SIGNING_ALGORITHMS = ["ES256", "RS256"]
FRANCECONNECT_ACR = {"eidas1", "eidas2", "eidas3"}
DISCOVERY_CACHE_SECONDS = 3600
JWKS_CACHE_SECONDS = 300
# Google serves its endpoints from a few hosts of its own besides the discovery host.
EXTRA_HOSTS = {
    ProviderKind.GOOGLE: {
        "accounts.google.com",
        "oauth2.googleapis.com",
        "openidconnect.googleapis.com",
        "www.googleapis.com",
    }
}


class OIDCError(Exception):
    """A refused sign-in; ``message`` is shown to the person signing in."""

    def __init__(self, message, detail: str = ""):
        super().__init__(detail or str(message))
        self.message = message


class UnknownKey(OIDCError):
    """No key of the cached JWKS signed the token (perhaps rotated since)."""


GENERIC_FAILURE = gettext_lazy(
    "The sign-in with your identity provider could not be completed. Please try again."
)


def check_url(url: str, *, allowed_host: str, kind: str = "") -> str:
    """Refuses a URL that is not https, or not on the provider's own host(s)."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise OIDCError(GENERIC_FAILURE, f"not an http(s) URL: {url!r}")
    if parts.scheme == "http" and not insecure_http_allowed(host):
        raise OIDCError(GENERIC_FAILURE, f"plain http refused: {url!r}")
    allowed = {allowed_host.lower()} | EXTRA_HOSTS.get(kind, set())
    if host not in allowed:
        raise OIDCError(GENERIC_FAILURE, f"{host} is not the provider's host {allowed_host}")
    return url


def insecure_http_allowed(host: str) -> bool:
    if settings.DEBUG:
        return True
    # The test suite runs a real provider on a loopback address over plain http.
    if getattr(settings, "OIDC_ALLOW_HTTP_LOOPBACK", False):
        try:
            return ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"
    return False


def url_problem(url: str, kind: str = "") -> str | None:
    """Why a discovery URL typed by an operator is refused, or None."""
    try:
        check_url(url, allowed_host=urlsplit(url).hostname or "", kind=kind)
    except OIDCError:
        return _("The discovery URL must use https.")
    return None


def _get(provider: IdentityProvider, url: str, **kwargs) -> requests.Response:
    check_url(url, allowed_host=_provider_host(provider), kind=provider.kind)
    try:
        response = requests.get(url, timeout=TIMEOUT, allow_redirects=False, **kwargs)
    except requests.RequestException as error:
        raise OIDCError(GENERIC_FAILURE, f"GET {url}: {error}") from error
    if response.status_code != 200:
        raise OIDCError(GENERIC_FAILURE, f"GET {url}: HTTP {response.status_code}")
    return response


def _provider_host(provider: IdentityProvider) -> str:
    return urlsplit(provider.discovery_url).hostname or ""


def _json(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError as error:
        raise OIDCError(GENERIC_FAILURE, f"not JSON from {response.url}") from error
    if not isinstance(data, dict):
        raise OIDCError(GENERIC_FAILURE, f"not a JSON object from {response.url}")
    return data


def _cache_key(provider: IdentityProvider, what: str) -> str:
    # updated_at in the key: editing a provider forgets what was fetched for it.
    return f"oidc:{what}:{provider.pk}:{provider.updated_at.timestamp()}"


ENDPOINTS = (
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
)


def metadata(provider: IdentityProvider) -> dict:
    """The provider's discovery document, checked and cached."""
    key = _cache_key(provider, "discovery")
    data = cache.get(key)
    if data is None:
        data = _json(_get(provider, provider.discovery_url))
        for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(data.get(name), str):
                raise OIDCError(GENERIC_FAILURE, f"discovery document lacks {name}")
        for name in ENDPOINTS:
            if data.get(name):
                check_url(data[name], allowed_host=_provider_host(provider), kind=provider.kind)
        cache.set(key, data, DISCOVERY_CACHE_SECONDS)
    return data


def jwks(provider: IdentityProvider, *, refresh: bool = False) -> dict:
    key = _cache_key(provider, "jwks")
    data = None if refresh else cache.get(key)
    if data is None:
        data = _json(_get(provider, metadata(provider)["jwks_uri"]))
        cache.set(key, data, JWKS_CACHE_SECONDS)
    return data


# --- Authorisation request -------------------------------------------------------


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str
    nonce: str
    code_verifier: str


def scopes_for(provider: IdentityProvider) -> str:
    if provider.is_franceconnect:
        # FranceConnect v2 has one scope per identity claim.
        return "openid given_name family_name birthdate email"
    return "openid email profile"


def start_authorization(provider: IdentityProvider, *, redirect_uri: str) -> Authorization:
    meta = metadata(provider)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": scopes_for(provider),
        "state": state,
        "nonce": nonce,
    }
    if provider.is_franceconnect:
        params["acr_values"] = "eidas1"
        params["prompt"] = "login consent"
    if "S256" in meta.get("code_challenge_methods_supported", []):
        digest = hashlib.sha256(code_verifier.encode()).digest()
        params["code_challenge"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        params["code_challenge_method"] = "S256"
    else:
        code_verifier = ""
    url = f"{meta['authorization_endpoint']}?{urlencode(params)}"
    return Authorization(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


# --- Token, ID token, userinfo ----------------------------------------------------


def exchange_code(
    provider: IdentityProvider, *, code: str, redirect_uri: str, code_verifier: str
) -> dict:
    meta = metadata(provider)
    url = check_url(
        meta["token_endpoint"], allowed_host=_provider_host(provider), kind=provider.kind
    )
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if code_verifier:
        data["code_verifier"] = code_verifier
    auth = None
    methods = meta.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
    if "client_secret_basic" in methods:
        auth = (provider.client_id, provider.client_secret)
    else:
        data.update(client_id=provider.client_id, client_secret=provider.client_secret)
    try:
        response = requests.post(url, data=data, auth=auth, timeout=TIMEOUT, allow_redirects=False)
    except requests.RequestException as error:
        raise OIDCError(GENERIC_FAILURE, f"token endpoint: {error}") from error
    if response.status_code != 200:
        raise OIDCError(GENERIC_FAILURE, f"token endpoint: HTTP {response.status_code}")
    tokens = _json(response)
    if not tokens.get("id_token") or not tokens.get("access_token"):
        raise OIDCError(GENERIC_FAILURE, "token response without id_token/access_token")
    return tokens


def _signing_key(token: str, keys: dict):
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise OIDCError(GENERIC_FAILURE, f"unreadable token: {error}") from error
    if header.get("alg") not in SIGNING_ALGORITHMS:
        raise OIDCError(GENERIC_FAILURE, f"signing algorithm {header.get('alg')!r} refused")
    try:
        key_set = jwt.PyJWKSet.from_dict(keys)
    except jwt.PyJWTError as error:
        raise OIDCError(GENERIC_FAILURE, f"unusable JWKS: {error}") from error
    usable = [k for k in key_set.keys if getattr(k, "public_key_use", None) in (None, "sig")]
    kid = header.get("kid")
    matching = [k for k in usable if k.key_id == kid] if kid else usable
    if kid is None:
        family = "EC" if header["alg"].startswith("ES") else "RSA"
        matching = [k for k in matching if k.key_type == family]
    if len(matching) != 1:
        raise UnknownKey(GENERIC_FAILURE, f"no single key of the provider matches kid {kid!r}")
    return matching[0], header["alg"]


def verify_signed(token: str, *, keys: dict, issuer: str, audience: str) -> dict:
    """Verifies a JWT's signature (JWKS) and its iss/aud/exp; returns its claims."""
    key, alg = _signing_key(token, keys)
    try:
        return jwt.decode(
            token,
            key=key,
            algorithms=[alg],
            audience=audience,
            issuer=issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "aud"], "verify_iat": False},
        )
    except jwt.ExpiredSignatureError as error:
        raise OIDCError(
            _("Your sign-in has expired. Please try again."), f"expired: {error}"
        ) from error
    except jwt.PyJWTError as error:
        raise OIDCError(GENERIC_FAILURE, f"token refused: {error}") from error


def validate_id_token(
    token: str,
    *,
    keys: dict,
    issuer: str,
    client_id: str,
    nonce: str,
    require_acr: set[str] | None = None,
) -> dict:
    """The checks of OpenID Connect Core 3.1.3.7, plus FranceConnect's acr."""
    claims = verify_signed(token, keys=keys, issuer=issuer, audience=client_id)
    current = time.time()
    if "exp" not in claims or "iat" not in claims or not claims.get("sub"):
        raise OIDCError(GENERIC_FAILURE, "ID token lacks exp, iat or sub")
    if claims["iat"] > current + LEEWAY:
        raise OIDCError(GENERIC_FAILURE, "ID token issued in the future")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OIDCError(GENERIC_FAILURE, "ID token for several audiences without our azp")
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OIDCError(GENERIC_FAILURE, "nonce mismatch")
    if require_acr is not None and claims.get("acr") not in require_acr:
        raise OIDCError(
            _("The identity level required by FranceConnect was not reached."),
            f"acr {claims.get('acr')!r} refused",
        )
    return claims


def id_token_claims(provider: IdentityProvider, token: str, *, nonce: str) -> dict:
    meta = metadata(provider)
    acr = FRANCECONNECT_ACR if provider.is_franceconnect else None
    check = {"issuer": meta["issuer"], "client_id": provider.client_id, "nonce": nonce}
    try:
        return validate_id_token(token, keys=jwks(provider), require_acr=acr, **check)
    except UnknownKey:
        # The provider may have rotated its keys since they were cached: fetch once more.
        return validate_id_token(token, keys=jwks(provider, refresh=True), require_acr=acr, **check)


def userinfo(provider: IdentityProvider, *, access_token: str, sub: str) -> dict:
    """The userinfo claims; a signed JWT is verified, and required from FranceConnect."""
    meta = metadata(provider)
    if not meta.get("userinfo_endpoint"):
        return {}
    response = _get(
        provider, meta["userinfo_endpoint"], headers={"Authorization": f"Bearer {access_token}"}
    )
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if content_type == "application/jwt":
        claims = verify_signed(
            response.text.strip(),
            keys=jwks(provider),
            issuer=meta["issuer"],
            audience=provider.client_id,
        )
    elif provider.is_franceconnect:
        raise OIDCError(GENERIC_FAILURE, f"FranceConnect userinfo not signed ({content_type})")
    else:
        claims = _json(response)
    if claims.get("sub") != sub:
        raise OIDCError(GENERIC_FAILURE, "userinfo is about another subject")
    return claims


def end_session_url(
    provider: IdentityProvider, *, id_token: str, state: str, post_logout_redirect_uri: str
) -> str | None:
    endpoint = metadata(provider).get("end_session_endpoint")
    if not endpoint:
        return None
    params = {
        "id_token_hint": id_token,
        "state": state,
        "post_logout_redirect_uri": post_logout_redirect_uri,
    }
    return f"{endpoint}?{urlencode(params)}"


STORED_CLAIMS = (
    "given_name",
    "family_name",
    "birthdate",
    "email",
    "email_verified",
    "gender",
    "birthplace",
    "birthcountry",
    "preferred_username",
    "name",
)


def identity_claims(id_claims: dict, info: dict) -> dict:
    """The identity claims kept on the link: userinfo wins over the ID token."""
    merged = {**id_claims, **info}
    kept = {key: merged[key] for key in STORED_CLAIMS if key in merged}
    if id_claims.get("acr"):
        kept["acr"] = id_claims["acr"]
    return json.loads(json.dumps(kept))  # plain JSON values only
