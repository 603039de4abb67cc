"""Private storage for personal-data exports: never under MEDIA_URL.

Archives live in settings.PRIVACY_EXPORT_ROOT (outside MEDIA_ROOT) and are only
streamed by the download view to the account that asked for them.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class ExportStorage(LazyObject):
    def _setup(self):
        location = getattr(
            settings, "PRIVACY_EXPORT_ROOT", settings.BASE_DIR / "private_media" / "exports"
        )
        self._wrapped = FileSystemStorage(location=location, base_url=None)


export_storage = ExportStorage()


def get_export_storage():
    # A callable keeps the storage out of migrations and lets tests move it.
    return export_storage


def export_upload_to(instance, filename: str) -> str:
    # The name says nothing about the person; the organisation folder eases audits.
    return f"{instance.organization_id}/{uuid.uuid4().hex}.zip"
