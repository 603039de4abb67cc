"""Verification data: enabled methods, census hashes, grants, postal letters."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.verifications import registry
from participation.verifications.storage import get_private_storage, scan_upload_to


class EnabledMethod(models.Model):
    """A method an organisation has switched on (absent row = off)."""

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    method = models.CharField(_("method"), max_length=40)
    enabled_at = models.DateTimeField(_("enabled on"), auto_now_add=True)

    class Meta:
        verbose_name = _("enabled verification method")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "method"], name="verification_method_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.method


class CensusFields(models.TextChoices):
    # Fixed pairs: enough to identify a resident, typed by the resident from memory.
    DOCUMENT_BIRTH = "document_number,birth_date", _("Document number and birth date")
    EMAIL_POSTCODE = "email,postal_code", _("E-mail address and postal code")


def new_salt() -> str:
    return secrets.token_hex(16)


class Census(models.Model):
    """The organisation's resident register, as keyed hashes only."""

    organization = models.OneToOneField(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    fields = models.CharField(
        _("identifying fields"),
        max_length=40,
        choices=CensusFields.choices,
        default=CensusFields.DOCUMENT_BIRTH,
    )
    # Stable across re-uploads so fingerprints of earlier grants stay comparable.
    salt = models.CharField(max_length=32, default=new_salt, editable=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("census")

    def __str__(self) -> str:
        return f"census {self.organization_id}"

    @property
    def field_names(self) -> list[str]:
        return self.fields.split(",")


class CensusEntry(models.Model):
    census = models.ForeignKey(Census, on_delete=models.CASCADE, related_name="entries")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["census", "digest"], name="census_digest_unique")
        ]

    def __str__(self) -> str:
        return self.digest[:12]


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Verified")
    REJECTED = "rejected", pgettext_lazy("verification", "Rejected")
    REVOKED = "revoked", _("Revoked")


ACTIVE_STATUSES = [GrantStatus.PENDING, GrantStatus.GRANTED]


class Grant(models.Model):
    """One verification of one account by one method.

    Rejected and revoked grants are kept as history; at most one pending or
    granted grant exists per account and method, and one granted grant per
    fingerprint (the same person, whatever account they use).
    """

    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verification_grants"
    )
    method = models.CharField(_("method"), max_length=40, choices=registry.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    # Never raw personal data: only what an admin needs to read the history.
    metadata = models.JSONField(default=dict, blank=True)
    # While pending only, erased once decided (data minimisation).
    scan = models.FileField(
        _("scan"), upload_to=scan_upload_to, storage=get_private_storage, blank=True
    )
    review_data = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    granted_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "method", "fingerprint"],
                condition=Q(status="granted"),
                name="verification_grant_one_person_once",
            ),
            models.UniqueConstraint(
                fields=["user", "method"],
                condition=Q(status__in=["pending", "granted"]),
                name="verification_grant_one_active_per_user",
            ),
        ]
        indexes = [models.Index(fields=["organization", "method", "status"])]

    def __str__(self) -> str:
        return f"{self.method} #{self.pk}"

    @property
    def method_info(self):
        return registry.get(self.method)


class PostalLetter(models.Model):
    """The letter behind a pending postal grant.

    The code is kept in clear only until the admin marks the letter as sent
    (someone has to print it); afterwards only its hash remains. The address
    is erased once the code is confirmed.
    """

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="letter")
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    address = models.TextField(_("postal address"))
    code_hash = models.CharField(max_length=64)
    code_to_print = models.CharField(max_length=16, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("postal letter")

    def __str__(self) -> str:
        return f"letter {self.pk}"
