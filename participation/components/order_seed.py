"""A visitor's seed for listings in random order, kept in a signed cookie.

Random order gives every item the same chance to be seen first; the seed keeps one
visitor's order stable while they page through. It lives in a signed cookie, not in
the session, so anonymous reading creates no session row. Components name their own
cookie (one order per component type)."""

import secrets

from django.conf import settings

# Seeds are positive and below 2**31 - 1 (they feed the database's ordering expression).
SEED_LIMIT = 2**31 - 1
SEED_COOKIE_MAX_AGE = 30 * 24 * 60 * 60


def read_order_seed(request, cookie: str) -> tuple[int, bool]:
    """(the visitor's seed, whether it is new and must be sent back with
    ``remember_order_seed``). A missing, forged or expired cookie gives a new seed."""
    value = request.get_signed_cookie(cookie, default=None, salt=cookie)
    seed = int(value) if value and value.isdigit() else 0
    if 1 <= seed < SEED_LIMIT:
        return seed, False
    return secrets.randbelow(SEED_LIMIT - 1) + 1, True


def remember_order_seed(response, cookie: str, seed: int) -> None:
    response.set_signed_cookie(
        cookie,
        str(seed),
        salt=cookie,
        max_age=SEED_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
