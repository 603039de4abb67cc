"""Landing-page blocks, attachments and the configurable home page."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from blogs.services import create_post
from participation.action_log import ActionLog
from participation.components import services as component_services
from participation.models import Attachment
from spaces.blocks import ButtonsBlockForm, ImageBlockForm, VideoBlockForm, validate_internal_path
from spaces.models import (
    Assembly,
    ContentBlock,
    HomeBlock,
    ParticipatoryProcess,
)
from spaces.services import blocks as services
from tests.conftest import host_client
from tests.factories import AssemblyFactory, ProcessFactory, make_component, make_user

HOST = "ville-a.test"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def process_steps():
    """Landing pages here are those of a concertation without steps."""
    return []


def _png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _pdf(name="compte-rendu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%...", content_type="application/pdf")


def _admin_url(process, suffix=""):
    return f"/admin/spaces/processes/{process.slug}/blocks/{suffix}"


def _publish_all(admin, process):
    for block in ContentBlock.objects.filter(space=process):
        services.set_block_published(actor=admin, space=process, block=block, published=True)


# ---- Validation per kind ----------------------------------------------------------


def test_video_block_refuses_a_foreign_or_javascript_address(admin, process):
    client = host_client(HOST, admin)
    for url in ("https://evil.example/watch?v=abc", "javascript:alert(1)"):
        response = client.post(_admin_url(process, "new/video/"), {"url": url})
        assert response.status_code == 400
        errors = response.context["form"].errors.as_data()["url"]
        assert errors[0].code == "embed_refused"
        body = response.content.decode()
        assert "hébergeur autorisé" in body or "allowed provider" in body
    assert not ContentBlock.objects.exists()
    form = VideoBlockForm({"url": "https://youtu.be/dQw4w9WgXcQ"}, space=process)
    assert form.is_valid()
    assert form.to_data()["provider"] == "youtube"


def test_image_block_requires_alternative_text(process):
    form = ImageBlockForm({"alt": ""}, {"image": _png()}, space=process)
    with translation.override("en"):
        assert not form.is_valid()
        assert "alternative text is required" in str(form.errors["alt"])
    assert ImageBlockForm({"alt": "Un vélo"}, {"image": _png()}, space=process).is_valid()


def test_image_block_refuses_a_file_that_is_not_an_image(process):
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    form = ImageBlockForm({"alt": "x"}, {"image": fake}, space=process)
    assert not form.is_valid() and "image" in form.errors


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "javascript:alert(1)",
        "//evil.example/x",
        "/\\evil.example",
        "relative/path",
        " javascript:alert(1)",
    ],
)
def test_button_refuses_external_and_script_addresses(process, url):
    form = ButtonsBlockForm({"label_1": "Go", "url_1": url}, space=process)
    assert not form.is_valid()
    assert "url_1" in form.errors


def test_button_accepts_internal_paths_and_components(admin, process):
    validate_internal_path("/processes/budget/")
    blog = make_component(process, "blogs", actor=admin, name="Actus", published=True)
    form = ButtonsBlockForm(
        {
            "label_1": "Lire",
            "url_1": "/processes/",
            "label_2": "Actus",
            "component_2": str(blog.pk),
        },
        space=process,
    )
    assert form.is_valid(), form.errors
    assert form.to_data()["buttons"][1]["component"] == blog.pk


def test_button_needs_a_label(process):
    form = ButtonsBlockForm({"url_1": "/processes/"}, space=process)
    assert not form.is_valid() and "label_1" in form.errors


# ---- Back-office flow ---------------------------------------------------------------


def test_admin_builds_the_landing_page(admin, process):
    client = host_client(HOST, admin)
    assert client.get(_admin_url(process)).status_code == 200
    response = client.post(
        _admin_url(process, "new/text/"),
        {"title": "Le projet", "body": "<p>Bonjour<script>x()</script></p>"},
    )
    assert response.status_code == 302
    client.post(_admin_url(process, "new/video/"), {"url": "https://vimeo.com/123456"})
    client.post(
        _admin_url(process, "new/documents/"),
        {"title": "Documents", "file": _pdf("plan&<i>.pdf"), "file_title": "Le plan"},
    )
    text, video, documents = ContentBlock.objects.order_by("position")
    assert text.data["body"] == "<p>Bonjour</p>"
    assert [b.position for b in (text, video, documents)] == [0, 1, 2]
    file = Attachment.objects.get()
    assert file.attached_to == documents and file.space_id == process.pk
    assert "plan" not in file.file.name  # random stored name
    # Nothing published yet: the default layout stays.
    public = host_client(HOST).get("/processes/budget/").content.decode()
    assert "Le projet" not in public
    for block in (text, video, documents):
        client.post(_admin_url(process, f"{block.pk}/publish/"), {"published": "1"})
    client.post(_admin_url(process, f"{documents.pk}/move/"), {"direction": "up"})
    public = host_client(HOST).get("/processes/budget/").content.decode()
    assert "Le projet" in public and "<p>Bonjour</p>" in public
    assert "https://player.vimeo.com/video/123456?dnt=1" in public
    assert "Le plan" in public and "plan&amp;&lt;i&gt;.pdf" in public
    assert public.index("Le plan") < public.index("player.vimeo.com")
    assert ActionLog.objects.filter(action="publish").count() == 3
    # Unpublish and delete.
    client.post(_admin_url(process, f"{video.pk}/publish/"), {"published": "0"})
    assert "player.vimeo.com" not in host_client(HOST).get("/processes/budget/").content.decode()
    assert client.post(_admin_url(process, f"{text.pk}/delete/")).status_code == 302
    assert not ContentBlock.objects.filter(pk=text.pk).exists()


def test_collaborators_read_but_cannot_change(organization, admin, process):
    from spaces.services import assign_space_role

    collaborator = make_user(organization)
    assign_space_role(actor=admin, space=process, user=collaborator, role="collaborate_space")
    block = services.create_block(actor=admin, space=process, kind="text", data={"body": "x"})
    client = host_client(HOST, collaborator)
    assert client.get(_admin_url(process)).status_code == 200
    assert client.get(_admin_url(process, f"{block.pk}/")).status_code == 200
    response = client.post(_admin_url(process, f"{block.pk}/publish/"), {"published": "1"})
    assert response.status_code == 403
    assert client.post(_admin_url(process, "new/text/"), {"body": "y"}).status_code == 403
    block.refresh_from_db()
    assert not block.published and ContentBlock.objects.count() == 1


def test_another_organisations_blocks_are_404(admin, process, other_organization, now):
    foreign = ProcessFactory(
        organization=other_organization, slug="budget", title="Autre", published_at=now
    )
    other_admin = make_user(other_organization, admin=True)
    block = services.create_block(actor=other_admin, space=foreign, kind="text", data={"body": "x"})
    client = host_client(HOST, admin)
    assert client.get(_admin_url(process, f"{block.pk}/")).status_code == 404
    assert client.post(_admin_url(process, f"{block.pk}/delete/")).status_code == 404
    assert ContentBlock.objects.filter(pk=block.pk).exists()


def test_services_check_permissions(organization, process):
    from participation.errors import ServiceError

    with pytest.raises(ServiceError):
        services.create_block(
            actor=make_user(organization), space=process, kind="text", data={"body": "x"}
        )


def test_attachments(admin, process):
    client = host_client(HOST, admin)
    url = f"/admin/spaces/processes/{process.slug}/attachments/"
    response = client.post(url, {"title": "Photo du quartier", "file": _png()})
    assert response.status_code == 302
    client.post(url, {"title": "Délibération", "file": _pdf()})
    bad = client.post(url, {"title": "Script", "file": SimpleUploadedFile("x.pdf", b"#!/bin/sh")})
    assert bad.status_code == 400
    assert Attachment.objects.count() == 2
    assert Attachment.objects.get(title="Photo du quartier").is_image
    public = host_client(HOST).get("/processes/budget/").content.decode()
    assert "Attachments" in public or "Pièces jointes" in public
    assert "Photo du quartier" in public and "Délibération" in public
    file = Attachment.objects.get(title="Délibération")
    client.post(f"/admin/spaces/processes/{process.slug}/files/{file.pk}/delete/")
    assert not Attachment.objects.filter(pk=file.pk).exists()


# ---- Public rendering: fixed queries, no leaks ---------------------------------------


def _all_kinds(admin, process, count):
    blog = make_component(process, "blogs", actor=admin, name="Actus", published=True)
    for index in range(count):
        for kind, data in (
            ("text", {"body": f"<p>T{index}</p>"}),
            ("video", {"provider": "youtube", "video_id": "dQw4w9WgXcQ"}),
            ("buttons", {"buttons": [{"label": "Go", "url": "/", "component": blog.pk}]}),
            ("components", {"components": [blog.pk]}),
            ("statistics", {}),
            ("meetings", {}),
            ("map", {}),
        ):
            services.create_block(actor=admin, space=process, kind=kind, data=data)
        services.create_block(
            actor=admin, space=process, kind="documents", data={}, upload=_pdf(), upload_title="D"
        )
    _publish_all(admin, process)


def _queries(path) -> int:
    client = host_client(HOST)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_space_page_queries_do_not_grow_with_blocks(admin, process, organization, now):
    _all_kinds(admin, process, 1)
    small = _queries("/processes/budget/")
    other = ProcessFactory(organization=organization, slug="autre", title="Autre", published_at=now)
    _all_kinds(admin, other, 4)
    assert _queries("/processes/autre/") <= small
    body = host_client(HOST).get("/processes/autre/").content.decode()
    assert "No meeting scheduled" in body or "Aucune réunion" in body


def test_highlighted_component_of_a_private_space_does_not_leak(admin, organization, now):
    private = AssemblyFactory(
        organization=organization,
        slug="secret",
        title="Secret",
        visibility="private",
        published_at=now,
    )
    blog = make_component(private, "blogs", actor=admin, name="Journal interne", published=True)
    block = services.create_block(
        actor=admin, space=private, kind="components", data={"components": [blog.pk]}
    )
    services.set_block_published(actor=admin, space=private, block=block, published=True)
    outsider = host_client(HOST, make_user(organization))
    assert outsider.get("/assemblies/secret/").status_code == 404
    assert "Journal interne" not in outsider.get("/").content.decode()


def test_unpublished_components_are_not_highlighted(admin, process):
    blog = component_services.add_component(
        actor=admin, space=process, manifest_name="blogs", name="Brouillon caché"
    )
    block = services.create_block(
        actor=admin, space=process, kind="components", data={"components": [blog.pk]}
    )
    services.set_block_published(actor=admin, space=process, block=block, published=True)
    assert "Brouillon caché" not in host_client(HOST).get("/processes/budget/").content.decode()


# ---- Home page ----------------------------------------------------------------------


def test_default_home_without_configuration(organization, process):
    process.promoted = True
    process.save()
    body = host_client(HOST).get("/").content.decode()
    assert organization.name in body and "Budget 2027" in body


def _news(admin, organization, now, private=False, title="Nouvelle"):
    kind = Assembly if private else ParticipatoryProcess
    space = kind.objects.create(
        organization=organization,
        slug=f"s-{title.lower()}",
        title=f"Espace {title}",
        published_at=now,
        **({"visibility": "private"} if private else {}),
    )
    blog = make_component(space, "blogs", actor=admin, name="Actus", published=True)
    create_post(
        actor=admin,
        component=blog,
        data={"title": title, "body": "<p>x</p>", "published_at": now - timedelta(hours=1)},
    )


def test_admin_configures_the_home_page(admin, organization, now):
    client = host_client(HOST, admin)
    assert client.get("/admin/home/").status_code == 200
    client.post("/admin/home/new/text/", {"title": "Bienvenue", "text": "<p>Salut</p>"})
    client.post("/admin/home/new/news/", {"title": "Actualités"})
    client.post("/admin/home/new/meetings/", {"title": ""})
    assert HomeBlock.objects.count() == 3
    _news(admin, organization, now, title="Publique")
    _news(admin, organization, now, private=True, title="Confidentielle")
    body = host_client(HOST, make_user(organization)).get("/").content.decode()
    assert "Bienvenue" in body and "Actualités" in body and "Publique" in body
    assert "Confidentielle" not in body
    assert "No meeting scheduled" in body or "Aucune réunion" in body
    news = HomeBlock.objects.get(kind="news")
    client.post(f"/admin/home/{news.pk}/enable/", {"enabled": "0"})
    assert "Actualités" not in host_client(HOST).get("/").content.decode()
    client.post(f"/admin/home/{news.pk}/move/", {"direction": "up"})
    news.refresh_from_db()
    assert news.position == 0


def test_home_backoffice_is_for_org_admins_only(organization, admin, process):
    from spaces.services import assign_space_role

    collaborator = make_user(organization)
    assign_space_role(actor=admin, space=process, user=collaborator, role="admin_space")
    client = host_client(HOST, collaborator)
    assert client.get("/admin/home/").status_code == 403
    assert client.post("/admin/home/new/text/", {"text": "x"}).status_code == 403
    assert not HomeBlock.objects.exists()


def test_hero_image_needs_alt(admin):
    client = host_client(HOST, admin)
    response = client.post("/admin/home/new/hero/", {"title": "Ville", "image": _png()})
    assert response.status_code == 400 and not HomeBlock.objects.exists()


def test_home_queries_do_not_grow(admin, organization, now):
    for kind in ("hero", "promoted", "news", "meetings", "explore"):
        services.create_home_block(
            actor=admin, organization=organization, kind=kind, data={"title": kind}
        )
    _news(admin, organization, now, title="Un")
    small = _queries("/")
    for index in range(6):
        _news(admin, organization, now, title=f"N{index}")
        _news(admin, organization, now, private=True, title=f"P{index}")
    for kind in ("text", "news", "promoted"):
        services.create_home_block(
            actor=admin, organization=organization, kind=kind, data={"title": kind, "text": "x"}
        )
    assert _queries("/") <= small + 1  # at most one more space type holding the news
