from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The transactional outbox: work promised by a write, recorded with it, done once."""

    name = "participation.outbox"
    label = "outbox"
    verbose_name = _("Outbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Handlers live beside the Celery tasks of each app (``<app>/tasks.py``): a web
        # process running them in-process (no broker) knows them as the worker does.
        autodiscover_modules("tasks")
