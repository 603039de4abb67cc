"""Every request resolves its organisation from the host, and sees only its data."""

import pytest

from participation.models import SecondaryHost
from tests.conftest import host_client
from tests.factories import ProcessFactory, make_user


@pytest.fixture
def two_cities(organization, other_organization, now):
    process_a = ProcessFactory(
        organization=organization,
        slug="velo",
        title="Plan vélo de A",
        published_at=now,
        promoted=True,
    )
    process_b = ProcessFactory(
        organization=other_organization,
        slug="parc",
        title="Parc de B",
        published_at=now,
        promoted=True,
    )
    return process_a, process_b


def test_home_shows_the_organisation_of_the_host(two_cities):
    page_a = host_client("ville-a.test").get("/").content.decode()
    page_b = host_client("ville-b.test").get("/").content.decode()
    assert "Ville de Test" in page_a and "Plan vélo de A" in page_a
    assert "Autre Ville" not in page_a and "Parc de B" not in page_a
    assert "Autre Ville" in page_b and "Parc de B" in page_b
    assert "Plan vélo de A" not in page_b


def test_listing_and_guessed_urls_never_cross_organisations(two_cities):
    client_b = host_client("ville-b.test")
    assert "Plan vélo de A" not in client_b.get("/processes/").content.decode()
    assert client_b.get("/processes/velo/").status_code == 404
    assert host_client("ville-a.test").get("/processes/velo/").status_code == 200


def test_unknown_host_gets_a_clear_404_without_any_organisation_data(two_cities):
    response = host_client("nobody.example").get("/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "No participation platform at this address" in body or "Aucune plateforme" in body
    assert "nobody.example" in body
    for leaked in ("Ville de Test", "Autre Ville", "Plan vélo de A", "Parc de B"):
        assert leaked not in body


def test_unknown_host_cannot_reach_space_pages(two_cities):
    assert host_client("nobody.example").get("/processes/velo/").status_code == 404


def test_port_is_ignored_when_resolving(two_cities):
    assert host_client("ville-a.test:8000").get("/").status_code == 200


def test_secondary_host_redirects_to_primary_keeping_path(organization):
    SecondaryHost.objects.create(organization=organization, hostname="www.ville-a.test")
    response = host_client("www.ville-a.test:8000").get("/processes/?period=past")
    assert response.status_code == 301
    assert response["Location"] == "http://ville-a.test:8000/processes/?period=past"


def test_a_session_from_one_organisation_is_refused_on_another(organization, other_organization):
    resident_a = make_user(organization, name="Alice de A")
    # Same cookie jar presented to B's host: the account must not act there.
    client = host_client("ville-b.test", user=resident_a)
    body = client.get("/").content.decode()
    assert "Alice de A" not in body
    assert "_auth_user_id" not in client.session


def test_organisation_colours_are_served_as_css(organization, other_organization):
    css_a = host_client("ville-a.test").get("/organization.css").content.decode()
    css_b = host_client("ville-b.test").get("/organization.css").content.decode()
    assert organization.primary_color in css_a
    assert other_organization.primary_color in css_b
    assert other_organization.primary_color not in css_a


def test_host_resolution_is_cached_and_follows_every_change(operator, organization):
    """The organisation of a host comes from the cache (no SQL once known), and a change
    through the organisation services (name, secondary hosts, host) is seen by the very
    next request (tests/participation/test_cache_writers.py covers the console's pages)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from participation.services.organizations import update_organization

    client = host_client("ville-a.test")
    assert "Ville de Test" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as context:
        client.get("/")
    assert not [q for q in context.captured_queries if "participation_organization" in q["sql"]]

    update_organization(actor=operator, organization=organization, name="Ville Renommée")
    assert "Ville Renommée" in client.get("/").content.decode()

    assert host_client("www.ville-a.test").get("/").status_code == 404
    update_organization(
        actor=operator, organization=organization, secondary_hosts=["www.ville-a.test"]
    )
    assert host_client("www.ville-a.test").get("/").status_code == 301
    update_organization(actor=operator, organization=organization, secondary_hosts=[])
    assert host_client("www.ville-a.test").get("/").status_code == 404

    # A host moved to another organisation: the old host no longer answers for it.
    update_organization(actor=operator, organization=organization, host="participer.ville-a.test")
    assert client.get("/").status_code == 404
    assert "Ville Renommée" in host_client("participer.ville-a.test").get("/").content.decode()
