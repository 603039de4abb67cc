"""Every back-office URL, walked with every kind of visitor.

URLs are collected from the URL configuration itself, so a new back-office
page is walked as soon as it exists; pages taking arguments must say how to
fill them in URL_ARGUMENTS, or this test fails.
"""

from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from spaces.models import (
    Category,
    ParticipatoryProcess,
    ProcessStep,
    Scope,
    SpaceRole,
    space_content_type,
)
from spaces.services import assign_space_role
from tests.conftest import host_client, make_user


def _process(organization) -> ParticipatoryProcess:
    process, _ = ParticipatoryProcess.objects.get_or_create(
        organization=organization, slug="walk", defaults={"title": "Walked"}
    )
    return process


def _space_path(suffix: str = ""):
    return lambda organization: f"/admin/spaces/processes/{_process(organization).slug}/{suffix}"


def _step(organization) -> int:
    return ProcessStep.objects.create(process=_process(organization), title="Step").pk


def _category(organization) -> int:
    process = _process(organization)
    return Category.objects.create(
        organization=organization,
        content_type=space_content_type(process),
        object_id=process.pk,
        name="Mobilité",
    ).pk


def _scope(organization) -> int:
    return Scope.objects.create(organization=organization, title="Centre").pk


SPACE = "admin/spaces/<spacetype:space_type>/<slug:slug>/"
STEPS = "admin/spaces/processes/<slug:slug>/steps/"
TAXONOMY = "admin/spaces/settings/<taxonomy:kind>/"

# route -> function(organization) building a concrete path for that route.
URL_ARGUMENTS: dict[str, Callable] = {
    "admin/spaces/<spacetype:space_type>/new/": lambda o: "/admin/spaces/assemblies/new/",
    SPACE: _space_path(),
    SPACE + "publication/": _space_path("publication/"),
    SPACE + "delete/": _space_path("delete/"),
    SPACE + "preview/": _space_path("preview/"),
    SPACE + "categories/": _space_path("categories/"),
    SPACE + "categories/<int:pk>/": lambda o: _space_path(f"categories/{_category(o)}/")(o),
    SPACE + "categories/<int:pk>/delete/": lambda o: _space_path(
        f"categories/{_category(o)}/delete/"
    )(o),
    SPACE + "members/": _space_path("members/"),
    SPACE + "roles/": _space_path("roles/"),
    STEPS: _space_path("steps/"),
    STEPS + "<int:pk>/": lambda o: _space_path(f"steps/{_step(o)}/")(o),
    STEPS + "<int:pk>/delete/": lambda o: _space_path(f"steps/{_step(o)}/delete/")(o),
    TAXONOMY: lambda o: "/admin/spaces/settings/areas/",
    TAXONOMY + "<int:pk>/": lambda o: f"/admin/spaces/settings/areas/{_scope(o)}/",
    TAXONOMY + "<int:pk>/delete/": lambda o: f"/admin/spaces/settings/areas/{_scope(o)}/delete/",
}


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
