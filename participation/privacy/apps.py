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
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from participation.privacy.display import account_saved

        # Cached pages that name people are retired when a name or an account changes.
        for signal in (post_save, post_delete):
            signal.connect(account_saved, sender=get_user_model(), dispatch_uid=f"names_{signal}")
        register_section(
            Section(
                key="participants",
                label=_("Participants"),
                url_name="privacy:participants",
                order=20,
                visible=is_org_admin,
            )
        )
