"""Every change to verifications: permission check, one transaction, action log, events.

Uniqueness of a person is enforced by database constraints (see models.Grant);
services check first to give a clear message, and turn the constraint's
IntegrityError (a concurrent request won the race) into the same message.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.models import User
from participation.verifications import census as census_csv
from participation.verifications import events, hashing, registry
from participation.verifications.errors import VerificationError as E
from participation.verifications.models import (
    Census,
    CensusEntry,
    CensusFields,
    EnabledMethod,
    Grant,
    GrantStatus,
    PostalLetter,
)
from participation.verifications.signals import (
    verification_granted,
    verification_rejected,
    verification_revoked,
)
from participation.verifications.storage import validate_scan

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import QuerySet
    from django.dispatch import Signal

    from participation.models import Organization

MAX_CODE_ATTEMPTS = 5
CODE_VALIDITY = timedelta(days=60)
# No 0/O, 1/I/L: codes are read from paper and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


# --- checks -------------------------------------------------------------------


def _check_admin(actor: User, organization: Organization) -> None:
    if actor is None or not actor.is_admin_of(organization):
        raise ServiceError(
            _("Only administrators of this organisation can do this."), E.PERMISSION_DENIED
        )


class CensusFileRefused(ServiceError):
    """A census file refused, with what is wrong on each line (``lines``)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(_("The file was refused; nothing was changed."), E.INVALID_FILE)
        self.lines = lines


def _check_enabled(organization: Organization | None, method: str) -> Organization:
    """The organisation (None: an account of none, which no method is offered to)."""
    if (
        organization is None
        or not EnabledMethod.objects.filter(organization=organization, method=method).exists()
    ):
        raise ServiceError(_("This verification method is not offered here."), E.METHOD_DISABLED)
    return organization


def _lock_user(user: User) -> User:
    """Serialise a person's own requests (double clicks, two tabs)."""
    return User.objects.select_for_update().get(pk=user.pk)


def _check_no_active_grant(user: User, method: str) -> None:
    grant = Grant.objects.filter(
        user=user, method=method, status__in=[GrantStatus.PENDING, GrantStatus.GRANTED]
    ).first()
    if grant is not None and grant.status == GrantStatus.GRANTED:
        raise ServiceError(_("Your account is already verified this way."), E.ALREADY_VERIFIED)
    if grant is not None:
        raise ServiceError(_("Your request is already waiting to be completed."), E.PENDING)


def _identity_taken_error() -> ServiceError:
    return ServiceError(
        _(
            "These details were already used to verify another account. "
            "One person can be verified with one account only; contact the organisation if this is a mistake."
        ),
        E.IDENTITY_TAKEN,
    )


def _check_fingerprint_free(
    organization: Organization | int, method: str, fingerprint: str, user: User | int
) -> None:
    taken = (
        Grant.objects.filter(
            organization=organization,
            method=method,
            fingerprint=fingerprint,
            status=GrantStatus.GRANTED,
        )
        .exclude(user=user)
        .exists()
    )
    if taken:
        raise _identity_taken_error()


def _save_guarded(grant: Grant, **save_kwargs: Any) -> None:
    """Save inside a savepoint; a lost race on a unique constraint becomes a clear refusal."""
    try:
        with transaction.atomic():
            grant.save(**save_kwargs)
    except IntegrityError:
        if grant.scan:
            # The file was written before the row was refused: do not leave it behind.
            grant.scan.delete(save=False)
        raise _identity_taken_error() from None


def _after_commit(signal: Signal, grant: Grant) -> None:
    # Sent inside the transaction: receivers record their follow-ups through the outbox
    # (participation.outbox), so they happen if and only if the verification commits.
    signal.send(sender=Grant, grant=grant)


def _grant_now(grant: Grant) -> None:
    grant.status = GrantStatus.GRANTED
    grant.granted_at = grant.decided_at = timezone.now()


# --- organisation settings -------------------------------------------------------


@transaction.atomic
def set_enabled_methods(
    *, actor: User, organization: Organization, methods: list[str]
) -> list[str]:
    _check_admin(actor, organization)
    unknown = sorted(set(methods) - {m.name for m in registry.all_methods()})
    if unknown:
        raise ServiceError(_("Unknown verification method."), E.INVALID)
    rows = EnabledMethod.objects.select_for_update().filter(organization=organization)
    before = sorted(rows.values_list("method", flat=True))
    rows.exclude(method__in=methods).delete()
    for method in sorted(set(methods) - set(before)):
        EnabledMethod.objects.create(organization=organization, method=method)
    after = sorted(set(methods))
    if before != after:
        events.methods_changed(
            organization=organization,
            actor=actor,
            target=organization,
            changes={"methods": [before, after]},
        )
    return after


# --- FranceConnect (external) ---------------------------------------------------------


@transaction.atomic
def grant_identity_verification(
    *, user: User, claims: dict, method: str = "franceconnect"
) -> Grant:
    """Grant after an identity provider certified the person (OIDC signal receiver)."""
    organization = user.organization
    organization = _check_enabled(organization, method)
    try:
        parts = [
            hashing.plain_text(claims["family_name"]),
            hashing.plain_text(claims["given_name"]),
            hashing.birth_date(claims["birthdate"]),
        ]
    except (KeyError, ValueError):
        # Without all three claims the person cannot be told apart: grant nothing.
        raise ServiceError(
            _("The identity provider did not confirm your identity."), E.INVALID
        ) from None
    if not parts[0] or not parts[1]:
        raise ServiceError(_("The identity provider did not confirm your identity."), E.INVALID)
    user = _lock_user(user)
    existing = Grant.objects.filter(user=user, method=method, status=GrantStatus.GRANTED).first()
    fingerprint = hashing.fingerprint(organization_id=organization.pk, method=method, parts=parts)
    if existing is not None and existing.fingerprint == fingerprint:
        return existing  # signed in again: nothing new
    if existing is not None:
        raise ServiceError(_("Your account is already verified this way."), E.ALREADY_VERIFIED)
    _check_fingerprint_free(organization, method, fingerprint, user)
    grant = Grant(organization=organization, user=user, method=method, fingerprint=fingerprint)
    _grant_now(grant)
    _save_guarded(grant)
    events.granted(organization=organization, actor=user, target=grant)
    _after_commit(verification_granted, grant)
    return grant


# --- Census ------------------------------------------------------------------------


def census_digest(*, census: Census, values: list[str]) -> str:
    return hashing.keyed_hash(
        organization_id=census.organization_id, parts=values, salt=census.salt
    )


@transaction.atomic
def upload_census(*, actor: User, organization: Organization, data: bytes, fields: str) -> Census:
    """Replace the census with the file's rows, all or nothing."""
    _check_admin(actor, organization)
    if fields not in CensusFields.values:
        raise ServiceError(_("Unknown set of identifying fields."), E.INVALID)
    census, _created = Census.objects.select_for_update().get_or_create(organization=organization)
    result = census_csv.parse(data, fields.split(","))
    if result.errors:
        raise CensusFileRefused(result.errors)
    census.fields = fields
    digests = {census_digest(census=census, values=row) for row in result.rows}
    census.entries.all().delete()
    CensusEntry.objects.bulk_create(
        [CensusEntry(census=census, digest=d) for d in digests], batch_size=1000
    )
    census.row_count = len(digests)
    census.uploaded_at = timezone.now()
    census.uploaded_by = actor
    census.save()
    events.census_uploaded(
        organization=organization,
        actor=actor,
        target=census,
        changes={"rows": len(digests), "fields": fields},
    )
    return census


@transaction.atomic
def verify_by_census(*, user: User, values: dict[str, str]) -> Grant:
    organization = user.organization
    organization = _check_enabled(organization, registry.CENSUS.name)
    census = Census.objects.filter(organization=organization, uploaded_at__isnull=False).first()
    if census is None:
        raise ServiceError(_("The resident register is not available yet."), E.NO_CENSUS)
    try:
        normalised = [
            census_csv.normalise(name, values.get(name, "")) for name in census.field_names
        ]
    except ValueError as error:
        raise ServiceError(str(error), E.INVALID) from None
    user = _lock_user(user)
    _check_no_active_grant(user, registry.CENSUS.name)
    digest = census_digest(census=census, values=normalised)
    if not census.entries.filter(digest=digest).exists():
        raise ServiceError(
            _("These details do not match the resident register. Check them and try again."),
            E.NO_MATCH,
        )
    _check_fingerprint_free(organization, registry.CENSUS.name, digest, user)
    grant = Grant(
        organization=organization, user=user, method=registry.CENSUS.name, fingerprint=digest
    )
    _grant_now(grant)
    _save_guarded(grant)
    events.granted(organization=organization, actor=user, target=grant)
    _after_commit(verification_granted, grant)
    return grant


# --- Identity document ---------------------------------------------------------------


def document_fingerprint(*, organization: Organization, document_type: str, number: str) -> str:
    return hashing.fingerprint(
        organization_id=organization.pk,
        method=registry.ID_DOCUMENT.name,
        parts=[document_type, hashing.compact(number)],
    )


@transaction.atomic
def request_document_verification(
    *, user: User, document_type: str, number: str, scan: UploadedFile
) -> Grant:
    organization = user.organization
    method = registry.ID_DOCUMENT.name
    organization = _check_enabled(organization, method)
    if not hashing.compact(number):
        raise ServiceError(_("Enter the document number."), E.INVALID)
    user = _lock_user(user)
    _check_no_active_grant(user, method)
    fingerprint = document_fingerprint(
        organization=organization, document_type=document_type, number=number
    )
    _check_fingerprint_free(organization, method, fingerprint, user)
    try:
        validate_scan(scan)  # nothing is written for a refused file
    except ValidationError as error:
        raise ServiceError(error.messages[0], E.INVALID_FILE) from None
    grant = Grant(
        organization=organization,
        user=user,
        method=method,
        fingerprint=fingerprint,
        metadata={"document_type": document_type},
        # The number is shown to the reviewer beside the scan, then erased.
        review_data={"number": number.strip()[:40]},
        scan=scan,
    )
    _save_guarded(grant)
    events.requested(organization=organization, actor=user, target=grant)
    return grant


def _locked_pending(organization: Organization, grant_id: int, method: str) -> Grant:
    grant = Grant.objects.select_for_update().filter(organization=organization, pk=grant_id).first()
    if grant is None or grant.method != method:
        raise Grant.DoesNotExist
    if grant.status != GrantStatus.PENDING:
        raise ServiceError(_("This request was already decided."), E.WRONG_STATE)
    return grant


def _erase_scan(grant: Grant) -> None:
    from participation.outbox.services import delete_file_later

    delete_file_later(field_file=grant.scan)  # after the commit, through the outbox (an ID scan)
    grant.scan = ""
    grant.review_data = {}


@transaction.atomic
def accept_document(*, actor: User, organization: Organization, grant_id: int) -> Grant:
    _check_admin(actor, organization)
    grant = _locked_pending(organization, grant_id, registry.ID_DOCUMENT.name)
    _check_fingerprint_free(organization, grant.method, grant.fingerprint, grant.user_id)
    _grant_now(grant)
    grant.decided_by = actor
    _erase_scan(grant)
    _save_guarded(grant)
    events.accepted(organization=organization, actor=actor, target=grant)
    _after_commit(verification_granted, grant)
    return grant


@transaction.atomic
def reject_document(
    *, actor: User, organization: Organization, grant_id: int, reason: str
) -> Grant:
    _check_admin(actor, organization)
    if not reason.strip():
        raise ServiceError(_("Give the reason, it is shown to the person."), E.INVALID)
    grant = _locked_pending(organization, grant_id, registry.ID_DOCUMENT.name)
    grant.status = GrantStatus.REJECTED
    grant.reason = reason.strip()
    grant.decided_at = timezone.now()
    grant.decided_by = actor
    _erase_scan(grant)
    grant.save()
    events.rejected(
        organization=organization,
        actor=actor,
        target=grant,
        changes={"reason": grant.reason},
    )
    _after_commit(verification_rejected, grant)
    return grant


# --- Postal letter -------------------------------------------------------------------


def _code_hash(organization_id: int, code: str) -> str:
    return hashing.keyed_hash(
        organization_id=organization_id, parts=["letter-code", hashing.compact(code)]
    )


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def request_postal_letter(*, user: User, full_name: str, address: str) -> Grant:
    organization = user.organization
    method = registry.POSTAL_LETTER.name
    organization = _check_enabled(organization, method)
    if not full_name.strip() or not address.strip():
        raise ServiceError(_("Enter your name and postal address."), E.INVALID)
    user = _lock_user(user)
    _check_no_active_grant(user, method)
    fingerprint = hashing.fingerprint(
        organization_id=organization.pk,
        method=method,
        parts=[hashing.plain_text(full_name), hashing.plain_text(address)],
    )
    _check_fingerprint_free(organization, method, fingerprint, user)
    grant = Grant(organization=organization, user=user, method=method, fingerprint=fingerprint)
    _save_guarded(grant)
    code = new_code()
    PostalLetter.objects.create(
        grant=grant,
        organization=organization,
        full_name=full_name.strip(),
        address=address.strip(),
        code_hash=_code_hash(organization.pk, code),
        code_to_print=code,
    )
    events.requested(organization=organization, actor=user, target=grant)
    return grant


def _check_admin_letters(actor: User, organization: Organization) -> QuerySet[PostalLetter]:
    _check_admin(actor, organization)
    return PostalLetter.objects.filter(
        organization=organization,
        grant__status=GrantStatus.PENDING,
        sent_at__isnull=True,
    ).select_related("grant")


@transaction.atomic
def export_letters(*, actor: User, organization: Organization) -> list[dict]:
    """Rows to print; logged, since they carry addresses and codes."""
    letters = list(_check_admin_letters(actor, organization).order_by("pk"))
    events.letters_exported(
        organization=organization,
        actor=actor,
        target=organization,
        changes={"letters": [letter.pk for letter in letters]},
    )
    return [
        {
            "id": letter.pk,
            "name": letter.full_name,
            "address": letter.address,
            "code": letter.code_to_print,
        }
        for letter in letters
    ]


@transaction.atomic
def mark_letters_sent(*, actor: User, organization: Organization, letter_ids: list[int]) -> int:
    letters = list(
        _check_admin_letters(actor, organization).select_for_update().filter(pk__in=letter_ids)
    )
    now = timezone.now()
    for letter in letters:
        letter.sent_at = now
        letter.expires_at = now + CODE_VALIDITY
        letter.code_to_print = ""  # printed: only the hash remains
        letter.save(update_fields=["sent_at", "expires_at", "code_to_print"])
        events.letter_sent(
            organization=organization,
            actor=actor,
            target=letter.grant,
        )
    return len(letters)


def confirm_postal_code(*, user: User, code: str) -> Grant:
    """Check a typed code. A wrong code counts as an attempt even though the caller sees an error."""
    with transaction.atomic():
        letter = (
            PostalLetter.objects.select_for_update(of=("self",))
            .select_related("grant")
            .filter(grant__user=user, grant__status=GrantStatus.PENDING)
            .first()
        )
        if letter is None:
            raise ServiceError(_("You have no letter waiting for a code."), E.WRONG_STATE)
        if letter.sent_at is None:
            raise ServiceError(_("Your letter has not been sent yet."), E.NOT_SENT)
        if letter.expires_at and letter.expires_at < timezone.now():
            raise ServiceError(_("This code has expired. Ask for a new letter."), E.EXPIRED)
        if letter.attempts >= MAX_CODE_ATTEMPTS:
            raise ServiceError(
                _("Too many wrong codes. Ask for a new letter."), E.TOO_MANY_ATTEMPTS
            )
        if _code_hash(letter.organization_id, code) != letter.code_hash:
            letter.attempts += 1
            letter.save(update_fields=["attempts"])
            wrong = ServiceError(
                _("This code is not the one in your letter. Attempts left: %(left)s."),
                E.WRONG_CODE,
                params={"left": MAX_CODE_ATTEMPTS - letter.attempts},
            )
        else:
            wrong = None
            grant = letter.grant
            _check_fingerprint_free(grant.organization_id, grant.method, grant.fingerprint, user)
            _grant_now(grant)
            _save_guarded(grant)
            letter.delete()  # the address is no longer needed
            events.granted(
                organization=grant.organization,
                actor=user,
                target=grant,
            )
            _after_commit(verification_granted, grant)
    # Raised outside the block so the attempt counter is committed.
    if wrong is not None:
        raise wrong
    return grant


@transaction.atomic
def cancel_request(*, user: User, method: str) -> None:
    """A person withdraws their own pending request (e.g. to ask for a new letter)."""
    grant = (
        Grant.objects.select_for_update()
        .filter(user=user, method=method, status=GrantStatus.PENDING)
        .first()
    )
    if grant is None:
        raise ServiceError(_("You have no pending request."), E.WRONG_STATE)
    grant.status = GrantStatus.REJECTED
    grant.reason = _("Withdrawn by the person.")
    grant.decided_at = timezone.now()
    _erase_scan(grant)
    grant.save()
    PostalLetter.objects.filter(grant=grant).delete()
    events.withdrawn(organization=grant.organization, actor=user, target=grant)


# --- Revocation ------------------------------------------------------------------------


@transaction.atomic
def revoke_grant(*, actor: User, organization: Organization, grant_id: int, reason: str) -> Grant:
    _check_admin(actor, organization)
    if not reason.strip():
        raise ServiceError(_("Give the reason for the revocation."), E.INVALID)
    grant = Grant.objects.select_for_update().filter(organization=organization, pk=grant_id).first()
    if grant is None:
        raise Grant.DoesNotExist
    if grant.status != GrantStatus.GRANTED:
        raise ServiceError(_("Only granted verifications can be revoked."), E.WRONG_STATE)
    grant.status = GrantStatus.REVOKED
    grant.revoked_at = timezone.now()
    grant.reason = reason.strip()
    grant.decided_by = actor
    grant.save()
    events.revoked(
        organization=organization,
        actor=actor,
        target=grant,
        changes={"reason": grant.reason},
    )
    _after_commit(verification_revoked, grant)
    return grant
