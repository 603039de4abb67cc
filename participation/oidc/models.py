"""Sign-in providers configured per organisation, and the accounts linked to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.oidc.secret_box import EncryptedSecretField


class ProviderKind(models.TextChoices):
    # The value is also the Organization.sign_in_methods entry that switches it on.
    FRANCECONNECT = "franceconnect", _("FranceConnect")
    OIDC = "oidc", _("Company or association single sign-on (OpenID Connect)")
    GOOGLE = "google", _("Google")
    # Facebook Login is not OpenID Connect for web sites (no ID token in the
    # code flow), so it is not offered here; it would need its own client.


class Platform(models.TextChoices):
    INTEGRATION = "integration", _("Integration (test)")
    PRODUCTION = "production", _("Production")


FRANCECONNECT_DISCOVERY: dict[str, str] = {
    Platform.INTEGRATION: "https://fcp-low.sbx.dev-franceconnect.fr/api/v2/.well-known/openid-configuration",
    Platform.PRODUCTION: "https://oidc.franceconnect.gouv.fr/api/v2/.well-known/openid-configuration",
}
GOOGLE_DISCOVERY = "https://accounts.google.com/.well-known/openid-configuration"


class IdentityProvider(models.Model):
    organization = models.ForeignKey(
        "participation.Organization",
        on_delete=models.CASCADE,
        related_name="identity_providers",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    name = models.CharField(_("name shown on the button"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=50)
    platform = models.CharField(
        _("FranceConnect platform"), max_length=20, choices=Platform.choices, blank=True
    )
    discovery_url = models.URLField(_("discovery URL"), max_length=500)
    client_id = models.CharField(_("client ID"), max_length=255)
    # Encrypted at rest (see secret_box; the provider needs it verbatim, so it is
    # read back in clear by the application). Never shown back in forms.
    client_secret = EncryptedSecretField(_("client secret"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sign-in provider")
        verbose_name_plural = _("sign-in providers")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                "organization", "slug", name="oidc_provider_slug_unique_per_organization"
            ),
            models.UniqueConstraint(
                "organization",
                condition=Q(kind="franceconnect"),
                name="oidc_one_franceconnect_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_franceconnect(self) -> bool:
        return self.kind == ProviderKind.FRANCECONNECT


class IdentityLink(models.Model):
    """An account of the organisation known to a provider under a subject identifier."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_links"
    )
    sub = models.CharField(_("subject identifier"), max_length=255)
    claims = models.JSONField(_("identity claims"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("linked identity")
        verbose_name_plural = _("linked identities")
        constraints = [
            models.UniqueConstraint("provider", "sub", name="oidc_link_unique_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.sub}"
