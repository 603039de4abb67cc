from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.embeds import embed_url, watch_url
from participation.richtext import SanitizedHTMLField
from participation.uploads import image_upload_to, validate_image


class Page(models.Model):
    """A static information page of a "pages" component."""

    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="pages"
    )
    title = models.CharField(_("title"), max_length=200)
    body = SanitizedHTMLField(_("body"), blank=True)
    image = models.ImageField(
        _("image"), upload_to=image_upload_to, blank=True, validators=[validate_image]
    )
    image_alt = models.CharField(_("image description"), max_length=255, blank=True)
    # The video is kept as its provider and id only; the iframe address is rebuilt
    # (participation/embeds.py).
    video_provider = models.CharField(_("video provider"), max_length=120, blank=True)
    video_id = models.CharField(_("video id"), max_length=64, blank=True)
    video_title = models.CharField(_("video title"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def organization_id(self):
        # Uploads are filed per organisation (participation.uploads).
        return self.component.organization_id

    @property
    def video_embed_url(self) -> str | None:
        if not (self.video_provider and self.video_id):
            return None
        return embed_url(self.video_provider, self.video_id)

    @property
    def video_watch_url(self) -> str | None:
        if not (self.video_provider and self.video_id):
            return None
        return watch_url(self.video_provider, self.video_id)
