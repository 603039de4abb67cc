import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participation.models import Organization, SignInMethod
from participation.models.organizations import locale_codes
from participation.uploads import validate_favicon, validate_image


def _time_zone_choices():
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz]


class OrganizationForm(forms.ModelForm):
    secondary_hosts = forms.CharField(
        label=_("Secondary hosts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One host name per line. Visitors reaching them are redirected to the primary host."
        ),
    )
    available_locales = forms.MultipleChoiceField(
        label=_("Available languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=locale_codes,
    )
    sign_in_methods = forms.MultipleChoiceField(
        label=_("Sign-in methods"),
        choices=SignInMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[SignInMethod.EMAIL],
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=_time_zone_choices, initial="Europe/Paris"
    )
    logo = forms.ImageField(label=_("Logo"), required=False, validators=[validate_image])
    favicon = forms.FileField(label=_("Favicon"), required=False, validators=[validate_favicon])

    class Meta:
        model = Organization
        fields = [
            "name",
            "host",
            "description",
            "primary_color",
            "secondary_color",
            "default_locale",
            "available_locales",
            "time_zone",
            "sign_in_methods",
        ]
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "secondary_color": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"host": _("For example participer.ville.fr — without https:// or a port.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["secondary_hosts"] = "\n".join(
                self.instance.secondary_hosts.values_list("hostname", flat=True)
            )

    def clean_host(self):
        return self.cleaned_data["host"].strip().lower().rstrip(".")

    def clean_secondary_hosts(self):
        hosts = [
            h.strip().lower().rstrip(".") for h in self.cleaned_data["secondary_hosts"].split()
        ]
        field = Organization._meta.get_field("host")
        for host in hosts:
            for validator in field.validators:
                validator(host)
        return hosts

    def clean(self):
        cleaned = super().clean()
        default, available = cleaned.get("default_locale"), cleaned.get("available_locales")
        if default and available and default not in available:
            self.add_error(
                "default_locale", _("The default language must be one of the available ones.")
            )
        return cleaned

    def _post_clean(self):
        # The service validates the model itself, inside its transaction.
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("logo", None)
        data.pop("favicon", None)
        data.pop("secondary_hosts", None)
        return data


class NewOrganizationForm(OrganizationForm):
    admin_email = forms.EmailField(
        label=_("E-mail of the first administrator"),
        help_text=_("They receive an invitation to choose a password."),
    )
    admin_name = forms.CharField(
        label=_("Name of the first administrator"), max_length=150, required=False
    )
