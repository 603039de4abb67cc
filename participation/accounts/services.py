"""State changes of accounts: consents, terms, profile, two-factor policy.

Each one checks who may do it, writes in one transaction and leaves an entry
in the organisation's action log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.accounts import selectors
from participation.accounts.models import (
    NewsletterConsent,
    OrganizationSecurity,
    OrganizationTerms,
    TermsAcceptance,
)
from participation.action_log import log_action
from participation.errors import ErrorCode, ServiceError
from participation.models import User

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from participation.models import Organization


def _check_self(actor: User, user: User) -> None:
    if actor is None or actor.pk != user.pk:
        raise ServiceError(_("You can only change your own account."), ErrorCode.PERMISSION_DENIED)


@transaction.atomic
def accept_terms(*, actor: User, user: User) -> TermsAcceptance:
    _check_self(actor, user)
    version = selectors.current_terms_version(user.organization)
    acceptance, created = TermsAcceptance.objects.get_or_create(user=user, version=version)
    if created:
        log_action(
            organization=user.organization,
            actor=actor,
            action="accounts.terms_accepted",
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
        log_action(
            organization=user.organization,
            actor=actor,
            action="accounts.newsletter_consent",
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
    log_action(organization=user.organization, actor=user, action="accounts.signed_up", target=user)
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
) -> User:
    _check_self(actor, user)
    if selectors.nickname_taken(user.organization, nickname, exclude_user=user):
        raise ServiceError(
            _("This nickname is already used here."), ErrorCode.NAME_TAKEN, field="nickname"
        )
    before = {"name": user.name, "nickname": user.nickname}
    user.name, user.nickname = name, nickname
    fields = ["name", "nickname"]
    if avatar is not None:
        user.avatar = avatar
        fields.append("avatar")
    elif remove_avatar and user.avatar:
        user.avatar.delete(save=False)
        user.avatar = ""
        fields.append("avatar")
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=fields)
    after = {"name": user.name, "nickname": user.nickname}
    changes: dict[str, object] = {
        key: [before[key], after[key]] for key in before if before[key] != after[key]
    }
    if "avatar" in fields:
        changes["avatar"] = "changed"
    log_action(
        organization=user.organization,
        actor=actor,
        action="accounts.profile_updated",
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
        log_action(
            organization=organization,
            actor=actor,
            action="accounts.admin_mfa_requirement",
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
    log_action(
        organization=organization,
        actor=actor,
        action="accounts.terms_published",
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
