"""Per-request tenancy, language, and write rate limiting."""

import zoneinfo

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone, translation
from django_ratelimit.core import is_ratelimited

from participation.tenancy import hostname_of, resolve_host

# Paths that work on any host, even one no organisation claims: the health check
# and static files. The operator console (/system/) is served on settings.SYSTEM_HOST
# only (OrganizationMiddleware), where operators create the first organisation.
HOSTLESS_PREFIXES = ("/system/", "/healthz", "/static/", "/i18n/")


SYSTEM_PREFIX = "/system/"
# What the operator console's host serves besides the console.
SYSTEM_HOST_PREFIXES = (SYSTEM_PREFIX, "/healthz", "/static/", "/i18n/")


def _is_system_host(hostname: str) -> bool:
    return bool(settings.SYSTEM_HOST) and hostname == settings.SYSTEM_HOST


def is_hostless_path(path: str) -> bool:
    return path.startswith(HOSTLESS_PREFIXES)


class OrganizationMiddleware:
    """Sets ``request.organization`` from the host; unknown hosts get a 404 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            # The health check reports on the database and the cache: it needs neither.
            request.organization = None
            return self.get_response(request)
        hostname = hostname_of(request)
        if _is_system_host(hostname):
            return self._system(request)
        match = resolve_host(hostname)
        request.organization = match.organization
        if match.organization is not None and not match.is_primary:
            return HttpResponsePermanentRedirect(self._primary_url(request, match.organization))
        console = request.path.startswith(SYSTEM_PREFIX)
        if match.organization is not None and console:
            # The operator console is served on settings.SYSTEM_HOST only: here, the
            # organisation's own 404 page.
            raise Http404
        if match.organization is None and (console or not is_hostless_path(request.path)):
            return render(
                request,
                "errors/unknown_organization.html",
                {"hostname": hostname},
                status=404,
            )
        return self.get_response(request)

    def _system(self, request):
        """The operator console's own host (settings.SYSTEM_HOST) serves the console and
        nothing else; /system/ on any other host is a 404."""
        request.organization = None
        if request.path == "/":
            return redirect(SYSTEM_PREFIX)
        if not request.path.startswith(SYSTEM_HOST_PREFIXES):
            raise Http404
        return self.get_response(request)

    @staticmethod
    def _primary_url(request, organization) -> str:
        host = request.get_host()
        port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""
        netloc = organization.host + (f":{port}" if port else "")
        return f"{request.scheme}://{netloc}{request.get_full_path()}"


class OrganizationLocaleMiddleware:
    """Activates a language the organisation offers, and its time zone.

    The visitor's choice (language cookie, then Accept-Language) wins when the
    organisation offers it; otherwise the organisation's default language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        organization = request.organization
        available = organization.locales if organization else [c for c, _ in settings.LANGUAGES]
        default = organization.default_locale if organization else settings.LANGUAGE_CODE
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in available:
            chosen = translation.get_language_from_request(request)
            chosen = chosen if chosen in available else default
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        if organization is not None:
            timezone.activate(zoneinfo.ZoneInfo(organization.time_zone))
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        response.headers.setdefault("Content-Language", chosen)
        return response


class TenantUserMiddleware:
    """Signs out a session whose user belongs to another organisation.

    Sessions are per host already (cookies are not shared across host names),
    but an account must never act in an organisation it does not belong to,
    whatever cookie it carries. Operators may only act in the operator console.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            organization = request.organization
            belongs = organization is not None and user.organization_id == organization.pk
            operator_in_console = user.is_operator and request.path.startswith("/system/")
            if not (belongs or operator_in_console or is_hostless_path(request.path)):
                if user.is_operator:
                    # Operators browse organisations anonymously, without losing their session.
                    request.user = AnonymousUser()
                else:
                    logout(request)
        return self.get_response(request)


class WriteRateLimitMiddleware:
    """Limits state-changing requests per client address (settings.WRITE_RATE_LIMIT)."""

    WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.WRITE_METHODS and is_ratelimited(
            request,
            group="writes",
            key="ip",
            rate=settings.WRITE_RATE_LIMIT,
            increment=True,
        ):
            return render(request, "errors/429.html", status=429)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Answers 413 to a request whose declared body exceeds settings.MAX_REQUEST_BODY_BYTES,
    before anything reads the body (first in MIDDLEWARE). The web server should refuse
    such bodies first (nginx client_max_body_size, README)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            translation.activate(translation.get_language_from_request(request))
            body = loader.get_template("errors/413.html").render(
                {
                    "limit": settings.MAX_REQUEST_BODY_BYTES,
                    "LANGUAGE_CODE": translation.get_language(),
                }
            )
            response = HttpResponse(body, status=413)
            # The unread body must not be taken for the next request on this connection.
            response["Connection"] = "close"
            response["X-Content-Type-Options"] = "nosniff"
            response["Content-Security-Policy"] = "default-src 'none'; style-src 'self'"
            return response
        return self.get_response(request)
