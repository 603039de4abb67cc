"""Rate limits behind proxies: one client address, from participation.client_ip, for every
limit; X-Forwarded-For trusted only as far as TRUSTED_PROXY_COUNT says."""

import pytest
from django.test import RequestFactory

from participation.client_ip import client_ip
from tests.accounts.helpers import signup_data
from tests.conftest import host_client

PROXY = "10.0.0.1"


def _ip(remote="10.0.0.1", xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert _ip("192.0.2.7") == "192.0.2.7"
    assert _ip("192.0.2.7", "1.2.3.4") == "192.0.2.7"
    assert _ip("192.0.2.7", "1.2.3.4, 10.0.0.1") == "192.0.2.7"


def test_one_trusted_proxy_takes_the_right_most_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert _ip(PROXY, "198.51.100.4") == "198.51.100.4"
    # What the client wrote itself (left of what the proxy appended) is never used.
    assert _ip(PROXY, "1.2.3.4, 198.51.100.4") == "198.51.100.4"
    assert _ip(PROXY, "garbage, 198.51.100.4") == "198.51.100.4"
    assert _ip(PROXY, "198.51.100.4:5555") == "198.51.100.4"
    assert _ip(PROXY, "2001:db8::1") == "2001:db8::1"


def test_two_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert _ip(PROXY, "1.2.3.4, 198.51.100.4, 10.0.0.2") == "198.51.100.4"


@pytest.mark.parametrize(
    "xff", [None, "", "garbage", ", ,", "1.2.3.4,,x", "[::1]:80", "unknown", "1.2.3.4 " * 50]
)
@pytest.mark.parametrize("count", [0, 1, 3])
def test_malformed_or_missing_header_falls_back_to_the_peer(settings, xff, count):
    settings.TRUSTED_PROXY_COUNT = count
    address = _ip("192.0.2.9", xff)
    assert address  # always a usable key
    if count == 0 or xff in (None, "", "garbage", ", ,", "unknown"):
        assert address == "192.0.2.9"


def test_no_address_at_all_is_a_shared_key_not_an_error(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert _ip("", None) == "0.0.0.0"  # noqa: S104


def _setlang(client, **extra):
    return client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **extra).status_code


def test_spoofed_header_does_not_change_the_bucket_without_proxy(settings, organization):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.WRITE_RATE_LIMIT = "3/m"
    client = host_client(organization.host)
    statuses = [
        _setlang(client, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]


def test_behind_one_proxy_each_visitor_has_a_bucket(settings, organization):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.WRITE_RATE_LIMIT = "3/m"
    client = host_client(organization.host)
    # Every request comes from the proxy; the visitor's address is what it appended.
    first = [
        _setlang(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{n}.{n}.{n}.{n}, 198.51.100.1")
        for n in range(1, 6)
    ]
    assert first == [302, 302, 302, 429, 429]  # spoofed left parts change nothing
    # Another visitor behind the same proxy is not limited by the first one.
    assert _setlang(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2") == 302


@pytest.mark.parametrize("xff", [None, "garbage", "1.2.3.4, 10.0.0.1", ", ,", "[::1]:80"])
@pytest.mark.parametrize("count", [0, 1])
def test_odd_headers_never_answer_500(settings, organization, xff, count):
    settings.TRUSTED_PROXY_COUNT = count
    client = host_client(organization.host)
    extra = {"REMOTE_ADDR": PROXY}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    assert _setlang(client, **extra) == 302
    signin = client.post("/sign-in/", {"email": "x@example.org", "password": "wrong"}, **extra)
    assert signin.status_code == 400
    signup = client.post("/account/signup/", signup_data(name=""), **extra)
    assert signup.status_code == 200
    reset = client.post("/account/password/reset/", {"email": "x@example.org"}, **extra)
    assert reset.status_code == 302


def test_allauth_limits_use_the_same_address(settings, organization):
    """Sign-up allows 20 attempts a minute per address: behind the proxy, one visitor
    using them up leaves the others free, whatever it writes in the header."""
    settings.TRUSTED_PROXY_COUNT = 1
    client = host_client(organization.host)
    statuses = [
        client.post(
            "/account/signup/",
            signup_data(email=f"p{n}@example.org", name=""),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.1",
        ).status_code
        for n in range(21)
    ]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    other = client.post(
        "/account/signup/",
        signup_data(email="q@example.org", name=""),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert other.status_code == 200
