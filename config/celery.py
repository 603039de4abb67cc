"""The Celery application.

With no broker configured (``REDIS_URL`` unset) tasks run in-process
(``task_always_eager``), which is what the embedded demo needs.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("decidons")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
