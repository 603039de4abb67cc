from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthesisConfig(AppConfig):
    """Metrics over time (computed nightly), later survey charts, NLP and reports."""

    name = "synthesis"
    label = "synthesis"
    verbose_name = _("Synthesis")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation.backoffice.registry import Section, is_org_admin, register_section
        from synthesis import metrics

        metrics.register_core_metrics()
        register_section(
            Section(
                key="metrics",
                label=_("Metrics"),
                url_name="synthesis_admin:metrics",
                order=60,
                visible=is_org_admin,
            )
        )
