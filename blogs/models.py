from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.richtext import SanitizedHTMLField
from participation.uploads import image_upload_to, validate_image


class PostQuerySet(models.QuerySet):
    def visible(self):
        """Posts whose publication date has come."""
        return self.filter(published_at__lte=timezone.now())


class Post(models.Model):
    component = models.ForeignKey(
        "components.Component", on_delete=models.CASCADE, related_name="posts"
    )
    title = models.CharField(_("title"), max_length=200)
    body = SanitizedHTMLField(_("body"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("The post shows from this date; a later date schedules it."),
    )
    image = models.ImageField(
        _("image"), upload_to=image_upload_to, blank=True, validators=[validate_image]
    )
    image_alt = models.CharField(_("image description"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["component", "-published_at"], name="post_by_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def organization_id(self):
        return self.component.organization_id

    @property
    def is_visible(self) -> bool:
        return self.published_at <= timezone.now()
