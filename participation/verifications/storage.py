"""Private storage for identity-document scans: never under MEDIA_URL.

Files live outside MEDIA_ROOT (settings.VERIFICATIONS_PRIVATE_ROOT, default
``<project>/private_media``) and are only streamed by an admin-only view, so
no public or signed URL to a scan ever exists.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from participation.storage import MediaStorage
from participation.uploads import IMAGE_TYPES, detect_type, validate_document

SCAN_TYPES = {"application/pdf", *IMAGE_TYPES}


def validate_scan(upload) -> None:
    """A photo or a PDF of an identity document, checked by its bytes (forms and service)."""
    validate_document(upload)  # size and type sniffed from the content
    if detect_type(upload) not in SCAN_TYPES:
        raise ValidationError(
            _("Send a photo (PNG, JPEG, WebP) or a PDF of the document."), code="file_type"
        )


class PrivateStorage(LazyObject):
    def _setup(self):
        location = getattr(
            settings, "VERIFICATIONS_PRIVATE_ROOT", settings.BASE_DIR / "private_media"
        )
        # Named by detected type like every user file (participation.uploads.stored_name).
        self._wrapped = MediaStorage(location=location, base_url=None)


private_storage = PrivateStorage()


def get_private_storage():
    # A callable keeps the storage out of migrations and lets tests move it.
    return private_storage


def scan_upload_to(instance, filename: str) -> str:
    # The extension is the detected type's, added by the storage; never the browser's.
    return f"verifications/{instance.organization_id}/{uuid.uuid4().hex}"
