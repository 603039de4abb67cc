"""Private spaces on public pages: members and role holders see them, nobody else does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import Scope
from spaces.models import Assembly, ParticipatoryProcess, ProcessType, SpaceMember, SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client
from tests.factories import AssemblyFactory, ProcessFactory, make_user

HOST = "ville-a.test"


@pytest.fixture
def private(organization, now):
    return AssemblyFactory(
        organization=organization,
        slug="comite",
        title="Comité privé",
        visibility="private",
        published_at=now,
    )


def _member(space, user, now, accepted=True):
    return SpaceMember.objects.create(
        organization=space.organization,
        space=space,
        user=user,
        invited_at=now,
        accepted_at=now if accepted else None,
    )


def _sees(client) -> tuple[bool, int]:
    listed = "Comité privé" in client.get("/assemblies/").content.decode()
    return listed, client.get("/assemblies/comite/").status_code


def test_members_see_private_spaces_in_lists_and_pages(organization, private, now):
    member = make_user(organization)
    _member(private, member, now)
    assert _sees(host_client(HOST, member)) == (True, 200)


def test_non_members_and_anonymous_do_not(organization, private, now):
    pending = make_user(organization)
    _member(private, pending, now, accepted=False)
    for client in (host_client(HOST), host_client(HOST, make_user(organization))):
        assert _sees(client) == (False, 404)
    assert _sees(host_client(HOST, pending)) == (False, 404)


def test_role_holders_see_private_spaces(organization, private, org_admin):
    moderator = make_user(organization)
    assign_space_role(actor=org_admin, space=private, role=SpaceRole.MODERATOR, user=moderator)
    assert _sees(host_client(HOST, moderator)) == (True, 200)
    assert _sees(host_client(HOST, org_admin)) == (True, 200)


def test_membership_of_another_space_with_the_same_id_gives_nothing(organization, private, now):
    """Spaces of every type share one table, so a process can never carry the assembly's id,
    and a membership of it does not open the assembly."""
    process = ProcessFactory(organization=organization, slug="x", title="X", published_at=now)
    assert process.pk != private.pk
    person = make_user(organization)
    _member(process, person, now)
    assert _sees(host_client(HOST, person)) == (False, 404)


def test_a_member_of_another_organisation_sees_nothing(other_organization, private, now):
    # Same slug on the other host: nothing there, and membership does not cross hosts.
    stranger = make_user(other_organization)
    _member(private, stranger, now)
    assert host_client("ville-b.test", stranger).get("/assemblies/comite/").status_code == 404


def test_transparent_spaces_are_readable_by_all(organization, now):
    AssemblyFactory(
        organization=organization,
        slug="ouvert",
        title="Transparent",
        visibility="transparent",
        published_at=now,
    )
    assert host_client(HOST).get("/assemblies/ouvert/").status_code == 200


def test_filters_by_area_and_type(organization, other_organization, now):
    north = Scope.objects.create(organization=organization, title="Nord")
    south = Scope.objects.create(organization=organization, title="Sud")
    budget = ProcessType.objects.create(organization=organization, title="Budget")
    foreign = Scope.objects.create(organization=other_organization, title="Étranger")
    ProcessFactory(
        organization=organization,
        slug="n",
        title="Au nord",
        published_at=now,
        scope=north,
        process_type=budget,
    )
    ProcessFactory(
        organization=organization, slug="s", title="Au sud", published_at=now, scope=south
    )
    client = host_client(HOST)
    body = client.get(f"/processes/?scope={north.pk}").content.decode()
    assert "Au nord" in body and "Au sud" not in body
    body = client.get(f"/processes/?type={budget.pk}&scope={south.pk}").content.decode()
    assert "Au nord" not in body and "Au sud" not in body
    # Unknown, foreign or malformed values are ignored and never echoed.
    for query in (f"scope={foreign.pk}", "scope=<script>x</script>", "type=999999", "scope=-1"):
        body = client.get(f"/processes/?{query}").content.decode()
        assert "Au nord" in body and "Au sud" in body and "<script>x" not in body
        assert "Étranger" not in body


def _queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


@pytest.mark.parametrize("path", ["/processes/?scope=1", "/assemblies/", "/assemblies/?type=1"])
def test_filtered_lists_cost_the_same_for_members(organization, now, path):
    member = make_user(organization)
    client = host_client(HOST, member)
    area = Scope.objects.create(organization=organization, title="Centre")

    def add(count, start):
        for index in range(start, start + count):
            for model in (ParticipatoryProcess, Assembly):
                space = model.objects.create(
                    organization=organization,
                    slug=f"s{index}",
                    title=f"S{index}",
                    published_at=now,
                    visibility="private" if index % 2 else "public",
                    scope=area,
                )
                _member(space, member, now)

    add(2, 0)
    few = _queries(client, path)
    add(20, 2)
    assert _queries(client, path) == few
