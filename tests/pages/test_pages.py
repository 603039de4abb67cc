"""The pages component: admin CRUD through the framework's manage URLs, public pages."""

import pytest

from pages.models import Page
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client
from tests.factories import make_component, make_user


@pytest.fixture
def component(admin, process):
    """The pages component under test, published in the shared concertation."""
    return make_component(process, "pages", actor=admin, name="Infos", published=True)


def _post(client, component, path, **data):
    fields = {
        "title": "Règlement",
        "body": "<p>Texte</p>",
        "image_alt": "",
        "video_url": "",
        "video_title": "",
    }
    fields.update(data)
    return client.post(component.admin_url(path) if "/" not in path else path, fields)


def test_admin_creates_a_page_with_a_video(admin, component):
    client = host_client("ville-a.test", user=admin)
    assert client.get(component.admin_url("create")).status_code == 200
    response = _post(
        client,
        component,
        "create",
        body='<p onclick="x()">Bonjour</p><script>alert(1)</script><img src="https://a.test/i.png" alt="plan">',
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=evil",
        video_title="Présentation",
    )
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.body == '<p>Bonjour</p><img src="https://a.test/i.png" alt="plan">'
    assert (page.video_provider, page.video_id) == ("youtube", "dQw4w9WgXcQ")
    body = host_client("ville-a.test").get(component.get_absolute_url()).content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body
    assert "list=evil" not in body and "<script>alert" not in body
    assert 'title="Présentation"' in body


def test_a_javascript_or_foreign_video_address_is_refused(admin, component):
    client = host_client("ville-a.test", user=admin)
    for url in ("javascript:alert(1)", "https://evil.example/embed/x"):
        response = _post(client, component, "create", video_url=url, video_title="V")
        assert response.status_code == 200
        body = response.content.decode()
        assert "YouTube, Vimeo, Dailymotion" in body
        assert "<iframe" not in body
    assert not Page.objects.exists()


def test_edit_and_delete(admin, component):
    client = host_client("ville-a.test", user=admin)
    _post(client, component, "create")
    page = Page.objects.get()
    assert client.get(component.admin_url("edit", pk=page.pk)).status_code == 200
    _post(client, component, component.admin_url("edit", pk=page.pk), title="Nouveau titre")
    page.refresh_from_db()
    assert page.title == "Nouveau titre"
    assert client.post(component.admin_url("delete", pk=page.pk)).status_code == 302
    assert not Page.objects.exists()


def test_one_page_is_the_component_several_make_a_list(admin, component):
    client = host_client("ville-a.test", user=admin)
    _post(client, component, "create", title="Première")
    visitor = host_client("ville-a.test")
    first = Page.objects.get()
    assert "Première" in visitor.get(component.get_absolute_url()).content.decode()
    assert visitor.get(component.url("detail", pk=first.pk)).status_code == 302
    _post(client, component, "create", title="Seconde")
    body = visitor.get(component.get_absolute_url()).content.decode()
    assert component.url("detail", pk=first.pk) in body
    assert visitor.get(component.url("detail", pk=first.pk)).status_code == 200


def test_pages_of_another_component_are_not_reachable(admin, component, organization):
    other = make_component(component.space, "pages", actor=admin, published=True)
    client = host_client("ville-a.test", user=admin)
    _post(client, component, "create", title="A")
    _post(client, component, "create", title="B")
    page = Page.objects.first()
    assert host_client("ville-a.test").get(other.url("detail", pk=page.pk)).status_code == 404
    assert client.get(other.admin_url("edit", pk=page.pk)).status_code == 404


def test_moderators_cannot_edit_pages(admin, component, organization):
    moderator = make_user(organization)
    assign_space_role(actor=admin, space=component.space, role=SpaceRole.MODERATOR, user=moderator)
    client = host_client("ville-a.test", user=moderator)
    assert client.get(component.admin_url("create")).status_code == 403
    assert _post(client, component, "create").status_code == 403
    assert not Page.objects.exists()


def test_hooks(admin, component):
    from django.contrib.auth.models import AnonymousUser

    from pages.services import create_page
    from participation.search.selectors import search

    create_page(actor=admin, component=component, data={"title": "Tramway", "body": "<p>b</p>"})
    manifest = component.manifest
    assert manifest.metrics(component) == {"pages": 1}
    page = search(organization=component.organization, user=AnonymousUser(), text="Tramway")
    assert [(r.searchable.key, r.text) for r in page.results] == [("pages", "Tramway")]
    assert [row["title"] for row in manifest.exports["pages"](component)] == ["Tramway"]
