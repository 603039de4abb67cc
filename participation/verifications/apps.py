from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationsConfig(AppConfig):
    name = "participation.verifications"
    label = "verifications"
    verbose_name = _("Verifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The OIDC app (another branch) defines the signal; until both are
        # merged, FranceConnect grants are made by calling the service directly.
        try:
            from participation.oidc.signals import identity_confirmed
        except ImportError:
            return
        from participation.verifications.receivers import on_identity_confirmed

        identity_confirmed.connect(on_identity_confirmed, dispatch_uid="verifications-identity")
