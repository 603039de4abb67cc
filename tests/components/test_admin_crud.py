"""The core's back-office create/edit/delete flow (participation.components.admin_crud),
seen through the two components that use it, blogs and pages."""

import pytest

from blogs import services as blog_services
from blogs.models import Post
from blogs.services import create_post
from pages.models import Page
from pages.services import create_page
from participation.components import services
from participation.errors import ErrorCode, ServiceError
from spaces.models import ParticipatoryProcess
from tests.conftest import host_client, make_user


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True, name="Maire Adjointe")


@pytest.fixture
def process(organization, now):
    return ParticipatoryProcess.objects.create(
        organization=organization, slug="budget", title="Budget", published_at=now
    )


def _component(admin, process, manifest_name, name):
    component = services.add_component(
        actor=admin, space=process, manifest_name=manifest_name, name=name
    )
    return services.publish_component(actor=admin, component=component)


@pytest.fixture
def client(admin):
    return host_client("ville-a.test", user=admin)


def test_form_and_delete_pages_speak_of_the_item(admin, process, client):
    blog = _component(admin, process, "blogs", "Actus")
    post = create_post(actor=admin, component=blog, data={"title": "Lancement", "body": "<p>b</p>"})
    new = client.get(blog.admin_url("create")).content.decode()
    assert "<h1>Nouvel article</h1>" in new and 'enctype="multipart/form-data"' in new
    edit = client.get(blog.admin_url("edit", pk=post.pk)).content.decode()
    assert "<h1>Modifier «\xa0Lancement\xa0»</h1>" in edit
    delete = client.get(blog.admin_url("delete", pk=post.pk))
    assert "<h1>Supprimer «\xa0Lancement\xa0»\xa0?</h1>" in delete.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()  # asking is not deleting

    pages = _component(admin, process, "pages", "À propos")
    page = create_page(actor=admin, component=pages, data={"title": "Charte", "body": "<p>b</p>"})
    body = client.get(pages.admin_url("delete", pk=page.pk)).content.decode()
    assert "<title>Supprimer la page" in body and "Supprimer «\xa0Charte\xa0»\xa0?" in body
    assert client.post(pages.admin_url("delete", pk=page.pk)).status_code == 302
    assert not Page.objects.exists()


def test_an_item_of_another_component_is_not_found(admin, process, client):
    blog = _component(admin, process, "blogs", "Actus")
    other = _component(admin, process, "blogs", "Autres actus")
    post = create_post(actor=admin, component=other, data={"title": "A", "body": "<p>b</p>"})
    for name in ("edit", "delete"):
        assert client.get(blog.admin_url(name, pk=post.pk)).status_code == 404
    assert client.post(blog.admin_url("delete", pk=post.pk)).status_code == 404
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_refusing_service_is_a_form_error(admin, process, client, monkeypatch):
    blog = _component(admin, process, "blogs", "Actus")

    def refuse(**kwargs):
        raise ServiceError("Refusé par le service.", ErrorCode.PERMISSION_DENIED)

    monkeypatch.setattr(blog_services, "create_post", refuse)
    data = {"title": "T", "body": "<p>b</p>", "published_at": "2026-01-01T10:00"}
    response = client.post(blog.admin_url("create"), data)
    assert response.status_code == 200
    assert "Refusé par le service." in response.content.decode()
    assert not Post.objects.exists()


def test_the_list_only_answers_get(admin, process, client):
    blog = _component(admin, process, "blogs", "Actus")
    assert client.post(blog.admin_url("index")).status_code == 405
