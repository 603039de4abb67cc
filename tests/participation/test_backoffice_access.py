"""Every back-office URL, walked with every kind of visitor.

URLs are collected from the URL configuration itself, so a new back-office
page is walked as soon as it exists; pages taking arguments must say how to
fill them in URL_ARGUMENTS, or this test fails.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.functional import empty

from participation.verifications.storage import private_storage
from spaces.models import ParticipatoryProcess, SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client
from tests.factories import ProcessFactory, make_user
from tests.participation.backoffice_urls import URL_ARGUMENTS


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.VERIFICATIONS_PRIVATE_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield
    private_storage._wrapped = empty


def _admin_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _admin_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("admin/"):
            yield route
            if route.endswith("/manage/<path:rest>"):
                yield from _component_admin_routes(route.removesuffix("<path:rest>"))


def _component_admin_routes(manage: str):
    """Each component type's own admin URLconf, mounted under .../manage/: walked too,
    keyed ``.../manage/{<component type>}<its route>``."""
    from participation.components.registry import all_manifests

    for manifest in all_manifests():
        if manifest.admin_urls:
            resolver = get_resolver(manifest.admin_urls)
            for route in _admin_routes(resolver.url_patterns, "admin/"):
                yield f"{manage}{{{manifest.name}}}{route.removeprefix('admin/')}"


ADMIN_ROUTES = sorted(set(_admin_routes()))


def _path(route: str, organization) -> str:
    if "<" not in route:
        return "/" + route
    build = URL_ARGUMENTS.get(route)
    if build is None:
        pytest.fail(f"Say how to fill {route} in URL_ARGUMENTS")
    return build(organization)


def test_the_back_office_has_pages():
    assert "admin/" in ADMIN_ROUTES and "admin/spaces/" in ADMIN_ROUTES


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(organization, route):
    response = host_client(organization.host).get(_path(route, organization))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_participants_are_refused(organization, route):
    response = host_client(organization.host, user=make_user(organization)).get(
        _path(route, organization)
    )
    assert response.status_code == 403


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_writes_by_anonymous_and_participants_are_refused(organization, route):
    path = _path(route, organization)
    assert host_client(organization.host).post(path, {}).status_code == 302
    participant = host_client(organization.host, user=make_user(organization))
    assert participant.post(path, {}).status_code == 403


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_admins_of_another_organisation_are_refused(organization, other_organization, route):
    stranger = make_user(other_organization, admin=True)
    response = host_client(organization.host, user=stranger).get(_path(route, organization))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_organisation_admins_enter(organization, route):
    admin = make_user(organization, admin=True)
    response = host_client(organization.host, user=admin).get(_path(route, organization))
    # 405: an action that only takes POST (its form lives on another page).
    assert response.status_code in (200, 405)


@pytest.mark.parametrize("role", list(SpaceRole))
def test_space_role_holders_enter_and_see_only_their_spaces(organization, role):
    admin = make_user(organization, admin=True)
    mine = ProcessFactory(organization=organization, slug="a", title="Ma concertation")
    ProcessFactory(organization=organization, slug="b", title="Une autre")
    holder = make_user(organization)
    assign_space_role(actor=admin, space=mine, role=role, user=holder)
    client = host_client(organization.host, user=holder)
    assert client.get("/admin/").status_code == 200
    body = client.get("/admin/spaces/").content.decode()
    assert "Ma concertation" in body and "Une autre" not in body
    with translation.override("fr"):
        assert str(role.label) in body


def test_admin_sees_every_space_including_drafts(organization):
    admin = make_user(organization, admin=True)
    ProcessFactory(organization=organization, slug="d", title="Brouillon")
    body = host_client(organization.host, user=admin).get("/admin/spaces/").content.decode()
    assert "Brouillon" in body


# Back-office sections that belong to the organisation as a whole: a role on a
# space never opens them.
ORGANISATION_ONLY = (
    "admin/participants/",
    "admin/verifications/",
    "admin/terms/",
    "admin/newsletters/",
    "admin/activity/",
    "admin/spaces/settings/",
    "admin/organization/",
    "admin/spaces/<spacetype:space_type>/new/",
)


@pytest.mark.parametrize("role", list(SpaceRole), ids=lambda role: role.value)
@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_space_role_holders_walk_every_route(organization, route, role):
    admin = make_user(organization, admin=True)
    path = _path(route, organization)
    holder = make_user(organization)
    # The route builders create the spaces they need: the role is held on each of them.
    for process in ParticipatoryProcess.objects.filter(organization=organization):
        assign_space_role(actor=admin, space=process, role=role, user=holder)
    client = host_client(organization.host, user=holder)
    status = client.get(path).status_code
    if route.startswith(ORGANISATION_ONLY):
        assert status == 403
        assert client.post(path, {}).status_code == 403
        return
    # Every other page answers a role holder (read, refuse, or "POST only"): never
    # a sign-in redirect, a missing page or a crash.
    assert status in (200, 403, 405)
    if role == SpaceRole.COLLABORATOR:
        # Collaborators read the back-office; they change nothing.
        assert client.post(path, {}).status_code in (403, 405)
