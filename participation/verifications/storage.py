"""Private storage for identity-document scans: never under MEDIA_URL.

Files live outside MEDIA_ROOT (settings.VERIFICATIONS_PRIVATE_ROOT, default
``<project>/private_media``) and are only streamed by an admin-only view, so
no public or signed URL to a scan ever exists.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self):
        location = getattr(
            settings, "VERIFICATIONS_PRIVATE_ROOT", settings.BASE_DIR / "private_media"
        )
        self._wrapped = FileSystemStorage(location=location, base_url=None)


private_storage = PrivateStorage()


def get_private_storage():
    # A callable keeps the storage out of migrations and lets tests move it.
    return private_storage


def scan_upload_to(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = "".join(ch for ch in extension if ch.isalnum())[:5]
    name = uuid.uuid4().hex + (f".{extension}" if extension else "")
    return f"verifications/{instance.organization_id}/{name}"
