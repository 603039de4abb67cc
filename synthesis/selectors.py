"""Reading the snapshots for a page: ONE query for every metric and day of the period."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from synthesis import metrics
from synthesis.models import DailyMetric

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30


def period_from(value) -> int:
    """The ``days`` GET parameter, from the allow-list only (anything else: the default)."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


@dataclass
class Series:
    name: str
    label: str
    points: list[tuple[datetime.date, int | None]]

    @property
    def latest(self) -> int | None:
        for _day, value in reversed(self.points):
            if value is not None:
                return value
        return None


def series(organization, *, space=None, days: int, until: datetime.date) -> list[Series]:
    start = until - datetime.timedelta(days=days - 1)
    rows = DailyMetric.objects.filter(organization=organization, day__range=(start, until))
    if space is None:
        rows = rows.filter(space_ct__isnull=True)
    else:
        rows = rows.filter(space_ct=ContentType.objects.get_for_model(space), space_id=space.pk)
    values: dict[str, dict[datetime.date, int]] = {}
    for name, day, value in rows.values_list("name", "day", "value"):
        values.setdefault(name, {})[day] = value
    calendar = [start + datetime.timedelta(days=n) for n in range(days)]
    known = [m.name for m in metrics.registered()]
    names = known + sorted(set(values) - set(known))
    result = []
    for name in names:
        label = str(metrics.label_of(name))
        by_day = values.get(name, {})
        result.append(Series(name, label, [(day, by_day.get(day)) for day in calendar]))
    return result
