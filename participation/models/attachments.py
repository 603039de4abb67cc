"""Files attached to anything of a space: a proposal, a budget project, a documents block,
the space itself (Decidim's ``attached_to``).

One table and one upload path (``participation.services.attachments``) for every
component: the stored name is random with the extension of the DETECTED type
(``participation.uploads``), the browser's name is an escaped label only, and the
serving view asks whoever declared the attached model (``participation.attachments``)
whether the visitor may see the object the file belongs to.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models.spaces import SpaceForeignKey
from participation.uploads import document_upload_to, image_upload_to, validate_document


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")


def attachment_upload_to(instance, filename: str) -> str:
    """``images/...`` or ``documents/...``, a random name (the extension is added by the
    storage from the detected type)."""
    if instance.kind == AttachmentKind.IMAGE:
        return image_upload_to(instance, filename)
    return document_upload_to(instance, filename)


class Attachment(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # The space the attached object belongs to: deleting the space deletes its files'
    # rows in the database; permission checks start from it.
    space = SpaceForeignKey("participation.Space", on_delete=models.CASCADE, related_name="+")
    # What the file is attached to (a proposal, a project, a block, the space itself).
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    attached_to = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    # Stored under a random name; checked by the service (images are documents too).
    file = models.FileField(
        _("file"), upload_to=attachment_upload_to, max_length=255, validators=[validate_document]
    )
    # The name the browser sent, cleaned of paths and control characters; escaped on output.
    original_name = models.CharField(_("original name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="attachment_attached_to"),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE
