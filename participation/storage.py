"""Where user files are written: every write takes its extension from the detected type.

``MediaStorage`` (local disk, the default) and ``MediaS3Storage`` (S3-compatible object
storage, with the optional ``s3`` extra) both rename each file they store through
``participation.uploads.stored_name``: whatever name a form, a service or a management
command passes, the stored extension is that of the type read from the bytes (``bin``
when none of the accepted types matches). Files are served by participation.media.
"""

from django.core.files.storage import FileSystemStorage

from participation import uploads


class DetectedTypeNameMixin:
    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        return super().save(uploads.stored_name(name, content), content, max_length=max_length)


class MediaStorage(DetectedTypeNameMixin, FileSystemStorage):
    """Local disk under MEDIA_ROOT; served by the permission-checked view only."""


try:  # django-storages is optional: ``pip install decidons[s3]``
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover - depends on the extra being installed
    S3Storage = None

if S3Storage is not None:

    class MediaS3Storage(DetectedTypeNameMixin, S3Storage):
        """An S3-compatible bucket on its own domain (a separate, cookieless origin).

        Objects carry the content type of their detected type and are downloads unless
        they are raster images; the serving view redirects to short-lived signed URLs.
        """

        def get_object_parameters(self, name):
            parameters = super().get_object_parameters(name)
            parameters["ContentType"] = uploads.content_type_for(name)
            if not uploads.is_inline(name):
                parameters["ContentDisposition"] = "attachment"
            return parameters
