"""State changes of accounts: consents, terms, profile, two-factor policy.

Each one checks who may do it, writes in one transaction and leaves an entry
in the organisation's action log.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.accounts import events, selectors
from participation.accounts.models import (
    LegalPage,
    LegalPageKind,
    NewsletterConsent,
    OrganizationSecurity,
    OrganizationTerms,
    TermsAcceptance,
)
from participation.errors import ErrorCode, ServiceError
from participation.models import User
from participation.privacy.display import people_changed

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from participation.models import Organization


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_plain_text(*, value: str) -> str:
    """Plain text as typed, made safe to store and show: control and bidirectional-override
    characters removed, line breaks normalised, at most one blank line in a row, trimmed.
    Markup is not interpreted (pages escape it), so nothing else is taken away."""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _check_self(actor: User, user: User) -> None:
    if actor is None or actor.pk != user.pk:
        raise ServiceError(_("You can only change your own account."), ErrorCode.PERMISSION_DENIED)


@transaction.atomic
def accept_terms(*, actor: User, user: User) -> TermsAcceptance:
    _check_self(actor, user)
    version = selectors.current_terms_version(user.organization)
    acceptance, created = TermsAcceptance.objects.get_or_create(user=user, version=version)
    if created:
        events.terms_accepted(
            organization=user.organization,
            actor=actor,
            target=user,
            changes={"version": version},
        )
    return acceptance


@transaction.atomic
def set_newsletter_consent(*, actor: User, user: User, consent: bool) -> NewsletterConsent:
    _check_self(actor, user)
    record, _created = NewsletterConsent.objects.select_for_update().get_or_create(user=user)
    if consent != (record.consented_at is not None):
        record.consented_at = timezone.now() if consent else None
        record.save(update_fields=["consented_at"])
        events.newsletter_consent(
            organization=user.organization,
            actor=actor,
            target=user,
            changes={"consent": consent},
        )
    return record


@transaction.atomic
def record_signup(*, user: User, accepted_terms: bool, newsletter: bool) -> None:
    """Called once the new account is saved, in the sign-up request."""
    if not accepted_terms:
        raise ServiceError(
            _("You must accept the terms of service to create an account."), ErrorCode.INVALID
        )
    events.signed_up(organization=user.organization, actor=user, target=user)
    accept_terms(actor=user, user=user)
    set_newsletter_consent(actor=user, user=user, consent=newsletter)


@transaction.atomic
def update_profile(
    *,
    actor: User,
    user: User,
    name: str,
    nickname: str,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
    about: str | None = None,
    personal_url: str | None = None,
) -> User:
    """Name, nickname, avatar and, when given (None: unchanged), the public profile's
    presentation (plain text, cleaned) and personal website (http or https only)."""
    _check_self(actor, user)
    if selectors.nickname_taken(user.organization, nickname, exclude_user=user):
        raise ServiceError(
            _("This nickname is already used here."), ErrorCode.NAME_TAKEN, field="nickname"
        )
    before = {"name": user.name, "nickname": user.nickname}
    initial = {"about": user.about, "personal_url": user.personal_url}
    user.name, user.nickname = name, nickname
    fields = ["name", "nickname"]
    if about is not None:
        user.about = clean_plain_text(value=about)
        fields.append("about")
    if personal_url is not None:
        user.personal_url = personal_url.strip()
        fields.append("personal_url")
    if avatar is not None:
        user.avatar = avatar
        fields.append("avatar")
    elif remove_avatar and user.avatar:
        user.avatar.delete(save=False)
        user.avatar = ""
        fields.append("avatar")
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=fields)
    people_changed(user.organization_id)  # cached pages naming the person show the new name
    after = {"name": user.name, "nickname": user.nickname}
    changes: dict[str, object] = {
        key: [before[key], after[key]] for key in before if before[key] != after[key]
    }
    if "avatar" in fields:
        changes["avatar"] = "changed"
    for key in ("about", "personal_url"):
        if key in fields and getattr(user, key) != initial[key]:
            changes[key] = "changed"
    events.profile_updated(
        organization=user.organization,
        actor=actor,
        target=user,
        changes=changes,
    )
    return user


def _check_operator(actor: User) -> None:
    if actor is not None and not actor.is_operator:
        raise ServiceError(
            _("Only operators can change this setting."), ErrorCode.PERMISSION_DENIED
        )


@transaction.atomic
def set_admin_mfa_requirement(
    *, actor: User, organization: Organization, required: bool
) -> OrganizationSecurity:
    _check_operator(actor)
    security, _created = OrganizationSecurity.objects.select_for_update().get_or_create(
        organization=organization
    )
    if security.require_admin_mfa != required:
        security.require_admin_mfa = required
        security.save(update_fields=["require_admin_mfa"])
        events.admin_mfa_requirement(
            organization=organization,
            actor=actor,
            target=security,
            changes={"require_admin_mfa": required},
        )
    return security


@transaction.atomic
def publish_terms(*, actor: User, organization: Organization, text: str = "") -> OrganizationTerms:
    """New terms: the version goes up and every account is asked to accept again."""
    if actor is not None and not (actor.is_operator or actor.is_admin_of(organization)):
        raise ServiceError(
            _("Only administrators can publish the terms of service."),
            ErrorCode.PERMISSION_DENIED,
        )
    terms = OrganizationTerms.objects.select_for_update().filter(organization=organization).first()
    if terms is None:
        # Accounts that signed up before accepted the generic version 1.
        terms = OrganizationTerms(organization=organization, version=1)
    terms.version += 1
    terms.text = text
    terms.save()
    events.terms_published(
        organization=organization,
        actor=actor,
        target=terms,
        changes={"version": terms.version},
    )
    return terms


def adopt_provisioned_email(*, user: User) -> None:
    """Give a provisioned account (invitation, operator, demo) its verified allauth address.

    Such accounts have no allauth EmailAddress and count as verified (see
    selectors.has_verified_email). allauth would otherwise add their address
    as *unverified* the first time they open the e-mail page, and lock them
    out at their next sign-in.
    """
    if user.email and not EmailAddress.objects.filter(user=user).exists():
        EmailAddress.objects.get_or_create(
            user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
        )


@transaction.atomic
def save_legal_page(
    *, actor: User, organization: Organization, kind: str, text: str
) -> LegalPage | None:
    """The organisation's own text for a legal page; an empty text brings back the generic
    page (the row is deleted)."""
    if not (actor.is_operator or actor.is_admin_of(organization)):
        raise ServiceError(
            _("Only administrators of this organisation can do this."),
            ErrorCode.PERMISSION_DENIED,
        )
    if kind not in LegalPageKind.values:
        raise ServiceError(_("Unknown legal page."), ErrorCode.INVALID)
    page = (
        LegalPage.objects.select_for_update().filter(organization=organization, kind=kind).first()
    )
    before = page.text if page else ""
    if not text.strip():
        if page is not None:
            page.delete()
        page = None
    else:
        page = page or LegalPage(organization=organization, kind=kind)
        page.text = text
        page.full_clean()
        page.save()
    after = page.text if page else ""
    if before != after:
        events.legal_page_saved(
            organization=organization,
            actor=actor,
            target=organization,
            changes={"page": kind, "customised": [bool(before), bool(after)]},
        )
    return page
