"""The WSGI application as the gunicorn test serves it: a pause after each commit.

The pause sits between a committed write and the hand-over of its outbox messages to
the broker, where a worker killed by the test loses the hand-over (not the messages).
"""

import os
import time

from config.wsgi import application
from participation.outbox import services

_dispatch = services.dispatch
PAUSE = float(os.environ.get("OUTBOX_TEST_DISPATCH_PAUSE", "0"))


def _slow_dispatch(*, ids: list[int]) -> int:
    time.sleep(PAUSE)
    return _dispatch(ids=ids)


services.dispatch = _slow_dispatch

__all__ = ["application"]
