"""Sessions slide (two hours after the last request) but are written at most every five
minutes, not on every page."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.accounts import middleware
from tests.conftest import host_client
from tests.factories import make_user


def _session_writes(client, path="/") -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]


@pytest.fixture
def signed_in(organization):
    client = host_client("ville-a.test", make_user(organization))
    client.get("/")  # the first page after signing in renews (and stamps) the session
    return client


def test_pages_within_five_minutes_do_not_write_the_session(signed_in):
    assert _session_writes(signed_in) == []
    assert _session_writes(signed_in) == []


def test_the_session_is_renewed_after_five_minutes(signed_in, monkeypatch):
    session = Session.objects.get()
    before = session.expire_date
    later = time.time() + middleware.SESSION_RENEWAL_SECONDS + 1
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    assert _session_writes(signed_in)  # renewed: a new expiry, a new cookie
    session.refresh_from_db()
    assert session.expire_date > before
    assert Session.objects.get().get_decoded()[middleware.RENEWED_KEY] == int(later)
    assert _session_writes(signed_in) == []  # and then quiet again


def test_anonymous_visitors_get_no_session(organization):
    client = host_client("ville-a.test")
    assert _session_writes(client) == []
    assert not Session.objects.exists()
