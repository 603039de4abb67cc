from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search page across the organisation: the core's searchable types (core_hooks) and
    each component manifest's ``searchables``."""

    name = "participation.search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation.search import core_hooks  # noqa: F401
