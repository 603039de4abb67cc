"""Operators configure sign-in providers in /system/ and on the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from participation.models import ActionLog
from participation.oidc.models import FRANCECONNECT_DISCOVERY, IdentityProvider
from participation.oidc.services import create_provider
from tests.conftest import host_client, system_client
from tests.factories import make_user

DISCOVERY = "https://sso.example.org/.well-known/openid-configuration"


def provider_data(**overrides):
    data = {
        "kind": "oidc",
        "name": "Intranet de la ville",
        "slug": "intranet",
        "platform": "",
        "discovery_url": DISCOVERY,
        "client_id": "decidons",
        "client_secret": "s3cret-value-never-shown",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def operator_client(operator):
    return system_client(user=operator)


@pytest.fixture
def intranet(organization):
    return create_provider(actor=None, organization=organization, **provider_data())


def test_operator_adds_a_provider(operator_client, organization):
    url = f"/system/organizations/{organization.pk}/sign-in-providers/"
    assert operator_client.get(url + "new/").status_code == 200
    response = operator_client.post(url + "new/", provider_data())
    assert response.status_code == 302 and response["Location"] == url
    provider = IdentityProvider.objects.get()
    assert provider.organization == organization
    assert (provider.slug, provider.client_secret) == ("intranet", "s3cret-value-never-shown")
    entry = ActionLog.objects.get(action="oidc.provider_created")
    assert "s3cret" not in str(entry.changes)
    listing = operator_client.get(url).content.decode()
    assert "Intranet de la ville" in listing
    assert f"http://{organization.host}/oidc/callback/" in listing
    assert "s3cret" not in listing


def test_franceconnect_gets_its_default_discovery_url(operator_client, organization):
    url = f"/system/organizations/{organization.pk}/sign-in-providers/new/"
    data = provider_data(
        kind="franceconnect", name="", slug="", discovery_url="", platform="production"
    )
    assert operator_client.post(url, data).status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.slug == "franceconnect" and provider.name == "FranceConnect"
    assert provider.discovery_url == FRANCECONNECT_DISCOVERY["production"]


def test_the_secret_is_never_shown_back_and_kept_when_left_blank(operator_client, intranet):
    url = f"/system/organizations/{intranet.organization_id}/sign-in-providers/{intranet.pk}/"
    page = operator_client.get(url).content.decode()
    assert "s3cret" not in page and "decidons" in page
    response = operator_client.post(url, provider_data(client_secret="", name="Intranet"))
    assert response.status_code == 302
    intranet.refresh_from_db()
    assert intranet.name == "Intranet" and intranet.client_secret == "s3cret-value-never-shown"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (provider_data(discovery_url="http://sso.example.org/x"), "doit utiliser https"),
        (provider_data(discovery_url="pas une adresse"), "URL"),
        (provider_data(client_secret=""), "Saisissez le secret client."),
        (provider_data(slug=""), "Saisissez un nom court."),
        (provider_data(slug="franceconnect"), "réservé à FranceConnect"),
        (provider_data(kind="franceconnect", platform=""), "Choisissez la plateforme"),
        (provider_data(platform="production"), "ne concerne que FranceConnect"),
        (provider_data(kind="facebook"), "Sélectionnez un choix valide"),
        (provider_data(client_id=""), "obligatoire"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(operator_client, organization, data, message):
    url = f"/system/organizations/{organization.pk}/sign-in-providers/new/"
    response = operator_client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_a_taken_short_name_is_explained(operator_client, intranet):
    url = f"/system/organizations/{intranet.organization_id}/sign-in-providers/new/"
    response = operator_client.post(url, provider_data())
    assert response.status_code == 400
    assert "déjà un fournisseur avec ce nom court" in response.content.decode()
    assert IdentityProvider.objects.count() == 1


def test_operator_deletes_a_provider(operator_client, intranet):
    url = (
        f"/system/organizations/{intranet.organization_id}/sign-in-providers/{intranet.pk}/delete/"
    )
    assert operator_client.get(url).status_code == 200
    assert operator_client.post(url).status_code == 302
    assert not IdentityProvider.objects.exists()
    assert ActionLog.objects.filter(action="oidc.provider_deleted").exists()


def test_a_provider_is_reached_only_through_its_organisation(
    operator_client, intranet, other_organization
):
    url = f"/system/organizations/{other_organization.pk}/sign-in-providers/{intranet.pk}/"
    assert operator_client.get(url).status_code == 404
    assert operator_client.post(url + "delete/").status_code == 404
    assert IdentityProvider.objects.filter(pk=intranet.pk).exists()


@pytest.mark.parametrize("role", ["participant", "admin"])
@pytest.mark.parametrize("suffix", ["", "new/", "{pk}/", "{pk}/delete/"])
def test_organisation_people_cannot_reach_provider_pages(organization, intranet, role, suffix):
    user = make_user(organization, admin=role == "admin")
    url = f"/system/organizations/{organization.pk}/sign-in-providers/" + suffix.format(
        pk=intranet.pk
    )
    org_client = host_client(organization.host, user=user)
    for response in (org_client.get(url), org_client.post(url, provider_data(name="Pirate"))):
        assert response.status_code == 404  # no console on an organisation's host
        assert "s3cret" not in response.content.decode()
    client = system_client(user=user)
    for response in (client.get(url), client.post(url, provider_data(name="Pirate"))):
        assert response.status_code in (302, 403)
        assert "s3cret" not in response.content.decode()
    intranet.refresh_from_db()
    assert intranet.name == "Intranet de la ville"
    assert IdentityProvider.objects.count() == 1


def test_dashboard_links_to_the_provider_pages(operator_client, organization):
    body = operator_client.get("/system/").content.decode()
    assert f"/system/organizations/{organization.pk}/sign-in-providers/" in body


# --- configure_signin ---------------------------------------------------------------


def _run(*args) -> str:
    out = StringIO()
    call_command("configure_signin", *args, stdout=out)
    return out.getvalue()


def test_command_configures_franceconnect_on_integration_by_default(organization):
    out = _run("ville-a.test", "franceconnect", "--client-id", "abc", "--client-secret", "xyz")
    provider = IdentityProvider.objects.get(organization=organization)
    assert provider.kind == "franceconnect" and provider.platform == "integration"
    assert provider.discovery_url == FRANCECONNECT_DISCOVERY["integration"]
    assert (provider.client_id, provider.client_secret) == ("abc", "xyz")
    # Switched on, with the addresses to register at FranceConnect printed.
    organization.refresh_from_db()
    assert organization.allows("franceconnect")
    assert "Switched the sign-in method 'franceconnect' on." in out
    assert "redirect URI (callback): http://ville-a.test/oidc/callback/" in out
    assert "post-logout redirect URI: http://ville-a.test/oidc/signed-out/" in out
    assert "Verifications > Methods" in out
    # Run again for production: the same configuration is updated.
    _run(
        "ville-a.test",
        "franceconnect",
        "--client-id",
        "abc2",
        "--client-secret",
        "xyz2",
        "--platform",
        "production",
    )
    provider = IdentityProvider.objects.get(organization=organization)
    assert provider.platform == "production" and provider.client_id == "abc2"
    assert provider.discovery_url == FRANCECONNECT_DISCOVERY["production"]


def test_command_configures_a_company_provider(organization):
    organization.sign_in_methods = ["email", "oidc"]
    organization.save()
    out = _run(
        "ville-a.test",
        "intranet",
        "--client-id",
        "abc",
        "--client-secret",
        "xyz",
        "--discovery-url",
        DISCOVERY,
        "--name",
        "Intranet",
    )
    provider = IdentityProvider.objects.get(organization=organization)
    assert (provider.kind, provider.slug, provider.name) == ("oidc", "intranet", "Intranet")
    assert "not switched on" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ville-z.test", "franceconnect"], "No organisation"),
        (["ville-a.test", "intranet"], "discovery"),  # no discovery URL for a new provider
        (["ville-a.test", "intranet", "--discovery-url", "http://sso.example.org/x"], "https"),
        (
            ["ville-a.test", "intranet", "--discovery-url", DISCOVERY, "--platform", "production"],
            "--platform",
        ),
        (["ville-a.test", "Bad Slug!", "--discovery-url", DISCOVERY], "slug"),
        (["ville-a.test", "franceconnect", "--kind", "google"], "--kind"),
    ],
)
def test_command_bad_input_is_explained_and_changes_nothing(organization, args, message):
    with pytest.raises(CommandError) as error:
        _run(*args, "--client-id", "abc", "--client-secret", "xyz")
    assert message in str(error.value)
    assert not IdentityProvider.objects.exists()


def test_command_bad_platform_is_refused(organization):
    with pytest.raises(CommandError):
        _run(
            "ville-a.test",
            "franceconnect",
            "--client-id",
            "a",
            "--client-secret",
            "b",
            "--platform",
            "staging",
        )
    assert not IdentityProvider.objects.exists()


def test_command_can_leave_the_sign_in_method_off(organization):
    out = _run(
        "ville-a.test",
        "intranet",
        "--client-id",
        "abc",
        "--client-secret",
        "xyz",
        "--discovery-url",
        "https://sso.example/.well-known/openid-configuration",
        "--leave-off",
    )
    organization.refresh_from_db()
    assert not organization.allows("oidc")
    assert "stays off (--leave-off)" in out and "/oidc/callback/" in out
