"""A real Celery worker, killed in the middle of a fan-out, loses and duplicates nothing.

Needs REDIS_URL (the broker) and a database the worker process can open:
PostgreSQL through DATABASE_URL (CI sets both). The test database is
committed (transaction=True) and its name passed to the worker.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.db import connection, transaction

from participation.notifications.models import Notification
from participation.notifications.services import notify
from tests.factories import make_organization, make_user
from tests.notifications.followers import process_with_followers

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
FOLLOWERS, CHUNK, VISIBILITY = 3000, 500, 3

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI sets it)"),
]


def _worker_env() -> dict:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres", "pgsql")):
        pytest.skip("the worker process needs a shared database: set DATABASE_URL (PostgreSQL)")
    parts = urlsplit(database_url)
    test_database = connection.settings_dict["NAME"]
    return {
        **os.environ,
        "DATABASE_URL": urlunsplit(parts._replace(path=f"/{test_database}")),
        "NOTIFICATIONS_TEST_VISIBILITY": str(VISIBILITY),
        "NOTIFICATIONS_TEST_CHUNK": str(CHUNK),
        "NOTIFICATIONS_TEST_DELAY": "0.7",
    }


def _start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.notifications.worker_app",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _clear_broker() -> None:
    from config.celery import app

    app.control.purge()
    redis.Redis.from_url(REDIS_URL).delete("unacked", "unacked_index")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_fan_out_loses_and_duplicates_nothing():
    env = _worker_env()
    _clear_broker()
    organization = make_organization("Ville Worker", "ville-worker.test")
    admin = make_user(organization, admin=True)
    process, users = process_with_followers(organization, count=FOLLOWERS, email_prefix="w")
    first = _start_worker(env)
    second = None
    try:
        with transaction.atomic():
            notify(
                event_name="spaces.step_changed",
                target=process,
                actor=admin,
                organization=organization,
            )
        assert _wait_for(lambda: Notification.objects.count() >= CHUNK, timeout=60)
        os.kill(first.pid, signal.SIGKILL)  # no goodbye: its message stays unacknowledged
        first.wait(timeout=10)
        at_kill = Notification.objects.count()
        assert CHUNK <= at_kill < FOLLOWERS, "the worker must die in the middle of the fan-out"
        broker = redis.Redis.from_url(REDIS_URL)
        assert broker.hlen("unacked") == 1  # the chunk it was writing, not acknowledged
        time.sleep(VISIBILITY + 1)
        second = _start_worker(env)
        assert _wait_for(lambda: Notification.objects.count() >= FOLLOWERS, timeout=120)
        assert _wait_for(lambda: broker.hlen("unacked") == 0, timeout=30)
        time.sleep(2)  # a late duplicate would show here
        assert Notification.objects.count() == FOLLOWERS
        assert Notification.objects.values("user").distinct().count() == FOLLOWERS
        assert not Notification.objects.filter(user=admin).exists()
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
