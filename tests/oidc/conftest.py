"""A real OpenID Connect provider (tests/oidc_provider/provider.mjs) and a browser-like client.

The provider runs in Node on 127.0.0.1; the Django side is driven through
Django's test client on the organisations' *.test hosts. ``Browser`` follows
redirects across both, carrying each side's cookies, as a browser would.
"""

import json
import socket
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from participation.oidc.models import ProviderKind
from participation.oidc.services import create_provider
from participation.oidc.signals import identity_confirmed

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "oidc_provider" / "provider.mjs"
CLIENT_ID = "decidons-test-client"
CLIENT_SECRET = "test-secret-0123456789"
ACCOUNT = {
    "sub": "fc-sub-alice-0001",
    "given_name": "Alice",
    "family_name": "Martin",
    "birthdate": "1980-06-15",
    "email": "alice.martin@example.fr",
}
HOSTS = ["ville-a.test", "ville-b.test"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, port: int, process):
        self.issuer = f"http://127.0.0.1:{port}"
        self.discovery_url = f"{self.issuer}/.well-known/openid-configuration"
        self.process = process

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def last_authorization(self) -> dict:
        return requests.get(f"{self.issuer}/_test/last-authorization", timeout=5).json()


def launch_provider(origins: list[str]) -> Provider:
    """Starts provider.mjs with one client that may come back to the given origins."""
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("oidc-provider missing: run npm install (make test does it)")
    port = _free_port()
    config = {
        "account": ACCOUNT,
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{origin}/oidc/callback/" for origin in origins],
                "post_logout_redirect_uris": [f"{origin}/oidc/signed-out/" for origin in origins],
                "userinfo_signed_response_alg": "RS256",
            }
        ],
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT), str(port), json.dumps(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()  # blocks until READY, or "" if node died
    if not line.startswith("READY"):
        process.kill()
        pytest.fail(f"the OpenID Connect test provider did not start: {line!r}")
    return Provider(port, process)


@pytest.fixture(scope="session")
def oidc_provider():
    provider = launch_provider([f"http://{host}" for host in HOSTS])
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def _loopback_provider_allowed(settings):
    settings.OIDC_ALLOW_HTTP_LOOPBACK = True


class Browser:
    """Follows redirects between the Django hosts (test client) and the provider (HTTP)."""

    REDIRECTS = {301, 302, 303, 307, 308}

    def __init__(self):
        self.clients: dict[str, Client] = {}
        self.http = requests.Session()
        self.visited: list[str] = []

    def client(self, host: str) -> Client:
        return self.clients.setdefault(host, Client(HTTP_HOST=host))

    def request(self, method: str, url: str, data=None, stop_at=None):
        """Returns (final URL, response); stops before a URL for which stop_at(url) is true."""
        for _hop in range(20):
            if stop_at is not None and stop_at(url):
                return url, None
            self.visited.append(url)
            parts = urlsplit(url)
            if parts.hostname.endswith(".test"):
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                client = self.client(parts.hostname)
                response = client.post(path, data or {}) if method == "POST" else client.get(path)
                status, location = response.status_code, response.get("Location")
            else:
                response = self.http.request(
                    method, url, data=data, allow_redirects=False, timeout=10
                )
                status, location = response.status_code, response.headers.get("Location")
            if status not in self.REDIRECTS or not location:
                return url, response
            url, method, data = urljoin(url, location), "GET", None
        raise AssertionError("too many redirects")


@pytest.fixture
def browser_client():
    return Browser()


def is_callback(url: str) -> bool:
    return urlsplit(url).path == "/oidc/callback/"


def text_of(response) -> str:
    return response.content.decode() if hasattr(response, "content") else response.text


@pytest.fixture
def franceconnect(organization, oidc_provider):
    organization.sign_in_methods = ["email", "franceconnect"]
    organization.save()
    return create_provider(
        actor=None,
        organization=organization,
        kind=ProviderKind.FRANCECONNECT,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=oidc_provider.discovery_url,
        platform="integration",
    )


@pytest.fixture
def confirmations():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    identity_confirmed.connect(receiver)
    yield received
    identity_confirmed.disconnect(receiver)
