from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import host_client
from tests.factories import (
    AssemblyFactory,
    InitiativeFactory,
    ProcessFactory,
    StepFactory,
    make_user,
)


@pytest.fixture
def spaces_of_a(organization, now):
    today = now.date()
    public = ProcessFactory(
        organization=organization,
        slug="ouverte",
        title="Concertation ouverte",
        published_at=now,
        start_date=today - timedelta(days=3),
        end_date=today + timedelta(days=30),
        promoted=True,
    )
    StepFactory(process=public, title="Propositions", active=True, position=0)
    StepFactory(process=public, title="Vote", position=1)
    ProcessFactory(
        organization=organization,
        slug="brouillon",
        title="Brouillon secret",
    )
    ProcessFactory(
        organization=organization,
        slug="future",
        title="Publication future",
        published_at=now + timedelta(days=2),
    )
    AssemblyFactory(
        organization=organization,
        slug="comite",
        title="Comité privé",
        visibility="private",
        published_at=now,
    )
    ProcessFactory(
        organization=organization,
        slug="passee",
        title="Concertation passée",
        published_at=now,
        start_date=today - timedelta(days=300),
        end_date=today - timedelta(days=200),
    )
    return public


@pytest.mark.parametrize(
    "path", ["/", "/processes/", "/assemblies/", "/initiatives/", "/votations/", "/conferences/"]
)
def test_public_pages_render(spaces_of_a, path):
    assert host_client("ville-a.test").get(path).status_code == 200


def test_listing_shows_published_public_spaces_only(spaces_of_a):
    body = host_client("ville-a.test").get("/processes/").content.decode()
    assert "Concertation ouverte" in body
    assert "Brouillon secret" not in body and "Publication future" not in body
    assert "Comité privé" not in host_client("ville-a.test").get("/assemblies/").content.decode()


@pytest.mark.parametrize(
    "path", ["/processes/brouillon/", "/processes/future/", "/assemblies/comite/"]
)
def test_unpublished_and_private_spaces_are_not_reachable_by_guessing(
    spaces_of_a, organization, path
):
    assert host_client("ville-a.test").get(path).status_code == 404
    participant = make_user(organization)
    assert host_client("ville-a.test", user=participant).get(path).status_code == 404


def test_organisation_admin_sees_private_published_spaces(spaces_of_a, organization):
    admin = make_user(organization, admin=True)
    assert host_client("ville-a.test", user=admin).get("/assemblies/comite/").status_code == 200


def test_period_filter(spaces_of_a):
    client = host_client("ville-a.test")
    past = client.get("/processes/?period=past").content.decode()
    active = client.get("/processes/?period=active").content.decode()
    assert "Concertation passée" in past and "Concertation ouverte" not in past
    assert "Concertation ouverte" in active and "Concertation passée" not in active
    # An unknown value is not echoed back and falls back to all.
    weird = client.get("/processes/?period=<script>").content.decode()
    assert "<script>" not in weird and "Concertation passée" in weird


def test_process_page_shows_its_step_timeline(spaces_of_a):
    body = host_client("ville-a.test").get("/processes/ouverte/").content.decode()
    assert body.index("Propositions") < body.index("Vote")
    assert 'aria-current="step"' in body


def test_only_one_step_can_be_active(spaces_of_a):
    with pytest.raises(IntegrityError):
        StepFactory(process=spaces_of_a, title="Encore", active=True)


def _queries(path: str) -> int:
    client = host_client("ville-a.test")
    client.get(path)  # warm up (sessions, caches)
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


@pytest.mark.parametrize("path", ["/", "/processes/", "/initiatives/"])
def test_listing_pages_cost_the_same_whatever_the_number_of_spaces(organization, now, path):
    def add(count, start):
        for index in range(start, start + count):
            process = ProcessFactory(
                organization=organization,
                slug=f"p{index}",
                title=f"P{index}",
                published_at=now,
                promoted=True,
            )
            StepFactory(process=process, title="Étape", active=True)
            InitiativeFactory(
                organization=organization,
                slug=f"i{index}",
                title=f"I{index}",
                published_at=now,
                promoted=True,
            )

    add(2, 0)
    few = _queries(path)
    add(25, 2)
    many = _queries(path)
    assert few == many
