"""The Celery app as the outbox's real-worker tests run it.

Started by test_real_worker.py with ``celery -A tests.outbox.worker_app worker``: a
short visibility timeout (a killed worker's message comes back within seconds;
production keeps CELERY_VISIBILITY_TIMEOUT), small chunks, and a pause before each
chunk and each e-mail so that a kill -9 lands in the middle of the work.
"""

import os
import time

from celery import signals

from config.celery import app

VISIBILITY = float(os.environ.get("OUTBOX_TEST_VISIBILITY", "3"))
app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": VISIBILITY,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}


@signals.worker_ready.connect
def _small_slow_steps(**kwargs):
    from participation.notifications import fanout
    from participation.outbox import emails

    fanout.CHUNK_SIZE = int(os.environ.get("OUTBOX_TEST_CHUNK", "1000"))
    chunk_delay = float(os.environ.get("OUTBOX_TEST_CHUNK_DELAY", "0"))
    email_delay = float(os.environ.get("OUTBOX_TEST_EMAIL_DELAY", "0"))
    create_rows, claim = fanout.create_rows, emails._claim

    def slow_rows(event, user_ids):
        time.sleep(chunk_delay)  # killed here: the chunk's transaction never commits
        return create_rows(event, user_ids)

    def slow_claim(ids):
        rows = claim(ids)
        for row in rows:
            time.sleep(email_delay)  # killed here: claimed (leased), not sent
            yield row

    fanout.create_rows = slow_rows
    emails._claim = slow_claim


__all__ = ["app"]
