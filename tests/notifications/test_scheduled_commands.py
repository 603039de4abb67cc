"""Scheduled work runs without a broker: a command for each job, and an in-process timer."""

import io

from django.core import mail
from django.core.management import call_command

from blogs.services import create_post
from participation.notifications.models import EmailStatus, Notification
from participation.notifications.services import auto_follow, update_settings
from tests.conftest import make_user
from tests.notifications.conftest import committing


def _daily_follower_with_news(admin, blog, process):
    user = make_user(admin.organization)
    auto_follow(user=user, target=process)
    update_settings(user=user, email_mode="daily", disabled_events=[])
    with committing():
        create_post(actor=admin, component=blog, data={"title": "Chantier", "body": "<p>x</p>"})
    mail.outbox.clear()
    return user


def test_send_digests_command_sends_each_digest_once(admin, blog, process):
    user = _daily_follower_with_news(admin, blog, process)
    out = io.StringIO()
    with committing():
        call_command("send_digests", "weekly", stdout=out)
    assert mail.outbox == [] and "0 digest(s) sent." in out.getvalue()
    with committing():
        call_command("send_digests", "daily", stdout=out)
        call_command("send_digests", "daily", stdout=out)
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "Chantier" in mail.outbox[0].body
    assert not Notification.objects.filter(user=user, email_status=EmailStatus.PENDING).exists()


def test_run_schedule_once_runs_every_scheduled_task(admin, blog, process, settings):
    user = _daily_follower_with_news(admin, blog, process)
    out = io.StringIO()
    with committing():
        call_command("run_schedule", "--once", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    # One line per entry of the schedule, each with the task's result (none failed).
    assert sorted(line.split(":")[0] for line in lines) == sorted(settings.CELERY_BEAT_SCHEDULE)
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_a_failing_scheduled_task_does_not_stop_the_others(admin, blog, process, settings):
    user = _daily_follower_with_news(admin, blog, process)
    settings.CELERY_BEAT_SCHEDULE = {
        "a.broken": {"task": "participation.no_such_task", "schedule": 60},
        "b.digests": {"task": "notifications.send_daily_digests", "schedule": 60},
    }
    out, err = io.StringIO(), io.StringIO()
    with committing():
        call_command("run_schedule", "--once", stdout=out, stderr=err)
    assert "a.broken: failed" in err.getvalue()
    assert "b.digests: 1" in out.getvalue()
    assert [message.to for message in mail.outbox] == [[user.email]]
