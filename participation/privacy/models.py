"""Personal-data exports and the record of deleted accounts."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.privacy.storage import export_upload_to, get_export_storage


def export_ttl() -> timedelta:
    return timedelta(days=getattr(settings, "PRIVACY_EXPORT_TTL_DAYS", 7))


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class DataExport(models.Model):
    """An archive of a person's data, downloadable by that person only, for a short time.

    The link carries a random token; only its SHA-256 is stored, so neither the
    database nor the id (never used in URLs) lets anyone rebuild a link.
    """

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    file = models.FileField(upload_to=export_upload_to, storage=get_export_storage, blank=True)
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="privacy_one_pending_export_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"export {self.pk}"

    @property
    def is_expired(self) -> bool:
        return self.status == ExportStatus.EXPIRED or (
            self.expires_at is not None and self.expires_at <= timezone.now()
        )


class DeletedAccount(models.Model):
    """That an account was deleted, and when: no personal data, only the row's id."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # A plain integer, not a foreign key: the record outlives any later purge of the row.
    user_id = models.PositiveBigIntegerField(unique=True)
    deleted_at = models.DateTimeField(_("deleted on"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("deleted account")
        verbose_name_plural = _("deleted accounts")
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"deleted account {self.user_id}"
