"""The nightly task and the operators' command: idempotent, clear about bad input."""

import datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from synthesis import metrics
from synthesis.models import DailyMetric
from synthesis.tasks import compute_daily_metrics
from tests.factories import make_user
from tests.synthesis.conftest import DAY, at, proposal_at


def _rows():
    fields = ("organization_id", "space_ct_id", "space_id", "name", "day", "value", "pk")
    return set(DailyMetric.objects.values_list(*fields))


def test_beat_runs_it_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["synthesis.compute_daily_metrics"]
    assert entry["task"] == "synthesis.compute_daily_metrics"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}


def test_task_twice_gives_the_same_rows(organization, other_organization, space):
    process, component = space
    proposal_at(component, make_user(organization), at(DAY, 9))
    assert compute_daily_metrics.delay(DAY.isoformat()).get() > 0
    first = _rows()
    assert compute_daily_metrics.delay(DAY.isoformat()).get() == 0
    assert _rows() == first
    core = {m.name for m in metrics.registered()}
    org_rows = DailyMetric.objects.filter(organization=organization, space_ct__isnull=True)
    assert set(org_rows.values_list("name", flat=True)) == core
    assert org_rows.get(name="proposals").value == 1
    space_rows = DailyMetric.objects.filter(organization=organization, space_id=process.pk)
    assert space_rows.get(name="proposals").value == 1
    # The other organisation has its own rows, with nothing counted from the first.
    assert DailyMetric.objects.get(organization=other_organization, name="proposals").value == 0


def test_a_change_updates_the_row_in_place(organization, space):
    _process, component = space
    compute_daily_metrics.delay(DAY.isoformat()).get()
    count = DailyMetric.objects.count()
    proposal_at(component, make_user(organization), at(DAY, 9))
    compute_daily_metrics.delay(DAY.isoformat()).get()
    assert DailyMetric.objects.count() == count
    assert DailyMetric.objects.get(space_ct__isnull=True, name="proposals", day=DAY).value == 1


def test_default_day_is_yesterday_with_component_hooks(organization, space):
    process, _component = space
    compute_daily_metrics.delay().get()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    days = set(DailyMetric.objects.values_list("day", flat=True))
    assert len(days) == 1 and abs((days.pop() - yesterday).days) <= 1


def test_command_backfills(organization, space):
    call_command("compute_metrics", "--day", DAY.isoformat(), "--backfill", "2")
    days = set(DailyMetric.objects.values_list("day", flat=True))
    assert days == {DAY - datetime.timedelta(days=n) for n in range(3)}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--day", "2026-13-40"], "YYYY-MM-DD"),
        (["--day", "hier"], "YYYY-MM-DD"),
        (["--day", "2999-01-01"], "future"),
        (["--backfill", "-3"], "between"),
    ],
)
def test_command_refuses_bad_input(organization, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("compute_metrics", *arguments)
    assert not DailyMetric.objects.exists()


def test_command_without_arguments_computes_yesterday(organization, space):
    call_command("compute_metrics")
    assert DailyMetric.objects.filter(organization=organization).exists()
    assert len(set(DailyMetric.objects.values_list("day", flat=True))) == 1
