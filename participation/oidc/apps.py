from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OidcConfig(AppConfig):
    """FranceConnect and company/association single sign-on over OpenID Connect."""

    name = "participation.oidc"
    label = "oidc"
    verbose_name = _("OpenID Connect sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from participation.oidc.checks import secret_keys_check

        checks.register(secret_keys_check, checks.Tags.security, deploy=True)
