"""Computing the daily snapshots: idempotent, one organisation per transaction."""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from participation.models import Organization
from synthesis import metrics
from synthesis.models import DailyMetric

if TYPE_CHECKING:
    from spaces.models import Space

logger = logging.getLogger(__name__)


def local_today(*, organization: Organization) -> datetime.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(organization.time_zone or "UTC")).date()


def spaces_of(*, organization: Organization) -> list:
    """Every space of the organisation (one query per space type: a fixed, small number)."""
    from participation.space_types import SPACE_TYPES

    found = []
    for kind in SPACE_TYPES.values():
        found.extend(kind.model.objects.of(organization).order_by("pk"))
    return found


def _component_hook_values(space: Space) -> dict[str, int]:
    """The components' own ``metrics`` hooks, summed by name (core names left to the core)."""
    from participation.components.selectors import collect_metrics

    totals: dict[str, int] = {}
    for values in collect_metrics(space).values():
        for name, value in values.items():
            if metrics.get(name) is None:
                totals[name] = totals.get(name, 0) + int(value)
    return totals


def values_for(
    *, organization: Organization, space: Space | None, day: datetime.date, with_hooks: bool
) -> dict[str, int]:
    values = {m.name: int(m.count(organization, space, day)) for m in metrics.registered()}
    if space is not None and with_hooks:
        values.update(_component_hook_values(space))
    return values


def compute_for_organization(*, organization: Organization, day: datetime.date) -> int:
    """Store ``day``'s values for ``organization`` and each of its spaces; returns rows written.

    Re-running changes nothing: existing rows are updated in place (only when the
    value moved), missing ones created. Component hooks count what exists NOW, so
    they are only stored for yesterday or today, never when back-filling older days.
    """
    with_hooks = day >= local_today(organization=organization) - datetime.timedelta(days=1)
    wanted: dict[tuple[int | None, int | None, str], int] = {
        (None, None, name): value
        for name, value in values_for(
            organization=organization, space=None, day=day, with_hooks=False
        ).items()
    }
    for space in spaces_of(organization=organization):
        content_type = ContentType.objects.get_for_model(space)
        for name, value in values_for(
            organization=organization, space=space, day=day, with_hooks=with_hooks
        ).items():
            wanted[(content_type.pk, space.pk, name)] = value

    with transaction.atomic():
        # Serialises two runs for the same organisation (beat retry + operator command).
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing = {
            (row.space_ct_id, row.space_id, row.name): row
            for row in DailyMetric.objects.filter(organization=organization, day=day)
        }
        to_create, to_update = [], []
        for (ct_id, space_id, name), value in wanted.items():
            row = existing.get((ct_id, space_id, name))
            if row is None:
                to_create.append(
                    DailyMetric(
                        organization=organization,
                        space_ct_id=ct_id,
                        space_id=space_id,
                        name=name,
                        day=day,
                        value=value,
                    )
                )
            elif row.value != value:
                row.value = value
                to_update.append(row)
        DailyMetric.objects.bulk_create(to_create, batch_size=500)
        DailyMetric.objects.bulk_update(to_update, ["value"], batch_size=500)
    return len(to_create) + len(to_update)


def compute_daily_metrics(*, day: datetime.date | None = None) -> int:
    """``day`` (default: yesterday in each organisation's time zone) for every organisation."""
    written = 0
    for organization in Organization.objects.order_by("pk").iterator():
        target = day or local_today(organization=organization) - datetime.timedelta(days=1)
        try:
            written += compute_for_organization(organization=organization, day=target)
        except Exception:  # one broken organisation must not stop the others
            logger.exception("Metrics of organisation %s failed for %s", organization.pk, target)
    return written
