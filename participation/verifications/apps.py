from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationsConfig(AppConfig):
    name = "participation.verifications"
    label = "verifications"
    verbose_name = _("Verifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation.backoffice.registry import Section, is_org_admin, register_section
        from participation.oidc.signals import identity_confirmed
        from participation.verifications.receivers import on_identity_confirmed

        register_section(
            Section(
                key="verifications",
                label=_("Verifications"),
                url_name="verifications:admin_methods",
                order=50,
                visible=is_org_admin,
            )
        )

        identity_confirmed.connect(on_identity_confirmed, dispatch_uid="verifications-identity")
