"""The core's one attachment table and upload service (issue 13): what any component's
files go through, whatever they are attached to."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.action_log import ActionLog
from participation.attachments import attachments_of, content_type_of
from participation.errors import ServiceError
from participation.models import Attachment, Space
from participation.services import attachments as service
from spaces.models import ContentBlock, HomeBlock
from tests.factories import ProcessFactory, make_user
from tests.polyglots import (
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    gif_js_polyglot,
    pdf_html_polyglot,
    png_bytes,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture
def space(organization, now):
    return ProcessFactory(organization=organization, slug="quartier", title="Q", published_at=now)


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True)


def _add(actor, target, space, name, data, **options):
    return service.add_attachment(
        actor=actor,
        target=target,
        space=space,
        upload=SimpleUploadedFile(name, data, content_type="application/octet-stream"),
        **options,
    )


def test_a_good_file_is_stored_under_a_random_name_of_its_detected_type(
    organization, space, admin, _media
):
    image = _add(admin, space, space, "../../Plan & <du>\x00 quartier.jpeg", png_bytes())
    document = _add(
        admin,
        space,
        space,
        "cr.html",
        pdf_html_polyglot(),
        title="  Compte\n rendu ",
        description="d",
    )
    assert image.kind == "image" and image.is_image
    assert image.file.name.startswith(f"images/{organization.pk}/participation.attachment/")
    assert image.file.name.endswith(".png") and "Plan" not in image.file.name
    assert image.original_name == "Plan & <du> quartier.jpeg"  # a label, escaped on output
    assert image.size == len(png_bytes())
    assert (image.organization_id, image.space_id) == (organization.pk, space.pk)
    assert image.content_type == content_type_of(Space) and image.object_id == space.pk
    assert image.attached_to == Space.objects.get(pk=space.pk)
    assert document.kind == "document" and document.file.name.endswith(".pdf")
    assert (document.title, document.description) == ("Compte rendu", "d")
    assert [a.pk for a in attachments_of(space)] == [image.pk, document.pk]
    assert [image.position, document.position] == [0, 1]
    assert len(_files(_media)) == 2
    entry = ActionLog.objects.filter(action="add_attachment").latest("pk")
    assert entry.changes["file"] == [None, "cr.html"]
    assert entry.changes["kind"] == [None, "document"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", HTML_PAGE),
        ("logo.svg", SVG_WITH_SCRIPT),
        ("plan.js", b"alert(1)"),
        ("plan.gif", b"GIF89a<script>alert(1)</script>"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message_and_nothing_written(
    space, admin, name, data, _media
):
    with pytest.raises(ServiceError) as caught:
        _add(admin, space, space, name, data, field="attachment")
    message = " ".join(caught.value.messages)
    assert "not accepted" in message or "pas accepté" in message
    assert "attachment" in caught.value.message_dict
    assert not Attachment.objects.exists() and _files(_media) == []
    assert not ActionLog.objects.filter(action="add_attachment").exists()


def test_a_gif_js_polyglot_is_an_image_stored_as_gif(space, admin):
    attachment = _add(admin, space, space, "plan.js", gif_js_polyglot())
    assert attachment.kind == "image" and attachment.file.name.endswith(".gif")


def test_another_organisation_or_space_is_refused(
    organization, other_organization, space, admin, now, _media
):
    foreign_admin = make_user(other_organization, admin=True)
    foreign_space = ProcessFactory(
        organization=other_organization, slug="ailleurs", title="A", published_at=now
    )
    other_space = ProcessFactory(organization=organization, slug="autre", title="B")
    block = ContentBlock.objects.create(organization=organization, space=other_space, kind="text")
    for actor, target, filed_under in (
        (foreign_admin, space, space),  # an actor of another organisation
        (admin, foreign_space, foreign_space),  # an object of another organisation
        (admin, foreign_space, space),
        (admin, block, space),  # a block of another space, filed under this one
        (admin, other_space, space),
    ):
        with pytest.raises(ServiceError) as caught:
            _add(actor, target, filed_under, "a.png", png_bytes())
        assert caught.value.error_code == "permission_denied"
    # A model nobody declared takes no file.
    home = HomeBlock.objects.create(organization=organization, kind="text")
    with pytest.raises(ServiceError):
        _add(admin, home, space, "a.png", png_bytes())
    assert not Attachment.objects.exists() and _files(_media) == []


def test_remove_deletes_the_row_and_the_bytes_of_that_object_only(
    organization, other_organization, space, admin, _media
):
    block = ContentBlock.objects.create(organization=organization, space=space, kind="documents")
    kept = _add(admin, block, space, "a.png", png_bytes())
    gone = _add(admin, space, space, "b.png", png_bytes())
    with pytest.raises(ServiceError):  # the space's file, asked through the block
        service.remove_attachment(actor=admin, attachment=gone, target=block)
    with pytest.raises(ServiceError):  # an actor of another organisation
        service.remove_attachment(
            actor=make_user(other_organization, admin=True), attachment=gone, target=space
        )
    service.remove_attachment(actor=admin, attachment=gone, target=space)
    assert list(Attachment.objects.all()) == [kept]
    assert _files(_media) == [kept.file.name]
    assert ActionLog.objects.filter(action="remove_attachment").count() == 1


def test_deleting_objects_deletes_their_files(organization, space, admin, _media):
    first = ContentBlock.objects.create(organization=organization, space=space, kind="documents")
    second = ContentBlock.objects.create(organization=organization, space=space, kind="documents")
    _add(admin, first, space, "a.png", png_bytes())
    _add(admin, first, space, "b.pdf", pdf_html_polyglot())
    kept = _add(admin, second, space, "c.png", png_bytes())
    assert service.delete_attachments_of(targets=[first]) == 2
    assert list(Attachment.objects.all()) == [kept] and _files(_media) == [kept.file.name]


def test_a_deleted_space_takes_every_file_filed_under_it(organization, space, admin, _media):
    """Its own, its blocks' and its components' (a proposal's here): rows and bytes."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from spaces.services import delete_space
    from tests.factories import make_attachment, make_component, make_proposal

    kept_space = ProcessFactory(organization=organization, slug="reste", title="R")
    kept = _add(admin, kept_space, kept_space, "k.png", png_bytes())
    block = ContentBlock.objects.create(organization=organization, space=space, kind="documents")
    _add(admin, block, space, "a.png", png_bytes())
    _add(admin, space, space, "b.pdf", pdf_html_polyglot())
    component = make_component(space, "proposals", actor=admin, name="Idées")
    proposal = make_proposal(component, make_user(organization))
    name = default_storage.save("documents/x/p.png", ContentFile(png_bytes()))
    make_attachment(proposal, space=space, file=name, original_name="p.png")
    delete_space(actor=admin, space=space)
    assert list(Attachment.objects.all()) == [kept]
    assert _files(_media) == [kept.file.name]
