"""Daily snapshots of counts, so the metrics pages read a few hundred rows, never the content."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DailyMetric(models.Model):
    """The cumulative value of one metric at the end of ``day`` (organisation's time zone).

    ``space_ct``/``space_id`` empty means the whole organisation. Two partial unique
    constraints (NULLs are distinct in a plain one) make each (scope, name, day) unique.
    """

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    space_ct = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    space_id = models.PositiveBigIntegerField(null=True, blank=True)
    name = models.CharField(_("metric"), max_length=60)
    day = models.DateField(_("day"))
    value = models.BigIntegerField(_("value"), default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("daily metric")
        verbose_name_plural = _("daily metrics")
        ordering = ["day", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "space_ct", "space_id", "name", "day"],
                condition=Q(space_ct__isnull=False),
                name="daily_metric_unique_per_space",
            ),
            models.UniqueConstraint(
                fields=["organization", "name", "day"],
                condition=Q(space_ct__isnull=True),
                name="daily_metric_unique_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(space_ct__isnull=True, space_id__isnull=True)
                | Q(space_ct__isnull=False, space_id__isnull=False),
                name="daily_metric_space_both_or_none",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "space_ct", "space_id", "day"], name="daily_metric_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.day}: {self.value}"
