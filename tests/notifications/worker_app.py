"""The Celery app as a test worker runs it: quick redelivery, small and slow chunks.

Started by test_real_worker.py with ``celery -A tests.notifications.worker_app worker``.
A short visibility timeout lets a new worker take back, within seconds, the
message a killed worker had not acknowledged (production keeps the default).
"""

import os
import time

from celery import signals

from config.celery import app

VISIBILITY = float(os.environ.get("NOTIFICATIONS_TEST_VISIBILITY", "3"))
app.conf.broker_transport_options = {
    "visibility_timeout": VISIBILITY,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}


@signals.worker_ready.connect
def _small_slow_chunks(**kwargs):
    from participation.notifications import fanout

    fanout.CHUNK_SIZE = int(os.environ.get("NOTIFICATIONS_TEST_CHUNK", "1000"))
    delay = float(os.environ.get("NOTIFICATIONS_TEST_DELAY", "0"))
    original = fanout.create_rows

    def slow(event, user_ids):
        # The worker dies here, before writing its chunk: only a redelivery can save it.
        time.sleep(delay)
        return original(event, user_ids)

    fanout.create_rows = slow


__all__ = ["app"]
