"""What an organisation asks of its accounts, and what each account agreed to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.richtext import SanitizedHTMLField


class OrganizationTerms(models.Model):
    """The current version of an organisation's terms of service.

    Without a row, the organisation uses the generic terms page (version 1).
    Publishing new terms raises ``version``: everyone is asked to accept again.
    """

    organization = models.OneToOneField(
        "participation.Organization", on_delete=models.CASCADE, related_name="terms"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    text = SanitizedHTMLField(_("terms of service"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("terms of service")
        verbose_name_plural = _("terms of service")

    def __str__(self) -> str:
        return f"{self.organization} v{self.version}"


class TermsAcceptance(models.Model):
    """One row per version an account accepted: the history stays auditable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_acceptances"
    )
    version = models.PositiveIntegerField(_("version"))
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("terms acceptance")
        verbose_name_plural = _("terms acceptances")
        constraints = [
            models.UniqueConstraint("user", "version", name="terms_accepted_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} v{self.version}"


class NewsletterConsent(models.Model):
    """Consent to the newsletter, separate from the terms (GDPR: freely given, dated)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_consent"
    )
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter consent")
        verbose_name_plural = _("newsletter consents")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.consented_at or '-'}"


class OrganizationSecurity(models.Model):
    """Security rules an operator sets for an organisation."""

    organization = models.OneToOneField(
        "participation.Organization", on_delete=models.CASCADE, related_name="security"
    )
    require_admin_mfa = models.BooleanField(
        _("administrators must use two-factor authentication"), default=False
    )

    class Meta:
        verbose_name = _("organisation security")
        verbose_name_plural = _("organisation security")

    def __str__(self) -> str:
        return str(self.organization)


class LegalPageKind(models.TextChoices):
    """The legal pages an organisation writes itself (the terms have their own versions)."""

    PRIVACY = "privacy", _("Privacy policy")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    COOKIES = "cookies", _("Cookies")


class LegalPage(models.Model):
    """An organisation's own text for one legal page; without a row, the generic text shows."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="legal_pages"
    )
    kind = models.CharField(_("page"), max_length=20, choices=LegalPageKind.choices)
    text = SanitizedHTMLField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        constraints = [
            models.UniqueConstraint("organization", "kind", name="one_legal_page_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.kind}"
