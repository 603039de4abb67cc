"""Safe handling of uploaded files: sniffed type, size limit, generated name.

The browser-supplied name and content type are never trusted: the type is
read from the file's first bytes, the stored name is random, and SVG (which
can carry scripts) is refused.
"""

import os
import re
import unicodedata
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
FAVICON_TYPES = {**IMAGE_TYPES, "image/x-icon": "ico", "image/vnd.microsoft.icon": "ico"}
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    **IMAGE_TYPES,
}


def sniff_type(upload) -> str | None:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _check(upload, allowed: dict[str, str], max_bytes: int, label: str) -> None:
    if upload is None:
        return
    # Files already stored (an unchanged field on edit) were checked when uploaded.
    if getattr(upload, "_committed", False):
        return
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    mime = sniff_type(upload)
    if mime not in allowed or (mime in IMAGE_TYPES and not _is_decodable_image(upload)):
        raise ValidationError(
            _("This file type is not accepted for %(label)s. Accepted: %(types)s."),
            params={"label": label, "types": ", ".join(sorted(set(allowed.values())))},
            code="file_type",
        )


def _is_decodable_image(upload) -> bool:
    """A file that merely starts like an image is not one: Pillow must parse it."""
    position = upload.tell()
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 — any decoding failure means "not an image"
        return False
    finally:
        upload.seek(position)


def validate_image(upload) -> None:
    _check(upload, IMAGE_TYPES, settings.MAX_IMAGE_UPLOAD_BYTES, _("an image"))


def validate_favicon(upload) -> None:
    _check(upload, FAVICON_TYPES, settings.MAX_IMAGE_UPLOAD_BYTES, _("a favicon"))


def validate_document(upload) -> None:
    _check(upload, DOCUMENT_TYPES, settings.MAX_DOCUMENT_UPLOAD_BYTES, _("a document"))


def _random_name(instance, filename: str, folder: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = "".join(ch for ch in extension if ch.isalnum())[:5]
    organization_id = getattr(instance, "organization_id", None) or "system"
    if instance.__class__.__name__ == "Organization":
        organization_id = instance.pk or "new"
    name = uuid.uuid4().hex + (f".{extension}" if extension else "")
    return f"{folder}/{organization_id}/{name}"


def image_upload_to(instance, filename: str) -> str:
    return _random_name(instance, filename, "images")


def document_upload_to(instance, filename: str) -> str:
    return _random_name(instance, filename, "documents")


def clean_file_name(name: str, default: str = "file") -> str:
    """An uploaded file's name without path or control characters, at most 200 characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip()
    return name[:200] or default
