"""How user files are served (issue 12): the GIF/JS and GIF/HTML polyglots attached to a
draft, a PDF/HTML polyglot, legacy names, headers, and who may fetch what."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.errors import ServiceError
from participation.models import Attachment
from participation.moderation.services import hide_item
from proposals import services
from spaces.models import SpaceMember
from spaces.services import remove_member
from spaces.services.blocks import add_attachment as add_space_file
from tests.conftest import host_client, system_client
from tests.factories import AssemblyFactory, make_attachment, make_component, make_user
from tests.polyglots import (
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    gif_html_polyglot,
    gif_js_polyglot,
    pdf_html_polyglot,
    png_bytes,
)
from tests.proposals.conftest import *  # noqa: F403 (fixtures: admin, component, resident)

EXECUTABLE = ("text/html", "javascript", "svg", "xml", "text/")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_DELIVERY = "django"
    return tmp_path


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _get(client, fieldfile):
    url = fieldfile.url
    assert url.startswith("/media/")
    return client.get(url)


def _assert_safe(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert not any(kind in response["Content-Type"] for kind in EXECUTABLE)


@pytest.fixture
def draft(component, resident):
    return services.create_draft(
        actor=resident, component=component, title="Un plan pour le quartier", body="<p>Voir</p>"
    )


def _attach(draft, resident, name, data):
    upload = SimpleUploadedFile(name, data, content_type="text/javascript")
    return services.add_attachment(actor=resident, proposal=draft, upload=upload)


def test_the_reported_attack_gif_js_and_gif_html_on_a_draft(
    organization,
    other_organization,
    draft,
    resident,
    admin,
):
    script = _attach(draft, resident, "plan.js", gif_js_polyglot())
    page = _attach(draft, resident, "plan.html", gif_html_polyglot(f"/media/{script.file.name}"))
    for attachment in (script, page):
        # Stored under the detected type's extension; the browser's name is a label only.
        assert attachment.file.name.endswith(".gif")
        assert attachment.original_name in ("plan.js", "plan.html")
        response = _get(host_client(organization.host, resident), attachment.file)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/gif"
        assert response["Content-Disposition"].startswith("inline")
        _assert_safe(response)
        assert b"".join(response.streaming_content).startswith(b"GIF8")
    # The draft's files: its author and the organisation's admins only.
    assert _get(host_client(organization.host, admin), page.file).status_code == 200
    for client in (
        host_client(organization.host),
        host_client(organization.host, make_user(organization)),
        host_client(other_organization.host, make_user(other_organization, admin=True)),
        system_client(),
    ):
        assert _get(client, page.file).status_code == 404
        assert _get(client, script.file).status_code == 404


def test_a_pdf_html_polyglot_is_a_pdf_download(organization, draft, resident):
    attachment = _attach(draft, resident, "plan.html", pdf_html_polyglot())
    assert attachment.kind == "document" and attachment.file.name.endswith(".pdf")
    response = _get(host_client(organization.host, resident), attachment.file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    _assert_safe(response)


@pytest.mark.parametrize(
    ("name", "data"),
    [("photo.png", HTML_PAGE), ("logo.svg", SVG_WITH_SCRIPT), ("plan.js", b"alert(1)")],
)
def test_refused_files_write_nothing(draft, resident, name, data, _media):
    with pytest.raises(ServiceError) as caught:
        _attach(draft, resident, name, data)
    assert "accepté" in " ".join(caught.value.messages)
    assert not Attachment.objects.exists()
    assert _files(_media) == []


def test_published_and_hidden_proposals(organization, draft, resident, admin):
    attachment = _attach(draft, resident, "photo.png", png_bytes())
    services.publish_proposal(actor=resident, proposal=draft)
    anonymous = host_client(organization.host)
    response = _get(anonymous, attachment.file)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    _assert_safe(response)
    hide_item(actor=admin, item=draft)
    assert _get(anonymous, attachment.file).status_code == 404
    assert _get(host_client(organization.host, resident), attachment.file).status_code == 404
    assert _get(host_client(organization.host, admin), attachment.file).status_code == 200


@pytest.fixture
def private_space(organization):
    return AssemblyFactory(
        organization=organization,
        slug="comite",
        title="Comité privé",
        visibility="private",
        published_at=timezone.now(),
    )


def test_private_space_files(organization, other_organization, private_space, admin):
    member = make_user(organization)
    membership = SpaceMember.objects.create(
        organization=organization,
        space=private_space,
        user=member,
        invited_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    upload = SimpleUploadedFile("compte-rendu.pdf", pdf_html_polyglot())
    file = add_space_file(actor=admin, space=private_space, upload=upload, title="Compte rendu")
    assert file.file.name.endswith(".pdf")
    member_client = host_client(organization.host, member)
    response = _get(member_client, file.file)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    _assert_safe(response)
    for client in (
        host_client(organization.host),
        host_client(organization.host, make_user(organization)),
        host_client(other_organization.host),
        host_client(other_organization.host, make_user(other_organization, admin=True)),
    ):
        assert _get(client, file.file).status_code == 404
    # Membership ends: the file is out of reach at once.
    remove_member(actor=admin, space=private_space, member_id=membership.pk)
    assert _get(member_client, file.file).status_code == 404
    assert _get(host_client(organization.host, admin), file.file).status_code == 200


def test_space_files_refuse_hostile_content_and_write_nothing(private_space, admin, _media):
    for name, data in (("a.png", HTML_PAGE), ("a.svg", SVG_WITH_SCRIPT)):
        with pytest.raises(ServiceError):
            add_space_file(
                actor=admin, space=private_space, upload=SimpleUploadedFile(name, data), title="x"
            )
    assert not Attachment.objects.exists() and _files(_media) == []


def test_files_stored_before_detection_are_opaque_downloads(organization, private_space):
    """Names written by older versions kept the browser's extension: never trusted."""
    private_space.visibility = "public"
    private_space.save()
    rows = []
    for name, data in (
        ("plan.js", gif_js_polyglot()),
        ("photo.png", HTML_PAGE),
        ("p.html", HTML_PAGE),
    ):
        stored = f"documents/{organization.pk}/legacy-{name}"
        default_storage._save(stored, ContentFile(data))  # as the old code did, unchecked
        rows.append(
            make_attachment(
                private_space, space=private_space, title=name, file=stored, original_name=name
            )
        )
    for row in rows:
        response = _get(host_client(organization.host), row.file)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")
        _assert_safe(response)


def test_organisation_logo_is_served_on_its_own_host_only(organization, other_organization):
    organization.logo.save("logo.svg", ContentFile(png_bytes()), save=True)
    assert organization.logo.name.endswith(".png")
    response = _get(host_client(organization.host), organization.logo)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert _get(host_client(other_organization.host), organization.logo).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../config/settings.py",
        "/media/images/1/../../db.sqlite3",
        "/media/%2e%2e/manage.py",
        "/media/images/1/nothing.png",
        "/media//etc/passwd",
    ],
)
def test_paths_outside_registered_files_are_404(organization, path):
    assert host_client(organization.host).get(path).status_code == 404


@pytest.mark.parametrize(
    ("delivery", "header"), [("x-accel-redirect", "X-Accel-Redirect"), ("x-sendfile", "X-Sendfile")]
)
def test_the_web_server_sends_the_bytes_in_production(
    organization,
    draft,
    resident,
    settings,
    delivery,
    header,
):
    attachment = _attach(draft, resident, "plan.html", pdf_html_polyglot())
    settings.MEDIA_DELIVERY = delivery
    response = _get(host_client(organization.host, resident), attachment.file)
    assert response.status_code == 200 and response.content == b""
    if delivery == "x-accel-redirect":
        assert response[header] == f"/protected-media/{attachment.file.name}"
    else:
        assert response[header] == attachment.file.path
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    _assert_safe(response)
    # Refused requests never reach the web server's internal location.
    response = _get(host_client(organization.host), attachment.file)
    assert response.status_code == 404 and header not in response


def test_object_storage_is_reached_through_the_checked_view(
    organization, other_organization, private_space, settings
):
    """With S3-compatible storage, pages link to /media/ and the view, once it has checked
    the visitor, redirects to a short-lived signed URL on the bucket's own domain."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "participation.storage.MediaS3Storage",
            "OPTIONS": {
                "bucket_name": "decidons-media",
                "endpoint_url": "https://objects.example.net",
                "access_key": "test-access",
                "secret_key": "test-secret",
                "querystring_auth": True,
                "querystring_expire": 300,
                "signature_version": "s3v4",
            },
        },
    }
    name = f"documents/{organization.pk}/participation.attachment/abc.pdf"
    row = make_attachment(
        private_space,
        space=private_space,
        title="Compte rendu",
        file=name,
        original_name="compte rendu.html",
    )
    assert row.file.url == f"/media/{name}"
    # Objects are written with the detected type and, unless raster images, as downloads.
    assert default_storage.get_object_parameters(name)["ContentDisposition"] == "attachment"
    image = default_storage.get_object_parameters("images/1/x/a.png")
    assert image["ContentType"] == "image/png" and "ContentDisposition" not in image
    assert host_client(organization.host).get(row.file.url).status_code == 404  # private
    admin_b = make_user(other_organization, admin=True)
    assert host_client(other_organization.host, admin_b).get(row.file.url).status_code == 404
    response = host_client(organization.host, make_user(organization, admin=True)).get(row.file.url)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://objects.example.net/decidons-media/" + name)
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=300" in location
    assert "response-content-type=application%2Fpdf" in location
    assert "response-content-disposition=attachment" in location
    assert "compte%2520rendu.pdf" in location or "compte%20rendu.pdf" in location


def test_s3_without_django_storages_fails_clearly():
    import os
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['storages'] = None\n"
        "from django.conf import settings\n"
        "settings.STORAGES\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "AWS_STORAGE_BUCKET_NAME": "decidons-media",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "django-storages is not installed" in result.stderr


def test_pages_still_show_images_and_link_documents(organization, draft, resident):
    """The proposal page's <img> and download links reach the checked view and work."""
    import re

    _attach(draft, resident, "photo.png", png_bytes())
    _attach(draft, resident, "compte-rendu.pdf", pdf_html_polyglot())
    services.publish_proposal(actor=resident, proposal=draft)
    client = host_client(organization.host)
    page = client.get(draft.get_absolute_url()).content.decode()
    images = re.findall(r'<img class="proposal-image" src="([^"]+)"', page)
    documents = re.findall(r'<a href="(/media/[^"]+)" download>', page)
    assert len(images) == 1 and len(documents) == 1
    image = client.get(images[0])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline")
    document = client.get(documents[0])
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'


def test_blog_images_follow_the_post(organization, admin, process):  # noqa: F811
    from blogs import services as blogs
    from participation.components import services as components

    blog = make_component(process, "blogs", actor=admin, name="B", published=True)
    blog.refresh_from_db()
    later = timezone.now() + timezone.timedelta(days=3)
    post = blogs.create_post(
        actor=admin,
        component=blog,
        data={
            "title": "Bientôt",
            "body": "<p>Texte</p>",
            "published_at": later,
            "image": SimpleUploadedFile("a.png", png_bytes()),
            "image_alt": "Plan",
        },
    )
    anonymous = host_client(organization.host)
    assert _get(anonymous, post.image).status_code == 404  # scheduled: not yet public
    assert _get(host_client(organization.host, admin), post.image).status_code == 200
    post.published_at = timezone.now()
    post.save()
    assert _get(anonymous, post.image).status_code == 200
    components.unpublish_component(actor=admin, component=blog)
    assert _get(anonymous, post.image).status_code == 404


def test_rename_uploads_gives_old_files_their_detected_extension(organization, private_space):
    from io import StringIO

    from django.core.management import call_command

    rows = {}
    for name, data, expected in (
        ("plan.js", gif_js_polyglot(), ".gif"),
        ("page.html", HTML_PAGE, ".bin"),
        ("ok.png", png_bytes(), ".png"),
    ):
        stored = f"documents/{organization.pk}/old-{name}"
        default_storage._save(stored, ContentFile(data))
        rows[expected] = make_attachment(
            private_space, space=private_space, title=name, file=stored, original_name=name
        )
    out = StringIO()
    call_command("rename_uploads", "--dry-run", stdout=out)
    assert "2 file(s) to rename" in out.getvalue()
    assert Attachment.objects.get(pk=rows[".gif"].pk).file.name.endswith("old-plan.js")
    call_command("rename_uploads", stdout=StringIO())
    for expected, row in rows.items():
        row.refresh_from_db()
        assert row.file.name.endswith(expected)
        assert default_storage.exists(row.file.name)
    assert not default_storage.exists(f"documents/{organization.pk}/old-plan.js")
    out = StringIO()
    call_command("rename_uploads", stdout=out)
    assert "0 file(s) renamed" in out.getvalue()


@pytest.mark.parametrize(
    "label", ["proposals.proposalattachment", "budgets.projectattachment", "spaces.spacefile"]
)
def test_files_moved_to_the_core_keep_their_names_and_their_rules(
    organization, draft, resident, admin, label
):
    """Files migrated from the three old tables kept their stored names (the old model's
    label in them): found all the same, and still only for who sees the draft."""
    name = f"documents/{organization.pk}/{label}/abc.pdf"
    default_storage._save(name, ContentFile(pdf_html_polyglot()))
    row = make_attachment(draft, space=draft.component.space, file=name, original_name="cr.html")
    response = _get(host_client(organization.host, resident), row.file)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cr.pdf"'
    _assert_safe(response)
    assert _get(host_client(organization.host, admin), row.file).status_code == 200
    for client in (
        host_client(organization.host),
        host_client(organization.host, make_user(organization)),
    ):
        assert _get(client, row.file).status_code == 404
