"""The components back-office of a space, driven like an admin would."""

import pytest

from participation.components.models import Component
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client
from tests.factories import ProcessFactory, make_user

BASE = "/admin/spaces/processes/budget/components/"


@pytest.fixture
def client(admin):
    return host_client("ville-a.test", user=admin)


def test_add_configure_publish_and_delete(client, process):
    response = client.post(BASE + "add/", {"manifest_name": "blogs", "name": "Actualités"})
    blog = Component.objects.get()
    assert response.status_code == 302 and response["Location"] == blog.get_admin_url()
    step1, step2, step3 = process.steps.all()
    data = {
        "component-name": "Les actus",
        "settings-posts_per_page": "5",
        "settings-show_author": "on",
        f"step-{step2.pk}-comments_enabled": "on",
    }
    assert client.post(blog.get_admin_url(), data).status_code == 302
    blog.refresh_from_db()
    assert blog.name == "Les actus" and blog.typed_settings.posts_per_page == 5
    assert blog.step_settings_for(step2.pk).comments_enabled
    assert not blog.step_settings_for(step1.pk).comments_enabled
    assert client.post(f"{BASE}{blog.pk}/publish/").status_code == 302
    blog.refresh_from_db()
    assert blog.is_published
    assert "Les actus" in host_client("ville-a.test").get("/processes/budget/").content.decode()
    assert client.post(f"{BASE}{blog.pk}/unpublish/").status_code == 302
    blog.refresh_from_db()
    assert not blog.is_published
    assert client.post(f"{BASE}{blog.pk}/delete/").status_code == 302
    assert not Component.objects.exists()


def test_bad_settings_show_errors_and_change_nothing(client, process):
    client.post(BASE + "add/", {"manifest_name": "blogs", "name": "Actualités"})
    blog = Component.objects.get()
    response = client.post(
        blog.get_admin_url(), {"component-name": "Renamed", "settings-posts_per_page": "500"}
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    blog.refresh_from_db()
    assert blog.name == "Actualités" and blog.typed_settings.posts_per_page == 10


def test_unknown_type_is_a_form_error(client, process):
    response = client.post(BASE + "add/", {"manifest_name": "../../etc", "name": ""})
    assert response.status_code == 200 and not Component.objects.exists()


def test_move_buttons_reorder(client, process):
    client.post(BASE + "add/", {"manifest_name": "blogs"})
    client.post(BASE + "add/", {"manifest_name": "pages"})
    blog, pages = Component.objects.order_by("id")
    client.post(BASE + "order/", {"component": pages.pk, "direction": "up"})
    assert list(Component.objects.of_space(process)) == [pages, blog]


def test_confirmation_pages_work_without_javascript(client, process):
    client.post(BASE + "add/", {"manifest_name": "pages"})
    component = Component.objects.get()
    for action in ("publish", "unpublish", "delete"):
        response = client.get(f"{BASE}{component.pk}/{action}/")
        assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
    assert Component.objects.filter(published_at__isnull=True).exists()


def test_collaborators_read_the_list_but_cannot_change_anything(admin, process, organization):
    client = host_client("ville-a.test", user=admin)
    client.post(BASE + "add/", {"manifest_name": "pages"})
    component = Component.objects.get()
    collaborator = make_user(organization)
    assign_space_role(actor=admin, space=process, role=SpaceRole.COLLABORATOR, user=collaborator)
    reader = host_client("ville-a.test", user=collaborator)
    assert reader.get(BASE).status_code == 200
    for path in (
        "add/",
        "order/",
        f"{component.pk}/",
        f"{component.pk}/publish/",
        f"{component.pk}/manage/",
    ):
        assert reader.get(BASE + path).status_code == 403
    assert reader.post(f"{BASE}{component.pk}/delete/").status_code == 403
    assert Component.objects.exists()


def test_admins_of_another_space_are_refused(admin, process, organization):
    other = ProcessFactory(organization=organization, slug="o", title="O")
    holder = make_user(organization)
    assign_space_role(actor=admin, space=other, role=SpaceRole.ADMIN, user=holder)
    client = host_client("ville-a.test", user=holder)
    assert client.get("/admin/spaces/processes/o/components/").status_code == 200
    assert client.get(BASE).status_code == 403
    assert client.post(BASE + "add/", {"manifest_name": "pages"}).status_code == 403


def test_another_organisations_component_is_not_found(admin, process, other_organization, now):
    from participation.components import services

    admin_b = make_user(other_organization, admin=True)
    space_b = ProcessFactory(organization=other_organization, slug="budget", title="B")
    foreign = services.add_component(actor=admin_b, space=space_b, manifest_name="pages")
    client = host_client("ville-a.test", user=admin)
    for path in (f"{foreign.pk}/", f"{foreign.pk}/manage/", f"{foreign.pk}/delete/"):
        assert client.get(BASE + path).status_code == 404
    assert client.post(f"{BASE}{foreign.pk}/delete/").status_code == 404
    assert Component.objects.filter(pk=foreign.pk).exists()


def test_unknown_space_type_or_slug_is_not_found(client, process):
    assert client.get("/admin/spaces/nope/budget/components/").status_code == 404
    assert client.get("/admin/spaces/processes/nope/components/").status_code == 404
