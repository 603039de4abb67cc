"""SSRF rule: requests only to the configured provider's host, over https."""

import pytest

from participation.oidc.protocol import OIDCError, check_url, url_problem


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False
    settings.OIDC_ALLOW_HTTP_LOOPBACK = False


def test_https_on_the_providers_host_is_allowed():
    url = "https://oidc.franceconnect.gouv.fr/api/v2/token"
    assert check_url(url, allowed_host="oidc.franceconnect.gouv.fr") == url


@pytest.mark.parametrize(
    "url",
    [
        "http://oidc.franceconnect.gouv.fr/api/v2/token",  # plain http
        "https://169.254.169.254/latest/meta-data/",  # another host
        "https://oidc.franceconnect.gouv.fr.attacker.example/token",
        "file:///etc/passwd",
        "",
    ],
)
def test_other_urls_are_refused(url):
    with pytest.raises(OIDCError):
        check_url(url, allowed_host="oidc.franceconnect.gouv.fr")


def test_loopback_http_only_when_allowed_for_tests(settings):
    with pytest.raises(OIDCError):
        check_url("http://127.0.0.1:9000/token", allowed_host="127.0.0.1")
    settings.OIDC_ALLOW_HTTP_LOOPBACK = True
    assert check_url("http://127.0.0.1:9000/token", allowed_host="127.0.0.1")
    with pytest.raises(OIDCError):
        check_url("http://10.0.0.1/token", allowed_host="10.0.0.1")


def test_google_may_use_its_own_endpoint_hosts():
    assert check_url(
        "https://oauth2.googleapis.com/token", allowed_host="accounts.google.com", kind="google"
    )
    with pytest.raises(OIDCError):
        check_url("https://oauth2.googleapis.com/token", allowed_host="accounts.google.com")


def test_operators_get_a_message_for_plain_http_discovery():
    assert url_problem("http://sso.example.org/.well-known/openid-configuration")
    assert url_problem("https://sso.example.org/.well-known/openid-configuration") is None
