"""Every upload field: hostile files are refused by its allow-list or stored under the
extension of their DETECTED type, never one a browser would execute (issue 12)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from participation import media, uploads
from participation.verifications.forms import validate_scan
from tests.polyglots import FORBIDDEN_EXTENSIONS, HOSTILE, STORED_AS, ico_bytes, png_bytes

# Files that are never under MEDIA_URL: streamed by their own owner-only views.
PRIVATE_FIELDS = {("privacy.dataexport", "file"), ("verifications.grant", "scan")}


def upload_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def _id(value):
    model, field = value
    return f"{model._meta.label_lower}.{field.name}"


PUBLIC_FIELDS = [
    value
    for value in upload_fields()
    if (value[0]._meta.label_lower, value[1].name) not in PRIVATE_FIELDS
]


def test_every_upload_field_is_served_by_the_checked_view_or_private():
    registered = {
        (owner.model._meta.label_lower, name)
        for owner in media.registered_owners()
        for name in owner.fields
    }
    found = {(model._meta.label_lower, field.name) for model, field in upload_fields()}
    assert found - PRIVATE_FIELDS == registered
    # Spaces, blogs, pages and the core all have upload fields; proposals, budget projects,
    # documents blocks and spaces attach theirs through the core's one attachment table.
    assert {label.split(".")[0] for label, _ in found} >= {
        "participation",
        "spaces",
        "blogs",
        "pages",
        "verifications",
    }
    assert ("participation.attachment", "file") in registered


def test_every_model_files_are_attached_to_says_who_sees_them():
    """Attachments are served to whoever sees what they are attached to: each such model
    is declared (participation.attachments), with its space and its visibility rule."""
    from participation.attachments import attachables

    assert set(attachables()) >= {
        "participation.space",
        "spaces.contentblock",
        "proposals.proposal",
        "budgets.project",
    }


def _allow_list(field):
    """The allow-list a field's validators apply (services apply the same ones)."""
    names = {getattr(v, "__name__", "") for v in field.validators}
    if "validate_favicon" in names:
        return uploads.FAVICON_TYPES
    if "validate_image" in names:
        return uploads.IMAGE_TYPES
    # Proposal and project attachments: checked by their services as image or document.
    return uploads.DOCUMENT_TYPES


@pytest.mark.parametrize("value", PUBLIC_FIELDS, ids=_id)
@pytest.mark.parametrize("hostile", sorted(HOSTILE))
def test_hostile_files_on_every_field(value, hostile, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    model, field = value
    browser_name, build = HOSTILE[hostile]
    data = build()
    allowed = _allow_list(field)
    expected = STORED_AS.get(hostile)
    accepted = expected is not None and expected in allowed.values()
    upload = SimpleUploadedFile(browser_name, data, content_type="image/png")
    validators = field.validators or [uploads.validate_document]
    if accepted:
        for validator in validators:
            validator(upload)
    else:
        with pytest.raises(ValidationError) as caught:
            for validator in validators:
                validator(upload)
        assert "not accepted" in " ".join(caught.value.messages) or "pas accepté" in " ".join(
            caught.value.messages
        )
    # Whatever reaches the storage (a service that forgot to check, a command) is named by
    # its bytes: the detected type, or an opaque .bin.
    name = field.storage.save(
        field.generate_filename(model(), browser_name), ContentFile(data, name=browser_name)
    )
    extension = name.rsplit(".", 1)[-1]
    assert extension == (expected or uploads.UNKNOWN_EXTENSION)
    assert extension not in FORBIDDEN_EXTENSIONS
    assert browser_name.rsplit(".", 1)[0] not in name  # the browser's name is no part of it
    assert uploads.content_type_for(name) in {
        "image/gif",
        "application/pdf",
        "application/octet-stream",
    }


@pytest.mark.parametrize("value", PUBLIC_FIELDS, ids=_id)
def test_good_files_keep_working_and_take_their_detected_extension(value, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    model, field = value
    allowed = _allow_list(field)
    data, extension = (png_bytes(), "png")
    for validator in field.validators:
        validator(SimpleUploadedFile("logo.jpeg", data))  # a PNG named .jpeg is accepted...
    name = field.storage.save(field.generate_filename(model(), "logo.jpeg"), ContentFile(data))
    assert name.endswith(f".{extension}")  # ...and stored as what it is
    assert "png" in allowed.values()


def test_favicons_are_png_or_ico_only():
    uploads.validate_favicon(SimpleUploadedFile("f.ico", ico_bytes()))
    uploads.validate_favicon(SimpleUploadedFile("f.png", png_bytes()))
    for name, build in HOSTILE.values():
        with pytest.raises(ValidationError):
            uploads.validate_favicon(SimpleUploadedFile(name, build()))


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
def test_identity_document_scans(hostile):
    browser_name, build = HOSTILE[hostile]
    upload = SimpleUploadedFile(browser_name, build())
    if hostile in STORED_AS:
        validate_scan(upload)  # a GIF or PDF: stored as .gif / .pdf, streamed as a download
    else:
        with pytest.raises(ValidationError):
            validate_scan(upload)


def test_a_file_that_only_starts_like_a_gif_is_not_an_image():
    with pytest.raises(ValidationError):
        uploads.validate_image(SimpleUploadedFile("x.gif", b"GIF89a<script>alert(1)</script>"))
    assert uploads.stored_name("a/b", ContentFile(b"GIF89a<script>")) == "a/b.bin"


@pytest.mark.parametrize("kind", ["docx", "xlsx", "odt"])
def test_office_documents_are_documents_named_by_their_type(kind, settings, tmp_path):
    from tests.polyglots import office_bytes

    settings.MEDIA_ROOT = tmp_path
    data = office_bytes(kind)
    uploads.validate_document(SimpleUploadedFile("rapport.html", data))
    with pytest.raises(ValidationError):
        uploads.validate_image(SimpleUploadedFile(f"rapport.{kind}", data))
    assert uploads.stored_name("documents/1/x/abc", ContentFile(data)).endswith(f".{kind}")
    assert uploads.content_type_for(f"abc.{kind}").startswith("application/vnd.")


def test_a_plain_zip_is_not_a_document():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        uploads.validate_document(SimpleUploadedFile("a.docx", buffer.getvalue()))
