"""Services: each method's happy path, refusals with stable codes, uniqueness of a person."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from participation.errors import ServiceError
from participation.models import ActionLog
from participation.verifications import services
from participation.verifications.errors import VerificationError as E
from participation.verifications.models import CensusEntry, Grant, GrantStatus, PostalLetter
from participation.verifications.selectors import is_verified, verified_methods
from tests.factories import make_user

from .conftest import CENSUS_CSV, png_upload

CLAIMS = {"family_name": "Martin", "given_name": "Éloïse", "birthdate": "1980-05-17"}


def code_of(error):
    return error.value.error_code


# --- organisation settings ---


def test_only_admins_enable_methods(organization, participant):
    with pytest.raises(ServiceError) as error:
        services.set_enabled_methods(
            actor=participant, organization=organization, methods=["census"]
        )
    assert code_of(error) == E.PERMISSION_DENIED


def test_admin_of_another_organisation_cannot_enable(organization, admin_b):
    with pytest.raises(ServiceError) as error:
        services.set_enabled_methods(actor=admin_b, organization=organization, methods=["census"])
    assert code_of(error) == E.PERMISSION_DENIED


def test_disabled_method_refuses_and_no_longer_counts(organization, admin_a, census_a):
    user = make_user(organization)
    services.verify_by_census(
        user=user, values={"document_number": "AB123456", "birth_date": "17/05/1980"}
    )
    assert verified_methods(user) == {"census"}
    services.set_enabled_methods(actor=admin_a, organization=organization, methods=["id_document"])
    assert not is_verified(user, "census")
    with pytest.raises(ServiceError) as error:
        services.verify_by_census(user=make_user(organization), values={})
    assert code_of(error) == E.METHOD_DISABLED


# --- FranceConnect ---


def test_franceconnect_grants_and_refuses_second_account(organization, admin_a):
    first, second = make_user(organization), make_user(organization)
    grant = services.grant_identity_verification(user=first, claims=CLAIMS)
    assert grant.status == GrantStatus.GRANTED and is_verified(first, "franceconnect")
    # Signing in again is harmless.
    assert services.grant_identity_verification(user=first, claims=CLAIMS).pk == grant.pk
    same_person = {"family_name": "MARTIN", "given_name": "eloise", "birthdate": "1980-05-17"}
    with pytest.raises(ServiceError) as error:
        services.grant_identity_verification(user=second, claims=same_person)
    assert code_of(error) == E.IDENTITY_TAKEN
    assert not is_verified(second, "franceconnect")
    assert "Martin" not in str(grant.metadata)


# --- Census ---


def test_census_is_stored_only_as_hashes(organization, census_a):
    assert census_a.row_count == 2
    digests = list(CensusEntry.objects.values_list("digest", flat=True))
    assert len(digests) == 2 and all(len(d) == 64 for d in digests)
    assert not any("AB123456" in d or "1980" in d for d in digests)


def test_census_match_grants_no_match_refuses(organization, census_a):
    user = make_user(organization)
    with pytest.raises(ServiceError) as error:
        services.verify_by_census(
            user=user, values={"document_number": "AB123456", "birth_date": "1980-05-18"}
        )
    assert code_of(error) == E.NO_MATCH
    assert not Grant.objects.filter(user=user).exists()
    grant = services.verify_by_census(
        user=user, values={"document_number": "ab-123 456", "birth_date": "1980-05-17"}
    )
    assert grant.status == GrantStatus.GRANTED and is_verified(user, "census")
    with pytest.raises(ServiceError) as error:
        services.verify_by_census(
            user=user, values={"document_number": "CD789", "birth_date": "1990-03-02"}
        )
    assert code_of(error) == E.ALREADY_VERIFIED


def test_census_same_data_second_account_refused(organization, census_a):
    values = {"document_number": "CD789", "birth_date": "1990-03-02"}
    services.verify_by_census(user=make_user(organization), values=values)
    second = make_user(organization)
    with pytest.raises(ServiceError) as error:
        services.verify_by_census(user=second, values=values)
    assert code_of(error) == E.IDENTITY_TAKEN
    assert not is_verified(second, "census")


def test_invalid_census_file_reports_lines_and_changes_nothing(organization, admin_a, census_a):
    bad = b"document_number,birth_date\nXY1,1970-01-01\n,1980-01-01\nZZ9,31/02/1990\n"
    with pytest.raises(ServiceError) as error, translation.override("en"):
        services.upload_census(
            actor=admin_a, organization=organization, data=bad, fields="document_number,birth_date"
        )
    assert code_of(error) == E.INVALID_FILE
    lines = error.value.lines
    assert len(lines) == 2 and lines[0].startswith("Line 3") and lines[1].startswith("Line 4")
    assert CensusEntry.objects.filter(census=census_a).count() == 2  # untouched


def test_census_missing_column_is_refused(organization, admin_a):
    with pytest.raises(ServiceError) as error:
        services.upload_census(
            actor=admin_a,
            organization=organization,
            data=b"email,zip\na@b.fr,75001\n",
            fields="email,postal_code",
        )
    assert "postal_code" in error.value.lines[0]


def test_census_reupload_replaces_and_keeps_fingerprints(organization, admin_a, census_a):
    values = {"document_number": "AB123456", "birth_date": "1980-05-17"}
    first = services.verify_by_census(user=make_user(organization), values=values)
    census = services.upload_census(
        actor=admin_a,
        organization=organization,
        data=CENSUS_CSV.replace(b"CD-789", b"EF-1"),
        fields="document_number,birth_date",
    )
    assert census.row_count == 2
    with pytest.raises(ServiceError) as error:
        services.verify_by_census(user=make_user(organization), values=values)
    assert code_of(error) == E.IDENTITY_TAKEN
    assert first.fingerprint in set(census.entries.values_list("digest", flat=True))


def test_census_email_postcode(organization, admin_a):
    data = b"email,postal_code\nAnne@Example.org,75 001\n"
    services.upload_census(
        actor=admin_a, organization=organization, data=data, fields="email,postal_code"
    )
    user = make_user(organization)
    services.verify_by_census(
        user=user, values={"email": "anne@example.org", "postal_code": "75001"}
    )
    assert is_verified(user, "census")


def test_participant_cannot_upload_census(organization, admin_a, participant):
    with pytest.raises(ServiceError) as error:
        services.upload_census(
            actor=participant,
            organization=organization,
            data=CENSUS_CSV,
            fields="email,postal_code",
        )
    assert code_of(error) == E.PERMISSION_DENIED


# --- Identity document ---


def test_document_accept_erases_scan_and_grants(
    organization, admin_a, django_capture_on_commit_callbacks
):
    user = make_user(organization)
    grant = services.request_document_verification(
        user=user, document_type="id_card", number="12AB34567", scan=png_upload()
    )
    storage, name = grant.scan.storage, grant.scan.name
    assert storage.exists(name) and grant.status == GrantStatus.PENDING
    with pytest.raises(ServiceError) as error:
        services.request_document_verification(
            user=user, document_type="id_card", number="X", scan=png_upload()
        )
    assert code_of(error) == E.PENDING
    with pytest.raises(ServiceError):
        services.accept_document(
            actor=make_user(organization), organization=organization, grant_id=grant.pk
        )
    with pytest.raises(Grant.DoesNotExist):
        services.accept_document(actor=admin_a, organization=organization, grant_id=grant.pk + 999)
    with django_capture_on_commit_callbacks(execute=True):
        grant = services.accept_document(
            actor=admin_a, organization=organization, grant_id=grant.pk
        )
    assert grant.status == GrantStatus.GRANTED and not grant.scan and grant.review_data == {}
    assert not storage.exists(name)
    assert is_verified(user, "id_document")


def test_document_reject_with_reason_then_retry(organization, admin_a):
    user = make_user(organization)
    grant = services.request_document_verification(
        user=user, document_type="passport", number="P123", scan=png_upload()
    )
    with pytest.raises(ServiceError):
        services.reject_document(
            actor=admin_a, organization=organization, grant_id=grant.pk, reason=" "
        )
    grant = services.reject_document(
        actor=admin_a, organization=organization, grant_id=grant.pk, reason="Illisible"
    )
    assert grant.status == GrantStatus.REJECTED and grant.reason == "Illisible" and not grant.scan
    with pytest.raises(ServiceError) as error:
        services.accept_document(actor=admin_a, organization=organization, grant_id=grant.pk)
    assert code_of(error) == E.WRONG_STATE
    again = services.request_document_verification(
        user=user, document_type="passport", number="P123", scan=png_upload()
    )
    assert again.status == GrantStatus.PENDING


def test_same_document_second_account_refused(organization, admin_a):
    first = services.request_document_verification(
        user=make_user(organization), document_type="id_card", number="12 AB 34", scan=png_upload()
    )
    services.accept_document(actor=admin_a, organization=organization, grant_id=first.pk)
    with pytest.raises(ServiceError) as error:
        services.request_document_verification(
            user=make_user(organization),
            document_type="id_card",
            number="12ab34",
            scan=png_upload(),
        )
    assert code_of(error) == E.IDENTITY_TAKEN


def test_two_pending_same_document_only_one_accepted(organization, admin_a):
    grants = [
        services.request_document_verification(
            user=make_user(organization), document_type="id_card", number="999", scan=png_upload()
        )
        for _ in range(2)
    ]
    services.accept_document(actor=admin_a, organization=organization, grant_id=grants[0].pk)
    with pytest.raises(ServiceError) as error:
        services.accept_document(actor=admin_a, organization=organization, grant_id=grants[1].pk)
    assert code_of(error) == E.IDENTITY_TAKEN


# --- Postal letter ---


def test_postal_letter_flow(organization, admin_a):
    user = make_user(organization)
    grant = services.request_postal_letter(
        user=user, full_name="Anne Martin", address="3 rue Haute\n75001 Paris"
    )
    with pytest.raises(ServiceError) as error:
        services.confirm_postal_code(user=user, code="AAAAAAAA")
    assert code_of(error) == E.NOT_SENT
    rows = services.export_letters(actor=admin_a, organization=organization)
    assert [r["name"] for r in rows] == ["Anne Martin"]
    code = rows[0]["code"]
    assert len(code) == 8 and not set(code) & set("01OIL")
    letter = PostalLetter.objects.get(grant=grant)
    assert code not in letter.code_hash
    assert (
        services.mark_letters_sent(actor=admin_a, organization=organization, letter_ids=[letter.pk])
        == 1
    )
    letter.refresh_from_db()
    assert letter.code_to_print == "" and letter.sent_at
    assert services.export_letters(actor=admin_a, organization=organization) == []
    with pytest.raises(ServiceError) as error:
        services.confirm_postal_code(user=user, code="ZZZZZZZZ")
    assert code_of(error) == E.WRONG_CODE
    letter.refresh_from_db()
    assert letter.attempts == 1
    grant = services.confirm_postal_code(user=user, code=code.lower())
    assert grant.status == GrantStatus.GRANTED and is_verified(user, "postal_letter")
    assert not PostalLetter.objects.filter(pk=letter.pk).exists()  # address erased


def test_postal_code_attempts_are_limited_and_codes_expire(organization, admin_a, now):
    user = make_user(organization)
    grant = services.request_postal_letter(user=user, full_name="B", address="1 place")
    code = services.export_letters(actor=admin_a, organization=organization)[0]["code"]
    services.mark_letters_sent(
        actor=admin_a, organization=organization, letter_ids=[grant.letter.pk]
    )
    for _ in range(services.MAX_CODE_ATTEMPTS):
        with pytest.raises(ServiceError):
            services.confirm_postal_code(user=user, code="WRONGWRONG")
    with pytest.raises(ServiceError) as error:
        services.confirm_postal_code(user=user, code=code)
    assert code_of(error) == E.TOO_MANY_ATTEMPTS
    PostalLetter.objects.filter(pk=grant.letter.pk).update(attempts=0, expires_at=now)
    with pytest.raises(ServiceError) as error:
        services.confirm_postal_code(user=user, code=code)
    assert code_of(error) == E.EXPIRED
    services.cancel_request(user=user, method="postal_letter")
    assert (
        services.request_postal_letter(user=user, full_name="B", address="2 place").status
        == "pending"
    )


# --- Revocation, uniqueness in the database ---


def test_revoke_grant(organization, admin_a, census_a):
    user = make_user(organization)
    grant = services.verify_by_census(
        user=user, values={"document_number": "CD789", "birth_date": "1990-03-02"}
    )
    with pytest.raises(ServiceError):
        services.revoke_grant(
            actor=admin_a, organization=organization, grant_id=grant.pk, reason=""
        )
    services.revoke_grant(
        actor=admin_a, organization=organization, grant_id=grant.pk, reason="Fraude"
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REVOKED and grant.revoked_at and grant.reason == "Fraude"
    assert not is_verified(user, "census")
    assert ActionLog.objects.filter(action="verifications.revoke", target_id=str(grant.pk)).exists()


def test_database_refuses_two_grants_for_one_fingerprint(organization, admin_a):
    a, b = make_user(organization), make_user(organization)
    Grant.objects.create(
        organization=organization, user=a, method="census", fingerprint="f", status="granted"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.create(
            organization=organization, user=b, method="census", fingerprint="f", status="granted"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.create(
            organization=organization, user=a, method="census", fingerprint="g", status="pending"
        )
    # History rows do not count.
    Grant.objects.create(
        organization=organization, user=b, method="census", fingerprint="f", status="revoked"
    )


def test_lost_race_becomes_a_clear_refusal(organization, census_a, monkeypatch):
    """A concurrent request commits the same fingerprint between our check and our insert."""
    values = {"document_number": "CD789", "birth_date": "1990-03-02"}
    winner, loser = make_user(organization), make_user(organization)
    services.verify_by_census(user=winner, values=values)
    monkeypatch.setattr(services, "_check_fingerprint_free", lambda *args: None)
    with pytest.raises(ServiceError) as error:
        services.verify_by_census(user=loser, values=values)
    assert code_of(error) == E.IDENTITY_TAKEN
    assert not Grant.objects.filter(user=loser).exists()


def test_selectors_cost_one_query(organization, census_a, django_assert_num_queries):
    user = make_user(organization)
    services.verify_by_census(
        user=user, values={"document_number": "CD789", "birth_date": "1990-03-02"}
    )
    with django_assert_num_queries(1):
        assert verified_methods(user) == {"census"}
    with django_assert_num_queries(1):
        assert is_verified(user, "census") and True
    with django_assert_num_queries(0):
        from django.contrib.auth.models import AnonymousUser

        assert verified_methods(AnonymousUser()) == set()


def test_same_census_in_two_organisations_gives_different_hashes(
    organization, other_organization, census_a, admin_b
):
    census_b = services.upload_census(
        actor=admin_b,
        organization=other_organization,
        data=CENSUS_CSV,
        fields="document_number,birth_date",
    )
    digests_a = set(census_a.entries.values_list("digest", flat=True))
    digests_b = set(census_b.entries.values_list("digest", flat=True))
    assert len(digests_b) == 2 and digests_a.isdisjoint(digests_b)
    # The same person may be verified once in each organisation.
    values = {"document_number": "CD789", "birth_date": "1990-03-02"}
    services.verify_by_census(user=make_user(organization), values=values)
    services.verify_by_census(user=make_user(other_organization), values=values)


def test_franceconnect_receiver_only_for_certified_providers(organization, admin_a):
    from participation.verifications.receivers import on_identity_confirmed

    user = make_user(organization)
    on_identity_confirmed(
        None, user=user, provider_kind="google", claims=CLAIMS, organization=organization
    )
    assert not is_verified(user, "franceconnect")
    on_identity_confirmed(
        None, user=user, provider_kind="franceconnect", claims=CLAIMS, organization=organization
    )
    assert is_verified(user, "franceconnect")


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"family_name": "A", "given_name": "B"},
        {"family_name": " ", "given_name": "B", "birthdate": "1980-01-01"},
        {"family_name": "A", "given_name": "B", "birthdate": "not a date"},
    ],
)
def test_franceconnect_without_identity_claims_grants_nothing(organization, admin_a, claims):
    user = make_user(organization)
    with pytest.raises(ServiceError) as error:
        services.grant_identity_verification(user=user, claims=claims)
    assert code_of(error) == E.INVALID
    assert not Grant.objects.filter(user=user).exists()


def test_every_change_is_in_the_action_log(organization, admin_a, census_a):
    user = make_user(organization)
    services.verify_by_census(
        user=user, values={"document_number": "CD789", "birth_date": "1990-03-02"}
    )
    actions = set(
        ActionLog.objects.filter(organization=organization).values_list("action", flat=True)
    )
    assert {
        "verifications.methods",
        "verifications.census_upload",
        "verifications.grant",
    } <= actions


def test_the_oidc_signal_grants_franceconnect_verification(organization, admin_a):
    from participation.oidc.signals import identity_confirmed

    user = make_user(organization)
    identity_confirmed.send(
        sender=None,
        user=user,
        provider_kind="franceconnect",
        claims=CLAIMS,
        organization=organization,
    )
    assert is_verified(user, "franceconnect")


def test_a_refused_verification_never_breaks_sign_in(organization, admin_a):
    from participation.oidc.signals import identity_confirmed

    first, second = make_user(organization), make_user(organization)
    identity_confirmed.send(
        sender=None,
        user=first,
        provider_kind="franceconnect",
        claims=CLAIMS,
        organization=organization,
    )
    # Same person on a second account: no exception reaches the sign-in view.
    identity_confirmed.send(
        sender=None,
        user=second,
        provider_kind="franceconnect",
        claims=CLAIMS,
        organization=organization,
    )
    assert is_verified(first, "franceconnect") and not is_verified(second, "franceconnect")


def test_signal_does_nothing_where_franceconnect_verification_is_off(other_organization):
    from participation.oidc.signals import identity_confirmed

    user = make_user(other_organization)
    identity_confirmed.send(
        sender=None,
        user=user,
        provider_kind="franceconnect",
        claims=CLAIMS,
        organization=other_organization,
    )
    assert not is_verified(user, "franceconnect")
