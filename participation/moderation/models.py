"""Reports on content and people, and the moderation state of each reported item."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.models.spaces import SpaceForeignKey


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    OFFENSIVE = "offensive", _("Offensive, hateful or abusive")
    DOES_NOT_BELONG = "does_not_belong", _("Does not belong here")


class ModerationQuerySet(models.QuerySet):
    def hidden(self):
        return self.filter(hidden_at__isnull=False)

    def reported(self):
        return self.filter(report_count__gt=0, hidden_at__isnull=True)


class Moderation(models.Model):
    """The moderation state of one item (a post, a person...): reports and hiding."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # The space the item lives in (empty for people): who may moderate it.
    space = SpaceForeignKey(
        "participation.Space",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderations",
    )
    # Copied when reported so the queue lists items without loading each of them.
    target_label = models.CharField(_("item"), max_length=255, blank=True)
    target_url = models.CharField(max_length=500, blank=True)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="moderation_unique_item"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "hidden_at"], name="moderation_hidden"),
            models.Index(fields=["organization", "space"], name="moderation_space"),
        ]

    def __str__(self) -> str:
        return self.target_label

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Report(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=30, choices=ReportReason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["moderation", "user"], name="report_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.reason} ({self.moderation})"


class ModerationSettings(models.Model):
    """Per organisation: how many reports hide an item automatically."""

    organization = models.OneToOneField(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    hide_threshold = models.PositiveIntegerField(
        _("reports before an item is hidden automatically"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")
        constraints = [
            models.CheckConstraint(condition=Q(hide_threshold__gte=1), name="hide_threshold_min")
        ]

    def __str__(self) -> str:
        return str(self.organization_id)
