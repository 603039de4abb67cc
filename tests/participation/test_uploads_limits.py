"""Request size capped before the body is read; the operator console on its own host; the
site-wide CSP (issue 12)."""

import pytest
from django.test import Client

from tests.conftest import host_client, system_client
from tests.factories import make_operator


class ExplodingBody:
    """A request body that fails the test if anything reads it."""

    def __init__(self):
        self.read_calls = 0

    def read(self, *args, **kwargs):
        self.read_calls += 1
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize(
    "path", ["/sign-in/", "/processes/x/f/1/proposals/new/", "/system/sign-in/"]
)
def test_an_oversized_body_gets_413_without_being_read(organization, settings, path):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    body = ExplodingBody()
    response = Client(HTTP_HOST=organization.host).generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_BYTES + 1),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.read_calls == 0
    assert response["Connection"] == "close"
    page = response.content.decode()
    assert "Requête trop volumineuse" in page and "1,0" in page


def test_a_body_within_the_limit_goes_through(organization, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    response = host_client(organization.host).post("/sign-in/", {"email": "a@b.c", "password": "x"})
    assert response.status_code == 400  # the sign-in form answers: wrong credentials


def test_django_memory_limits_are_set(settings):
    from django.conf import settings as live

    assert live.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert live.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert live.MAX_REQUEST_BODY_BYTES >= live.MAX_DOCUMENT_UPLOAD_BYTES
    assert live.MIDDLEWARE[0] == "participation.middleware.RequestBodyLimitMiddleware"


@pytest.mark.parametrize("path", ["/system/", "/system/sign-in/", "/system/organizations/new/"])
def test_the_console_is_404_on_organisation_and_unknown_hosts(organization, path):
    operator = make_operator()
    for client, shown in (
        (host_client(organization.host), organization.name),
        (host_client(organization.host, operator), organization.name),
        (host_client("unknown.example"), "unknown.example"),
        (host_client("unknown.example", operator), "unknown.example"),
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert shown in response.content.decode()  # the host's own 404 page
        assert "Mot de passe" not in response.content.decode()
        assert client.post(path, {"email": operator.email}).status_code == 404


def test_the_console_host_serves_the_console_only(organization, operator):
    client = system_client(operator)
    assert client.get("/system/").status_code == 200
    assert client.get("/")["Location"] == "/system/"
    for path in ("/processes/", "/admin/", "/sign-in/", "/account/email/"):
        assert client.get(path).status_code == 404
    assert system_client().get("/healthz").status_code in (200, 503)


def test_csp_has_form_action_and_the_other_directives(organization):
    policy = host_client(organization.host).get("/")["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part}
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["worker-src"] == ["'none'"]
    assert directives["manifest-src"] == ["'self'"]
    assert directives["media-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]


def _form_action(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    part = next(p for p in policy.split("; ") if p.startswith("form-action "))
    return part.split()[1:]


def test_form_action_lets_sign_in_buttons_reach_this_organisations_providers_only(
    organization, other_organization
):
    from participation.oidc.models import IdentityProvider

    organization.sign_in_methods = ["email", "oidc"]
    organization.save()
    IdentityProvider.objects.create(
        organization=organization,
        kind="oidc",
        name="Intranet",
        slug="intranet",
        discovery_url="https://sso.ville-a.example/.well-known/openid-configuration",
        client_id="c",
        client_secret="s",
    )
    IdentityProvider.objects.create(
        organization=other_organization,
        kind="oidc",
        name="Autre",
        slug="autre",
        discovery_url="https://sso.ville-b.example/.well-known/openid-configuration",
        client_id="c",
        client_secret="s",
    )
    sign_in = host_client(organization.host).get("/sign-in/")
    assert 'action="/oidc/' in sign_in.content.decode()
    # The button posts here and is redirected to the provider: both must be allowed.
    assert _form_action(sign_in) == ["'self'", "https://sso.ville-a.example"]
    # Pages without such a form keep form-action 'self' alone.
    assert _form_action(host_client(organization.host).get("/")) == ["'self'"]


def test_an_organisation_cannot_take_the_console_host(operator, settings):
    from tests.participation.test_system_console import form_data

    response = system_client(operator).post(
        "/system/organizations/new/", form_data(host=settings.SYSTEM_HOST)
    )
    assert response.status_code == 400
    assert "console d’exploitation" in response.content.decode()
