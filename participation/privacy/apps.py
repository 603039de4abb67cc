from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """GDPR: personal-data exports, account deletion, the participants back-office."""

    name = "participation.privacy"
    label = "privacy"
    verbose_name = _("Privacy and participants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from participation.backoffice.registry import Section, is_org_admin, register_section

        # The core apps' data is declared here so their code stays untouched;
        # spaces declares its own in a `personal_data.py` module; components in their
        # manifest's `personal_data` (read by participation.privacy.registry.entries).
        from participation.privacy import core_data  # noqa: F401

        autodiscover_modules("personal_data")
        # Cached pages that name people are retired by the services that rename, block or
        # delete a person (privacy.display.people_changed), not by model signals.
        register_section(
            Section(
                key="participants",
                label=_("Participants"),
                url_name="privacy:participants",
                order=20,
                visible=is_org_admin,
            )
        )
