"""Organisations: the tenants. Each one is served on its own host names."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from participation.colours import contrast_ratio
from participation.richtext import SanitizedHTMLField
from participation.uploads import image_upload_to, validate_favicon, validate_image

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits.")
)
# WCAG 2.1 AA for normal text: headers and buttons print white on the primary colour.
MIN_CONTRAST = 4.5
hostname_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    _("Enter a host name such as participer.ville.fr (lower case, no scheme, no port)."),
)


def locale_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def validate_locales(value: list) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."))
    unknown = sorted(set(value) - set(locale_codes()))
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(value)s."), params={"value": value})


class SignInMethod(models.TextChoices):
    EMAIL = "email", _("E-mail and password")
    FRANCECONNECT = "franceconnect", _("FranceConnect")
    OIDC = "oidc", _("Company or association single sign-on (OpenID Connect)")
    GOOGLE = "google", _("Google")
    FACEBOOK = "facebook", _("Facebook")


def default_sign_in_methods() -> list[str]:
    return [SignInMethod.EMAIL]


def validate_sign_in_methods(value: list) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one sign-in method."))
    unknown = sorted(set(value) - set(SignInMethod.values))
    if unknown:
        raise ValidationError(
            _("Unknown sign-in method: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    host = models.CharField(
        _("primary host"), max_length=253, unique=True, validators=[hostname_validator]
    )
    description = SanitizedHTMLField(_("description"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to=image_upload_to, blank=True, validators=[validate_image]
    )
    favicon = models.ImageField(
        _("favicon"), upload_to=image_upload_to, blank=True, validators=[validate_favicon]
    )
    primary_color = models.CharField(
        _("primary colour"), max_length=7, default="#1f4e9c", validators=[hex_colour]
    )
    secondary_color = models.CharField(
        _("secondary colour"), max_length=7, default="#b3242f", validators=[hex_colour]
    )
    default_locale = models.CharField(
        _("default language"), max_length=10, default="fr", choices=settings.LANGUAGES
    )
    available_locales = models.JSONField(
        _("available languages"), default=locale_codes, validators=[validate_locales]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )
    sign_in_methods = models.JSONField(
        _("sign-in methods"), default=default_sign_in_methods, validators=[validate_sign_in_methods]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.default_locale not in (self.available_locales or []):
            errors["default_locale"] = _("The default language must be one of the available ones.")
        if hex_colour.regex.match(self.primary_color or "") and (
            contrast_ratio(self.primary_color, "#ffffff") < MIN_CONTRAST
        ):
            errors["primary_color"] = _(
                "White text on this colour is hard to read (contrast %(ratio).1f:1, at least 4.5:1 "
                "needed). Choose a darker colour."
            ) % {"ratio": contrast_ratio(self.primary_color, "#ffffff")}
        if self.host and SecondaryHost.objects.filter(hostname=self.host).exists():
            errors["host"] = _("This host is already a secondary host of an organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def locales(self) -> list[str]:
        """Available locales in the platform's order."""
        return [code for code in locale_codes() if code in (self.available_locales or [])]

    def allows(self, method: str) -> bool:
        return method in (self.sign_in_methods or [])


class SecondaryHost(models.Model):
    """Another host name of an organisation; requests to it redirect to the primary host."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="secondary_hosts"
    )
    hostname = models.CharField(
        _("host"), max_length=253, unique=True, validators=[hostname_validator]
    )

    class Meta:
        verbose_name = _("secondary host")
        verbose_name_plural = _("secondary hosts")
        constraints = [models.UniqueConstraint(Lower("hostname"), name="secondary_host_ci_unique")]

    def __str__(self) -> str:
        return self.hostname
