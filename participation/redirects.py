"""Where a ``next`` parameter may send the visitor back to."""

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, target: str | None) -> str | None:
    """``target`` if it is a path (or URL) on this host, else None.

    A bare word (``next=abc``) is refused too: ``redirect()`` would take it for the name
    of a URL pattern and fail.
    """
    if not target:
        return None
    absolute = target.startswith("/") or urlsplit(target).scheme in ("http", "https")
    if absolute and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
