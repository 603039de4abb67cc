"""Landing-page content blocks of a space and home-page blocks.

Block kinds are declared in code (spaces/blocks.py); a row only stores the kind
key, its position, whether it is published and its data (validated per kind by
the kind's form). A documents block's files and the space's own are the core's
attachments (``participation.models.Attachment``), attached to the block or the space.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.uploads import image_upload_to, validate_image
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
    # A documents block's files (participation.models.Attachment); go with the block.
    attachments = GenericRelation("participation.Attachment")

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
