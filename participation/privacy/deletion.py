"""Deleting an account: personal data erased, contributions kept under a neutral name.

The row stays (contributions, votes and log entries keep their author), but
everything that identifies the person goes, in one transaction: the User
fields, then every registered eraser. If anything fails, nothing is erased.
"""

import uuid

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.models import User
from participation.outbox.services import delete_file_later
from participation.privacy import events, registry
from participation.privacy.display import DELETED_EMAIL_DOMAIN, is_deleted, people_changed
from participation.privacy.errors import PrivacyError
from participation.privacy.exports import delete_export_file
from participation.privacy.models import DeletedAccount


def confirmation_phrase() -> str:
    # Typed by people who have no password (FranceConnect, single sign-on).
    return _("DELETE MY ACCOUNT")


def check_confirmation(user, *, password: str | None, confirmation: str | None) -> None:
    if user.has_usable_password():
        if not password or not user.check_password(password):
            raise ServiceError(
                _("This password is not right: your account was not deleted."),
                PrivacyError.WRONG_PASSWORD,
                field="password",
            )
    elif (confirmation or "").strip().casefold() != confirmation_phrase().casefold():
        raise ServiceError(
            _("Type the sentence exactly as shown: your account was not deleted."),
            PrivacyError.WRONG_CONFIRMATION,
            field="confirmation",
        )


def _check_not_last_admin(user) -> None:
    if not user.is_org_admin:
        return
    others = User.objects.filter(
        organization_id=user.organization_id, is_org_admin=True, is_active=True
    ).exclude(pk=user.pk)
    if not others.exists():
        raise ServiceError(
            _(
                "You are the last administrator of this organisation: appoint another "
                "administrator before deleting your account."
            ),
            PrivacyError.LAST_ADMIN,
        )


def _erase_row(user: User) -> None:
    user.email = f"deleted-{uuid.uuid4().hex}@{DELETED_EMAIL_DOMAIN}"
    user.name = user.first_name = user.last_name = user.nickname = ""
    user.locale = user.about = user.personal_url = ""
    user.avatar = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_org_admin = False
    user.is_staff = user.is_superuser = False
    user.save()
    people_changed(user.organization_id)  # pages show "Deleted participant" from now on


def _send_confirmation(address: str, language: str, organization_name: str) -> None:
    from participation.outbox.services import send_email

    with translation.override(language):
        subject = _("Your account on %(name)s was deleted") % {"name": organization_name}
        body = _(
            "Hello,\n\nAs you asked, your account on %(name)s was deleted. Your personal data "
            "was erased; your contributions remain, shown as by a deleted participant.\n\n"
            "This is the last message you receive from us at this address."
        ) % {"name": organization_name}
    send_email(subject=subject, body=body, recipients=[address])


def delete_account(
    *, user, password: str | None = None, confirmation: str | None = None, reason: str = ""
) -> DeletedAccount:
    if not user.is_authenticated or user.organization_id is None or is_deleted(user):
        raise ServiceError(_("This account cannot be deleted."), PrivacyError.PERMISSION_DENIED)
    check_confirmation(user, password=password, confirmation=confirmation)
    with transaction.atomic():
        user = (
            User.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=user.pk)
        )
        _check_not_last_admin(user)
        organization = user.organization
        # Captured before erasure: the confirmation goes to the old address.
        address = user.email
        language = user.locale or organization.default_locale
        avatar = user.avatar
        for entry in registry.entries():
            if entry.eraser is not None:
                entry.eraser(user)
        for export in user.data_exports.all():
            delete_export_file(export)
        user.data_exports.all().delete()
        _erase_row(user)
        record = DeletedAccount.objects.create(
            organization=organization, user_id=user.pk, reason=reason.strip()[:2000]
        )
        events.account_deleted(organization=organization, actor=user, target=record)
        delete_file_later(field_file=avatar)  # after the commit, through the outbox
        # Through the outbox, in this transaction: sent if and only if the deletion commits.
        _send_confirmation(address, language, organization.name)
    return record
