"""The participants back-office: tenancy, allow-listed filters, CSV, query counts, guards."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.errors import ServiceError
from participation.models import ActionLog, User
from participation.privacy import participants as services
from participation.privacy.csv_export import safe_cell
from participation.privacy.errors import PrivacyError
from participation.verifications.models import Grant, GrantStatus
from tests.conftest import host_client
from tests.factories import make_user


@pytest.fixture
def admin_client(organization, admin):
    return host_client(organization.host, user=admin)


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_lists_only_this_organisations_people(organization, other_organization, admin_client):
    make_user(organization, name="Claire Ici", email="claire@ici.example")
    make_user(other_organization, name="Zoé Ailleurs", email="zoe@ailleurs.example")
    body = admin_client.get("/admin/participants/").content.decode()
    assert "Claire Ici" in body and "Zoé Ailleurs" not in body
    assert (
        "zoe@ailleurs.example"
        not in admin_client.get("/admin/participants/?q=zoe").content.decode()
    )
    rows = _rows(admin_client.get("/admin/participants/export.csv"))
    assert all("ailleurs" not in cell for row in rows for cell in row)


def test_other_organisations_participant_pages_are_404(
    organization, other_organization, admin_client
):
    stranger = make_user(other_organization)
    assert admin_client.get(f"/admin/participants/{stranger.pk}/").status_code == 404
    response = admin_client.post(f"/admin/participants/{stranger.pk}/block/", {"reason": "x"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_search_by_name_nickname_and_email(organization, admin_client):
    make_user(organization, name="Claire Dupont", nickname="clairou", email="c@example.org")
    make_user(organization, name="Bruno Martin", nickname="bruno", email="bm@ville.example")
    for query in ("dupont", "clairou", "c@example"):
        body = admin_client.get("/admin/participants/", {"q": query}).content.decode()
        assert "Claire Dupont" in body and "Bruno Martin" not in body


def test_unknown_filters_and_ordering_injection_are_ignored(organization, admin_client):
    make_user(organization, name="Claire", password="secret-one-1234")
    make_user(organization, name="Bruno")
    baseline = admin_client.get("/admin/participants/").content.decode()
    for params in (
        {"password__startswith": "md5"},
        {"is_superuser": "true"},
        {"o": "password"},
        {"o": "-password"},
        {"o": "organization__name"},
        {"organization": "999"},
    ):
        response = admin_client.get("/admin/participants/", params)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Claire" in body and "Bruno" in body
    assert "Claire" in baseline
    # Allowed ordering works.
    body = admin_client.get("/admin/participants/", {"o": "-name"}).content.decode()
    assert body.index("Claire") < body.index("Bruno")


def test_status_and_role_filters(organization, admin_client):
    make_user(organization, name="Bloquée", is_active=False)
    make_user(organization, name="Active")
    body = admin_client.get("/admin/participants/", {"status": "blocked"}).content.decode()
    assert "Bloquée" in body and ">Active<" not in body
    body = admin_client.get("/admin/participants/", {"role": "admin"}).content.decode()
    assert "Claire Admin" in body and "Bloquée" not in body


def test_deleted_accounts_are_not_listed(organization, admin_client):
    make_user(organization, email="deleted-abc@deleted.invalid", name="")
    assert "deleted.invalid" not in admin_client.get("/admin/participants/").content.decode()


def test_verification_count_is_shown(organization, admin_client):
    person = make_user(organization, name="Vérifiée")
    Grant.objects.create(
        organization=organization,
        user=person,
        method="census",
        status=GrantStatus.GRANTED,
        fingerprint="a" * 64,
    )
    rows = _rows(admin_client.get("/admin/participants/export.csv", {"q": "Vérifiée"}))
    assert rows[1][5] == "1"


def test_list_runs_a_fixed_number_of_queries(organization, admin_client):
    def count() -> int:
        # Warm first: the organisation and the terms version come from the cache.
        assert admin_client.get("/admin/participants/").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/admin/participants/").status_code == 200
        return len(queries)

    for _ in range(3):
        make_user(organization)
    few = count()
    for _ in range(40):
        person = make_user(organization)
        Grant.objects.create(
            organization=organization,
            user=person,
            method="census",
            status=GrantStatus.GRANTED,
            fingerprint=f"{person.pk:064d}",
        )
    assert count() == few


def test_csv_escapes_formulas_and_keeps_only_allowed_columns(organization, admin_client):
    make_user(organization, name='=HYPERLINK("http://evil")', nickname="plus")
    make_user(organization, name="@SUM(A1)", email="-x@example.org")
    response = admin_client.get("/admin/participants/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0] == [
        "Adresse e-mail",
        "Nom",
        "Pseudonyme",
        "État",
        "Rôle",
        "Vérifications",
        "Date d’inscription",
        "Dernière connexion",
    ]
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells and "'@SUM(A1)" in cells
    assert "'-x@example.org" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert all("md5$" not in cell for cell in cells)  # never the password hash
    assert ActionLog.objects.filter(action="privacy.participants_exported").exists()


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_safe_cell(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("plain") == "plain"


# --- block / unblock -------------------------------------------------------------------


def test_block_and_unblock_with_reason_and_log(organization, admin, admin_client):
    person = make_user(organization, name="Bruno")
    response = admin_client.post(f"/admin/participants/{person.pk}/block/", {"reason": "spam"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    entry = ActionLog.objects.get(action="privacy.participant_blocked")
    assert entry.actor == admin and entry.changes["reason"] == "spam"
    # A blocked account is signed out at its next request.
    blocked_client = host_client(organization.host, user=User.objects.get(pk=person.pk))
    assert blocked_client.get("/privacy/").status_code == 302
    admin_client.post(f"/admin/participants/{person.pk}/unblock/")
    person.refresh_from_db()
    assert person.is_active


def test_blocking_needs_a_reason(organization, admin):
    person = make_user(organization)
    with pytest.raises(ServiceError) as error:
        services.set_blocked(
            actor=admin, organization=organization, user_id=person.pk, blocked=True
        )
    assert error.value.error_code == PrivacyError.REASON_REQUIRED


def test_admins_cannot_block_themselves_or_another_admin(organization, admin):
    other_admin = make_user(organization, admin=True)
    for target, code in ((admin, PrivacyError.SELF), (other_admin, PrivacyError.TARGET_IS_ADMIN)):
        with pytest.raises(ServiceError) as error:
            services.set_blocked(
                actor=admin,
                organization=organization,
                user_id=target.pk,
                blocked=True,
                reason="x",
            )
        assert error.value.error_code == code
    other_admin.refresh_from_db()
    assert other_admin.is_active


def test_participants_cannot_use_the_services(organization):
    participant = make_user(organization)
    target = make_user(organization)
    with pytest.raises(ServiceError):
        services.set_blocked(
            actor=participant,
            organization=organization,
            user_id=target.pk,
            blocked=True,
            reason="x",
        )
    with pytest.raises(ServiceError):
        services.set_org_admin(
            actor=participant, organization=organization, user_id=participant.pk, admin=True
        )


# --- promote / demote --------------------------------------------------------------------


def test_promote_then_demote(organization, admin, admin_client):
    person = make_user(organization)
    admin_client.post(f"/admin/participants/{person.pk}/promote/")
    person.refresh_from_db()
    assert person.is_org_admin
    admin_client.post(f"/admin/participants/{person.pk}/demote/")
    person.refresh_from_db()
    assert not person.is_org_admin
    assert ActionLog.objects.filter(action="privacy.admin_granted").count() == 1
    assert ActionLog.objects.filter(action="privacy.admin_removed").count() == 1


def test_the_last_admin_is_never_removed(organization, admin, admin_client):
    response = admin_client.post(f"/admin/participants/{admin.pk}/demote/", follow=True)
    assert "au moins un·e administrateur·rice" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_org_admin
    # A blocked admin does not count as the one keeping the organisation running.
    second = make_user(organization, admin=True, is_active=False)
    with pytest.raises(ServiceError) as error:
        services.set_org_admin(
            actor=admin, organization=organization, user_id=admin.pk, admin=False
        )
    assert error.value.error_code == PrivacyError.LAST_ADMIN
    assert second.is_org_admin


def test_blocked_people_cannot_be_promoted(organization, admin):
    person = make_user(organization, is_active=False)
    with pytest.raises(ServiceError) as error:
        services.set_org_admin(
            actor=admin, organization=organization, user_id=person.pk, admin=True
        )
    assert error.value.error_code == PrivacyError.INACTIVE


def test_the_section_is_in_the_menu_for_admins_only(organization, admin_client):
    assert "/admin/participants/" in admin_client.get("/admin/").content.decode()
