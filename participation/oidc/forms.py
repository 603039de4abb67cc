from django import forms
from django.utils.translation import gettext_lazy as _

from participation.oidc import protocol
from participation.oidc.models import IdentityProvider, Platform, ProviderKind


class ProviderForm(forms.Form):
    """An operator's provider settings. The client secret is never sent back to the browser."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ProviderKind.choices)
    name = forms.CharField(
        label=_("Name shown on the button"),
        max_length=100,
        required=False,
        help_text=_("For example: Intranet of the city. FranceConnect and Google have theirs."),
    )
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=50,
        required=False,
        help_text=_(
            "Letters, digits and hyphens, used in addresses. Not needed for FranceConnect."
        ),
    )
    platform = forms.ChoiceField(
        label=_("FranceConnect platform"),
        choices=[("", "—"), *Platform.choices],
        required=False,
    )
    discovery_url = forms.URLField(
        label=_("Discovery URL"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "The provider's address ending in /.well-known/openid-configuration. Left blank, "
            "FranceConnect and Google use their own."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=255)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=255,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, provider: IdentityProvider | None = None, **kwargs):
        self.provider = provider
        if provider is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": provider.kind,
                    "name": provider.name,
                    "slug": provider.slug,
                    "platform": provider.platform,
                    "discovery_url": provider.discovery_url,
                    "client_id": provider.client_id,
                },
            )
        super().__init__(*args, **kwargs)
        if provider is not None:
            self.fields["kind"].disabled = True
            self.fields["client_secret"].help_text = _("Leave blank to keep the current secret.")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if self.provider is None and not data.get("client_secret"):
            self.add_error("client_secret", _("Enter the client secret."))
        if kind == ProviderKind.OIDC:
            if not data.get("slug"):
                self.add_error("slug", _("Enter a short name."))
            if not data.get("name"):
                self.add_error("name", _("Enter the name shown on the button."))
            if not data.get("discovery_url"):
                self.add_error("discovery_url", _("Enter the discovery URL."))
        if kind == ProviderKind.FRANCECONNECT and not data.get("platform"):
            self.add_error("platform", _("Choose the FranceConnect platform."))
        if kind != ProviderKind.FRANCECONNECT and data.get("platform"):
            self.add_error("platform", _("The platform is only for FranceConnect."))
        url = data.get("discovery_url")
        if url and (problem := protocol.url_problem(url, kind or "")):
            self.add_error("discovery_url", problem)
        return data

    def service_fields(self) -> dict:
        fields = {
            key: self.cleaned_data[key]
            for key in ("name", "slug", "platform", "discovery_url", "client_id")
        }
        if self.provider is not None and self.provider.is_franceconnect:
            fields.pop("slug")
        return fields
