"""Where user files are written: every write takes its extension from the detected type.

``MediaStorage`` (local disk, the default) and ``MediaS3Storage`` (S3-compatible object
storage, with the optional ``s3`` extra) both rename each file they store through
``participation.uploads.stored_name``: whatever name a form, a service or a management
command passes, the stored extension is that of the type read from the bytes (``bin``
when none of the accepted types matches). Files are served by participation.media.
"""

from django.core.files.storage import FileSystemStorage
from django.urls import reverse

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
        they are raster images. Pages link to the permission-checked view, which answers
        with a redirect to a short-lived signed URL on the bucket's domain.
        """

        def url(self, name, parameters=None, expire=None, http_method=None):
            """Links in pages go through the permission-checked view (participation.media),
            which then redirects to ``signed_url``."""
            return reverse("media", kwargs={"path": name})

        def signed_url(self, name, parameters=None):
            """A URL on the bucket's own domain, valid a few minutes (querystring_expire)."""
            return super().url(name, parameters=parameters)

        def get_object_parameters(self, name):
            parameters = super().get_object_parameters(name)
            parameters["ContentType"] = uploads.content_type_for(name)
            if not uploads.is_inline(name):
                parameters["ContentDisposition"] = "attachment"
            return parameters
