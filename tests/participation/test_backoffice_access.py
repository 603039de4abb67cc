"""Every back-office URL, walked with every kind of visitor.

URLs are collected from the URL configuration itself, so a new back-office
page is walked as soon as it exists; pages taking arguments must say how to
fill them in URL_ARGUMENTS, or this test fails.
"""

from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from spaces.models import ParticipatoryProcess, SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client, make_user

# route -> function(organization) building a concrete path for that route.
URL_ARGUMENTS: dict[str, Callable] = {}


def _process_with_blog(organization):
    from participation.components.models import Component

    process, _ = ParticipatoryProcess.objects.get_or_create(
        organization=organization, slug="walked", defaults={"title": "Walked"}
    )
    component = Component(organization=organization, manifest_name="blogs", name="Blog")
    component.set_space(process)
    component.save()
    return process, component


def _component_path(suffix: str) -> Callable:
    def build(organization) -> str:
        _process, component = _process_with_blog(organization)
        return f"/admin/spaces/processes/walked/components/{component.pk}/{suffix}"

    return build


_COMPONENTS = "admin/spaces/<str:space_type>/<slug:slug>/components/"
URL_ARGUMENTS.update(
    {
        _COMPONENTS: lambda o: (
            _process_with_blog(o) and "/admin/spaces/processes/walked/components/"
        ),
        _COMPONENTS + "add/": lambda o: (
            _process_with_blog(o) and "/admin/spaces/processes/walked/components/add/"
        ),
        _COMPONENTS + "order/": lambda o: (
            _process_with_blog(o) and "/admin/spaces/processes/walked/components/order/"
        ),
        _COMPONENTS + "<int:component_id>/": _component_path(""),
        _COMPONENTS + "<int:component_id>/publish/": _component_path("publish/"),
        _COMPONENTS + "<int:component_id>/unpublish/": _component_path("unpublish/"),
        _COMPONENTS + "<int:component_id>/delete/": _component_path("delete/"),
        _COMPONENTS + "<int:component_id>/manage/": _component_path("manage/"),
        _COMPONENTS + "<int:component_id>/manage/<path:rest>": _component_path("manage/new/"),
    }
)


def _admin_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _admin_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("admin/"):
            yield route


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
def test_admins_of_another_organisation_are_refused(organization, other_organization, route):
    stranger = make_user(other_organization, admin=True)
    response = host_client(organization.host, user=stranger).get(_path(route, organization))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_organisation_admins_enter(organization, route):
    admin = make_user(organization, admin=True)
    assert (
        host_client(organization.host, user=admin).get(_path(route, organization)).status_code
        == 200
    )


@pytest.mark.parametrize("role", list(SpaceRole))
def test_space_role_holders_enter_and_see_only_their_spaces(organization, role):
    admin = make_user(organization, admin=True)
    mine = ParticipatoryProcess.objects.create(
        organization=organization, slug="a", title="Ma concertation"
    )
    ParticipatoryProcess.objects.create(organization=organization, slug="b", title="Une autre")
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
    ParticipatoryProcess.objects.create(organization=organization, slug="d", title="Brouillon")
    body = host_client(organization.host, user=admin).get("/admin/spaces/").content.decode()
    assert "Brouillon" in body
