"""Expired sessions are removed by a scheduled task (Celery beat), not left forever."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.celery import app
from participation.accounts.tasks import clear_expired_sessions


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_expired_sessions_are_cleared(db):
    expired = [_session(timedelta(seconds=-1)) for _ in range(3)]
    live = _session(timedelta(hours=1))
    clear_expired_sessions.delay()
    assert not Session.objects.filter(pk__in=expired).exists()
    assert Session.objects.filter(pk=live).exists()


def test_the_clean_up_is_scheduled():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "accounts.clear_expired_sessions"
    ]
    assert len(entries) == 1
    assert "accounts.clear_expired_sessions" in app.tasks
    schedule = entries[0]["schedule"]
    now = timezone.now()
    # At least once a day.
    assert schedule.remaining_estimate(now) <= timedelta(days=1)
