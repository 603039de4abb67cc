"""New terms of service are accepted before anything else."""

import pytest

from participation.accounts import services
from participation.accounts.models import TermsAcceptance
from participation.errors import ServiceError
from tests.conftest import host_client
from tests.factories import make_user


def test_no_gate_until_the_organisation_publishes_terms(organization):
    user = make_user(organization)
    assert host_client(organization.host, user).get("/").status_code == 200


def test_new_terms_are_asked_before_any_page_or_action(organization, org_admin):
    user = make_user(organization)
    services.publish_terms(actor=org_admin, organization=organization, text="<p>Règles v2</p>")
    client = host_client(organization.host, user)
    response = client.get("/processes/")
    assert response.status_code == 302
    assert response["Location"] == "/account/terms/?next=%2Fprocesses%2F"
    response = client.post("/account/", {"name": "x", "nickname": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/account/terms/")
    page = client.get("/account/terms/")
    assert page.status_code == 200 and "Règles v2" in page.content.decode()
    # Legal pages and signing out stay reachable.
    assert client.get("/legal/terms/").status_code == 200

    refused = client.post("/account/terms/", {"next": "/processes/"})
    assert refused.status_code == 400 and "Cochez la case" in refused.content.decode()
    accepted = client.post("/account/terms/", {"accept_terms": "on", "next": "/processes/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/processes/"
    assert TermsAcceptance.objects.get(user=user).version == 2
    assert client.get("/processes/").status_code == 200


def test_publishing_again_asks_again(organization, org_admin):
    user = make_user(organization)
    client = host_client(organization.host, user)
    services.publish_terms(actor=org_admin, organization=organization)
    client.post("/account/terms/", {"accept_terms": "on"})
    assert client.get("/").status_code == 200
    services.publish_terms(actor=org_admin, organization=organization)
    assert client.get("/").status_code == 302


def test_terms_page_never_redirects_off_site(organization, org_admin):
    user = make_user(organization)
    services.publish_terms(actor=org_admin, organization=organization)
    client = host_client(organization.host, user)
    response = client.post(
        "/account/terms/", {"accept_terms": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_only_admins_publish_terms(organization, participant, other_organization):
    with pytest.raises(ServiceError):
        services.publish_terms(actor=participant, organization=organization)
    admin_b = make_user(other_organization, admin=True)
    with pytest.raises(ServiceError):
        services.publish_terms(actor=admin_b, organization=organization)


def test_sign_up_accepts_the_current_version(organization, org_admin):
    terms = services.publish_terms(actor=org_admin, organization=organization)
    user = make_user(organization)
    services.accept_terms(actor=user, user=user)
    assert TermsAcceptance.objects.get(user=user).version == terms.version


def test_admin_publishes_new_terms_from_the_back_office(organization, org_admin):
    participant = make_user(organization)
    client = host_client(organization.host, org_admin)
    assert client.get("/admin/terms/").status_code == 200
    response = client.post("/admin/terms/", {"text": "<p>Nouvelles règles</p><script>x</script>"})
    assert response.status_code == 302
    # The admin is asked too, like everyone.
    assert client.get("/admin/").status_code == 302
    client.post("/account/terms/", {"accept_terms": "on"})
    page = host_client(organization.host).get("/legal/terms/").content.decode()
    assert "Nouvelles règles" in page and "<script>" not in page
    assert host_client(organization.host, participant).get("/").status_code == 302


def test_participants_cannot_publish_terms(organization, participant):
    client = host_client(organization.host, participant)
    assert client.post("/admin/terms/", {"text": "x"}).status_code == 403
    from participation.accounts.models import OrganizationTerms

    assert not OrganizationTerms.objects.exists()
