"""Celery is wired: tasks reach a real worker through the real broker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from participation.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")


def test_tasks_run_in_process_without_a_broker():
    assert ping.delay().get(timeout=5) == "pong"


def _redis_up() -> bool:
    try:
        return bool(REDIS_URL) and redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.real_worker
@pytest.mark.skipif(
    not _redis_up(), reason="needs REDIS_URL (CI sets it; make test on SQLite has no broker)"
)
def test_a_real_worker_runs_a_task_sent_through_redis():
    from config.celery import app

    assert app.conf.task_always_eager is False
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert ping.delay().get(timeout=60) == "pong"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
