"""Landing-page content blocks of a space, files attached to a space, home-page blocks.

Block kinds are declared in code (spaces/blocks.py); a row only stores the kind
key, its position, whether it is published and its data (validated per kind by
the kind's form). Files live in their own table so a documents block and the
space's attachments share one upload path (validated, randomly named).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.uploads import (
    document_upload_to,
    image_upload_to,
    validate_document,
    validate_image,
)
from spaces.models.membership import _SpaceAttached


class ContentBlock(_SpaceAttached):
    kind = models.CharField(_("kind"), max_length=30)
    position = models.PositiveIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=False)
    data = models.JSONField(_("data"), default=dict, blank=True)
    image = models.ImageField(
        _("image"), upload_to=image_upload_to, blank=True, validators=[validate_image]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content block")
        verbose_name_plural = _("content blocks")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["space", "position"], name="content_block_order")]

    def __str__(self) -> str:
        from spaces.blocks import block_kind

        kind = block_kind(self.kind)
        title = (self.data or {}).get("title") or ""
        label = str(kind.label) if kind else self.kind
        return f"{label} — {title}" if title else label


class SpaceFile(_SpaceAttached):
    """A downloadable file: in a documents block (``block`` set) or a space attachment."""

    block = models.ForeignKey(
        ContentBlock, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_upload_to, validators=[validate_document])
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    is_image = models.BooleanField(_("image"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class HomeBlock(models.Model):
    """One block of the organisation's home page, chosen by its administrators."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30)
    position = models.PositiveIntegerField(_("position"), default=0)
    enabled = models.BooleanField(_("enabled"), default=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    image = models.ImageField(
        _("image"), upload_to=image_upload_to, blank=True, validators=[validate_image]
    )

    class Meta:
        verbose_name = _("home-page block")
        verbose_name_plural = _("home-page blocks")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        from spaces.blocks import home_block_kind

        kind = home_block_kind(self.kind)
        return str(kind.label) if kind else self.kind
