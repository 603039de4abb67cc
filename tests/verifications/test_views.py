"""Pages: access for every role, tenancy (404 across organisations), the flows through HTTP."""

import pytest
from django.urls import reverse

from participation.verifications import services
from participation.verifications.models import Grant, GrantStatus, PostalLetter
from participation.verifications.selectors import is_verified
from tests.conftest import host_client
from tests.factories import make_user

from .conftest import CENSUS_CSV, png_upload

ADMIN_URLS = [
    ("admin_methods", {}),
    ("admin_census", {}),
    ("admin_documents", {}),
    ("admin_document", {"grant_id": 1}),
    ("admin_document_scan", {"grant_id": 1}),
    ("admin_document_accept", {"grant_id": 1}),
    ("admin_document_reject", {"grant_id": 1}),
    ("admin_letters", {}),
    ("admin_letters_export", {}),
    ("admin_letters_sent", {}),
    ("admin_grants", {}),
    ("admin_grant_revoke", {"grant_id": 1}),
]
POST_ONLY = {"admin_document_accept", "admin_document_reject", "admin_letters_sent"}


def _url(name, kwargs):
    return reverse(f"verifications:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "kwargs"), ADMIN_URLS)
def test_admin_urls_refuse_anonymous_and_participants(organization, name, kwargs):
    url = _url(name, kwargs)
    method = "post" if name in POST_ONLY else "get"
    anonymous = getattr(host_client(organization.host), method)(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    participant = host_client(organization.host, make_user(organization))
    assert getattr(participant, method)(url).status_code == 403


@pytest.mark.parametrize("name", ["overview", "census", "id_document", "postal_letter"])
def test_resident_pages_need_sign_in(organization, name):
    response = host_client(organization.host).get(reverse(f"verifications:{name}"))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(("name", "kwargs"), [u for u in ADMIN_URLS if "grant_id" not in u[1]])
def test_admin_pages_open_for_admins(organization, admin_a, name, kwargs):
    if name in POST_ONLY:
        return
    response = host_client(organization.host, admin_a).get(_url(name, kwargs))
    assert response.status_code == 200


# --- tenancy ---


@pytest.fixture
def records_b(other_organization, admin_b):
    """Org B's pending document, pending letter and granted census grant."""
    services.upload_census(
        actor=admin_b,
        organization=other_organization,
        data=CENSUS_CSV,
        fields="document_number,birth_date",
    )
    doc = services.request_document_verification(
        user=make_user(other_organization), document_type="id_card", number="B1", scan=png_upload()
    )
    letter = services.request_postal_letter(
        user=make_user(other_organization), full_name="Bea Secret", address="9 rue B"
    )
    granted = services.verify_by_census(
        user=make_user(other_organization, name="Bob Secret"),
        values={"document_number": "CD789", "birth_date": "1990-03-02"},
    )
    return doc, letter, granted


def test_admin_of_a_cannot_reach_records_of_b(organization, admin_a, records_b):
    doc, letter, granted = records_b
    client = host_client(organization.host, admin_a)
    for name, pk in [
        ("admin_document", doc.pk),
        ("admin_document_scan", doc.pk),
        ("admin_grant_revoke", granted.pk),
    ]:
        assert client.get(_url(name, {"grant_id": pk})).status_code == 404
    assert client.post(_url("admin_document_accept", {"grant_id": doc.pk})).status_code == 404
    assert (
        client.post(
            _url("admin_document_reject", {"grant_id": doc.pk}), {"reason": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            _url("admin_grant_revoke", {"grant_id": granted.pk}), {"reason": "x"}
        ).status_code
        == 404
    )
    client.post(_url("admin_letters_sent", {}), {"letters": [letter.letter.pk]})
    for path in (
        "admin_grants",
        "admin_documents",
        "admin_letters",
        "admin_letters_export",
        "admin_census",
    ):
        body = client.get(_url(path, {})).content.decode("utf-8")
        assert "Secret" not in body and "rue B" not in body
    doc.refresh_from_db()
    granted.refresh_from_db()
    assert doc.status == GrantStatus.PENDING and granted.status == GrantStatus.GRANTED
    assert PostalLetter.objects.get(grant=letter).sent_at is None


def test_admin_of_b_cannot_act_from_host_a(organization, records_b, admin_b):
    # B's admin session on A's host is signed out by the tenancy middleware.
    client = host_client(organization.host, admin_b)
    response = client.get(_url("admin_grants", {}))
    assert response.status_code == 302


# --- flows through HTTP ---


def test_census_flow_and_second_account_refused(organization, census_a):
    values = {"document_number": "AB 123 456", "birth_date": "1980-05-17"}
    first = make_user(organization)
    client = host_client(organization.host, first)
    page = client.get(reverse("verifications:census"))
    assert page.status_code == 200 and 'name="document_number"' in page.content.decode()
    wrong = client.post(reverse("verifications:census"), {**values, "birth_date": "1980-05-18"})
    assert wrong.status_code == 400
    assert "ne correspondent pas" in wrong.content.decode()
    assert client.post(reverse("verifications:census"), values).status_code == 302
    assert is_verified(first, "census")
    second = host_client(organization.host, make_user(organization))
    refused = second.post(reverse("verifications:census"), values)
    assert refused.status_code == 400 and "un autre compte" in refused.content.decode()


def test_census_attempts_are_rate_limited(organization, census_a):
    client = host_client(organization.host, make_user(organization))
    wrong = {"document_number": "NOPE", "birth_date": "1970-01-01"}
    statuses = [client.post(reverse("verifications:census"), wrong).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]


def test_disabled_method_pages_are_404(organization):
    client = host_client(organization.host, make_user(organization))
    assert client.get(reverse("verifications:census")).status_code == 404
    assert client.get(reverse("verifications:overview")).status_code == 200


def test_document_flow_scan_served_only_as_attachment(settings, organization, admin_a):
    user = make_user(organization)
    client = host_client(organization.host, user)
    response = client.post(
        reverse("verifications:id_document"),
        {"document_type": "id_card", "number": "12AB", "scan": png_upload()},
    )
    assert response.status_code == 302
    grant = Grant.objects.get(user=user)
    # Stored outside MEDIA_ROOT: no public URL can reach it.
    assert grant.scan.path.startswith(str(settings.VERIFICATIONS_PRIVATE_ROOT))
    assert not grant.scan.path.startswith(str(settings.MEDIA_ROOT))
    admin = host_client(organization.host, admin_a)
    scan = admin.get(_url("admin_document_scan", {"grant_id": grant.pk}))
    assert scan.status_code == 200 and scan["Content-Disposition"].startswith("attachment")
    assert "no-store" in scan["Cache-Control"]
    # The participant cannot download their own scan back either.
    assert client.get(_url("admin_document_scan", {"grant_id": grant.pk})).status_code == 403
    admin.post(_url("admin_document_reject", {"grant_id": grant.pk}), {"reason": "Photo floue"})
    assert "Photo floue" in client.get(reverse("verifications:id_document")).content.decode()


def test_document_form_refuses_non_scans(organization, admin_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = host_client(organization.host, make_user(organization))
    response = client.post(
        reverse("verifications:id_document"),
        {"document_type": "id_card", "number": "1", "scan": SimpleUploadedFile("a.png", b"<svg/>")},
    )
    assert response.status_code == 400 and not Grant.objects.exists()


def test_letter_flow_through_pages(organization, admin_a):
    user = make_user(organization)
    client = host_client(organization.host, user)
    client.post(
        reverse("verifications:postal_letter"), {"full_name": "=HYPERLINK()", "address": "1 rue A"}
    )
    admin = host_client(organization.host, admin_a)
    export = admin.get(_url("admin_letters_export", {})).content.decode("utf-8-sig")
    assert "'=HYPERLINK()" in export  # no spreadsheet formula injection
    code = export.strip().splitlines()[-1].split(";")[-1]
    letter = PostalLetter.objects.get()
    admin.post(_url("admin_letters_sent", {}), {"letters": [str(letter.pk)]})
    wrong = client.post(reverse("verifications:postal_letter"), {"code": "XXXXXXXX"})
    assert wrong.status_code == 400 and "Essais restants\xa0: 4" in wrong.content.decode()
    assert client.post(reverse("verifications:postal_letter"), {"code": code}).status_code == 302
    assert is_verified(user, "postal_letter")


def test_admin_manages_methods_census_and_revokes(organization, admin_a):
    admin = host_client(organization.host, admin_a)
    admin.post(_url("admin_methods", {}), {"methods": ["census"]})
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = admin.post(
        _url("admin_census", {}),
        {
            "fields": "document_number,birth_date",
            "file": SimpleUploadedFile("c.csv", b"document_number,birth_date\nX,notadate\n"),
        },
    )
    assert bad.status_code == 400 and "Ligne 2" in bad.content.decode()
    ok = admin.post(
        _url("admin_census", {}),
        {"fields": "document_number,birth_date", "file": SimpleUploadedFile("c.csv", CENSUS_CSV)},
    )
    assert ok.status_code == 302
    user = make_user(organization)
    grant = services.verify_by_census(
        user=user, values={"document_number": "CD789", "birth_date": "1990-03-02"}
    )
    listing = admin.get(
        _url("admin_grants", {}) + "?status=granted&method=census&per_page=<script>"
    )
    assert listing.status_code == 200 and "<script>" not in listing.content.decode()
    assert (
        admin.post(_url("admin_grant_revoke", {"grant_id": grant.pk}), {"reason": ""}).status_code
        == 400
    )
    assert (
        admin.post(
            _url("admin_grant_revoke", {"grant_id": grant.pk}), {"reason": "Erreur"}
        ).status_code
        == 302
    )
    assert not is_verified(user, "census")


def test_grant_list_has_a_fixed_number_of_queries(organization, admin_a):
    from participation.verifications.models import Grant as GrantModel

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = host_client(organization.host, admin_a)
        # Warm first: the organisation and the terms version come from the cache.
        assert client.get(_url("admin_grants", {})).status_code == 200
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url("admin_grants", {})).status_code == 200
        return len(context.captured_queries)

    GrantModel.objects.create(
        organization=organization,
        user=make_user(organization),
        method="census",
        fingerprint="a",
        status="granted",
    )
    few = count_queries()
    for n in range(10):
        GrantModel.objects.create(
            organization=organization,
            user=make_user(organization),
            method="census",
            fingerprint=f"b{n}",
            status="granted",
        )
    assert count_queries() == few


def test_verifications_are_reachable_from_the_account_page_and_the_back_office(
    organization, admin_a
):
    from tests.conftest import host_client, make_user

    resident = make_user(organization)
    account = host_client(organization.host, user=resident).get("/account/").content.decode()
    assert 'href="/verifications/"' in account
    dashboard = host_client(organization.host, user=admin_a).get("/admin/")
    assert 'href="/admin/verifications/"' in dashboard.content.decode()
    # The verification pages wear the back-office menu.
    page = host_client(organization.host, user=admin_a).get("/admin/verifications/")
    assert (
        page.status_code == 200 and 'class="main-nav main-nav-backoffice"' in page.content.decode()
    )
    # Residents see no back-office section.
    assert host_client(organization.host, user=resident).get(
        "/admin/verifications/"
    ).status_code in (
        302,
        403,
    )
