import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participation.richtext import sanitize_html
from participation.uploads import image_upload_to, validate_document, validate_image


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Bonjour <strong>à tous</strong></p>", "<p>Bonjour <strong>à tous</strong></p>"),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<p style="color:red" class="x">t</p>', "<p>t</p>"),
        ("<iframe src='https://evil.example'></iframe>", ""),
    ],
)
def test_rich_text_is_sanitised_with_an_allow_list(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_sanitised_field_cleans_on_every_save(organization):
    organization.description = '<p onclick="x()">Hi</p><script>x</script>'
    organization.save()
    organization.refresh_from_db()
    assert organization.description == "<p>Hi</p>"


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, "PNG")
    return buffer.getvalue()


def test_real_image_passes():
    validate_image(SimpleUploadedFile("photo.png", _png(), content_type="image/png"))


@pytest.mark.parametrize(
    "content",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"GIF89 not really",
        b"MZ\x90\x00",
    ],
)
def test_content_not_matching_an_image_is_refused(content):
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile("photo.png", content, content_type="image/png"))
    assert error.value.code == "file_type"


def test_too_large_file_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        validate_image(SimpleUploadedFile("photo.png", _png(), content_type="image/png"))
    assert error.value.code == "file_too_large"


def test_documents_accept_pdf_only_by_content():
    validate_document(
        SimpleUploadedFile("a.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    )
    with pytest.raises(ValidationError):
        validate_document(
            SimpleUploadedFile("a.pdf", b"#!/bin/sh\nrm -rf /", content_type="application/pdf")
        )


def test_stored_names_are_random_and_never_the_uploaded_name(organization):
    name = image_upload_to(organization, '../../etc/<script>"passwd.png')
    assert name.startswith(f"images/{organization.pk}/")
    assert ".." not in name and "<" not in name and "passwd" not in name
    # No extension from the browser: the storage adds the detected type's (stored_name).
    assert "." not in name.rsplit("/", 1)[-1]
