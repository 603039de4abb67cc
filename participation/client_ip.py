"""The client's address, for rate limits: one answer for every limiter.

Behind reverse proxies (the documented TLS proxy), ``REMOTE_ADDR`` is the
proxy's address, shared by every visitor. Each trusted proxy appends the
address of the peer it saw to ``X-Forwarded-For``, so with N trusted proxies
the client is the N-th address from the right; anything left of it was written
by the client and is never trusted. ``TRUSTED_PROXY_COUNT`` (0 by default:
no proxy, ``REMOTE_ADDR`` only) says how many there are. django-ipware parses
the header (ports, IPv6 brackets, junk entries); a missing or malformed header
falls back to ``REMOTE_ADDR``, never to an error.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

# When no address at all is known (a Unix socket without a proxy header), every such
# request shares this bucket rather than failing.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (a rate-limit key, not a bind address)


def client_ip(request: HttpRequest) -> str:
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted > 0:
        # ipware counts the proxies *listed* in the header; the nearest proxy is
        # REMOTE_ADDR, not in the header: the client is chain[-(trusted)].
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=trusted - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    address, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return address or UNKNOWN_ADDRESS
