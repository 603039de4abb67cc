"""Safe handling of uploaded files: sniffed type, allow-list per field, size limit, stored name.

Every upload goes through here, whatever the field:

- ``check_upload`` (and the ``validate_*`` validators built on it, used by forms, model
  fields and services) reads the type from the file's bytes, refuses anything outside
  the field's allow-list (images, favicon, documents) with a clear message, and refuses
  a file that merely starts like an image but does not decode as one. SVG, HTML,
  JavaScript and anything unknown are refused: ``filetype`` recognises none of them.
- The stored name is random (``image_upload_to`` / ``document_upload_to``) and its
  extension is the DETECTED type's (``stored_name``, applied by the media storage on
  every write, participation.storage): the name the browser sent is kept only as an
  escaped display label (``clean_file_name``), never as the stored name's extension.
- Serving (participation.media) answers with the content type of the stored extension
  (``content_type_for``), never the browser's.
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

# Detected MIME type -> stored extension, per kind of field.
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
FAVICON_TYPES = {"image/png": "png", "image/x-icon": "ico"}
OFFICE_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
}
# A "document" field (attachments, documents blocks) takes office documents and photos.
DOCUMENT_TYPES = {**OFFICE_TYPES, **IMAGE_TYPES}
ALL_TYPES = {**DOCUMENT_TYPES, **FAVICON_TYPES}
# Decoded by Pillow before being accepted; the only types ever shown inline.
RASTER_TYPES = {**IMAGE_TYPES, "image/x-icon": "ico"}

# Stored extension -> the content type it is served with.
CONTENT_TYPES = {extension: mime for mime, extension in ALL_TYPES.items()}
INLINE_EXTENSIONS = frozenset(RASTER_TYPES.values())
# What a file is stored as when its bytes match no accepted type (it was never checked):
# served as an opaque download, never inline.
UNKNOWN_EXTENSION = "bin"
_PILLOW_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp", "ICO": "ico"}


def _head(upload, size: int = 8192) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head or b""


def sniff_type(upload) -> str | None:
    """The MIME type the file's first bytes announce, or None (text, HTML, SVG, unknown)."""
    kind = filetype.guess(_head(upload))
    return kind.mime if kind else None


def _decoded_format(upload) -> str | None:
    """The image format Pillow decodes the whole file as, or None if it does not decode."""
    position = upload.tell()
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            return _PILLOW_FORMATS.get(image.format or "")
    except Exception:  # noqa: BLE001 — any decoding failure means "not an image"
        return None
    finally:
        upload.seek(position)


def detect_type(upload, allowed: dict[str, str] = ALL_TYPES) -> str | None:
    """The file's detected MIME type if it is in ``allowed`` (and, for an image, decodes as
    that very format), else None."""
    mime = sniff_type(upload)
    if mime not in allowed:
        return None
    if mime in RASTER_TYPES and _decoded_format(upload) != RASTER_TYPES[mime]:
        return None
    return mime


def check_upload(upload, allowed: dict[str, str], max_bytes: int, label) -> str | None:
    """Refuse (ValidationError) a file too large or of a type outside ``allowed``; return
    the detected MIME type. Nothing is written here."""
    if upload is None:
        return None
    # Files already stored (an unchanged field on edit) were checked when uploaded.
    if getattr(upload, "_committed", False):
        return None
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    mime = detect_type(upload, allowed)
    if mime is None:
        raise ValidationError(
            _("This file type is not accepted for %(label)s. Accepted: %(types)s."),
            params={"label": label, "types": ", ".join(sorted(set(allowed.values())))},
            code="file_type",
        )
    return mime


def validate_image(upload) -> None:
    check_upload(upload, IMAGE_TYPES, settings.MAX_IMAGE_UPLOAD_BYTES, _("an image"))


def validate_favicon(upload) -> None:
    check_upload(upload, FAVICON_TYPES, settings.MAX_IMAGE_UPLOAD_BYTES, _("a favicon"))


def validate_document(upload) -> None:
    check_upload(upload, DOCUMENT_TYPES, settings.MAX_DOCUMENT_UPLOAD_BYTES, _("a document"))


def stored_name(name: str, content) -> str:
    """``name`` with its extension replaced by the one of the type detected in ``content``
    (``bin`` when no accepted type matches). Called by the media storage on every write."""
    folder, _sep, base = name.rpartition("/")
    stem = base.split(".", 1)[0] or uuid.uuid4().hex
    mime = detect_type(content)
    extension = ALL_TYPES[mime] if mime else UNKNOWN_EXTENSION
    return f"{folder}/{stem}.{extension}" if folder else f"{stem}.{extension}"


def content_type_for(name: str) -> str:
    """The content type a stored file is served with: from its stored extension, which
    came from its detected type; anything else is an opaque download."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def _random_name(instance, folder: str) -> str:
    organization_id = getattr(instance, "organization_id", None) or "system"
    if instance.__class__.__name__ == "Organization":
        organization_id = instance.pk or "new"
    # The model's label lets the serving view find the owner row in one query; the
    # extension is added by the storage from the detected type (stored_name).
    return f"{folder}/{organization_id}/{instance._meta.label_lower}/{uuid.uuid4().hex}"


def image_upload_to(instance, filename: str) -> str:
    return _random_name(instance, "images")


def document_upload_to(instance, filename: str) -> str:
    return _random_name(instance, "documents")


def clean_file_name(name: str, default: str = "file") -> str:
    """An uploaded file's name without path or control characters, at most 200 characters:
    a display label only (escaped on output), never part of a stored name."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip()
    return name[:200] or default


def is_inline(name: str) -> bool:
    """A stored file that may be shown inline (in an <img>): a raster image type."""
    return content_type_for(name) in RASTER_TYPES
