"""Error pages rendered in the organisation's layout.

The 400 page never reads the request's body (Django's own handler does, through its CSRF
decorator, and fails again on a body it could not decode). A request that failed because
the database is down or unreachable gets the 503 page, which touches neither the
database nor the session.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

# How long a client (or a proxy) should wait before trying again, in seconds.
RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def bad_request(request, exception=None):
    try:
        return render(request, "errors/400.html", status=400)
    except Exception:  # noqa: BLE001 — the request itself is broken: answer plainly
        logger.exception("The 400 page could not be rendered in the layout.")
        return HttpResponse(loader.get_template("errors/400_plain.html").render(), status=400)


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether ``exception`` (or one it came from) says the database cannot be reached."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


def service_unavailable(request):
    """The 503 page: no database, no session, the visitor's language if we offer it."""
    language = translation.get_language_from_request(request)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        body = loader.get_template("errors/503.html").render({"LANGUAGE_CODE": language})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def server_error(request):
    if request.path == "/healthz":
        # Whatever failed on the way (a session read, say), the probe gets its JSON.
        from participation.views import healthz

        return healthz(request)
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    # No context processors that could fail again: a bare template.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
