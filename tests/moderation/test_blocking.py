"""Blocked accounts cannot sign in, and are told why once their password is right."""

import pytest

from participation.errors import ServiceError
from participation.moderation import services
from tests.conftest import host_client
from tests.factories import PASSWORD, make_user


def test_blocked_user_cannot_sign_in_and_sees_the_reason(organization, admin):
    person = make_user(organization, email="troll@example.org")
    services.block_user(
        actor=admin, organization=organization, user_id=person.pk, reason="Insultes <répétées>"
    )
    client = host_client(organization.host)
    response = client.post("/sign-in/", {"email": "troll@example.org", "password": PASSWORD})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Insultes &lt;répétées&gt;" in body
    assert "_auth_user_id" not in client.session
    # A wrong password reveals nothing.
    wrong = client.post("/sign-in/", {"email": "troll@example.org", "password": "nope-nope-nope"})
    assert "Insultes" not in wrong.content.decode()


def test_blocked_session_is_signed_out(organization, admin):
    person = make_user(organization)
    client = host_client(organization.host, user=person)
    services.block_user(actor=admin, organization=organization, user_id=person.pk, reason="Pub")
    body = client.get("/").content.decode()
    assert "Motif\xa0: Pub" in body
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/moderation/").status_code == 302


def test_block_from_the_queue_needs_a_reason_and_an_admin(organization, admin, moderator):
    person = make_user(organization, name="Troll")
    moderation = services.report(
        actor=make_user(organization), organization=organization, item=person, reason="spam"
    )
    client = host_client(organization.host, user=admin)
    url = f"/admin/moderation/{moderation.pk}/block/"
    assert client.post(url, {"reason": ""}).status_code == 400
    person.refresh_from_db()
    assert person.is_active
    assert (
        host_client(organization.host, user=moderator).post(url, {"reason": "x"}).status_code == 403
    )
    assert client.post(url, {"reason": "Spam"}).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    with pytest.raises(ServiceError):
        services.block_user(
            actor=moderator, organization=organization, user_id=admin.pk, reason="x"
        )


def test_profiles_offer_a_report_link_and_reports_are_personal_data(organization):
    from participation.moderation.personal_data import _erase, _export

    person = make_user(organization, name="Voisin", nickname="voisin")
    reporter = make_user(organization)
    client = host_client(organization.host, user=reporter)
    body = client.get("/profiles/voisin/").content.decode()
    assert f"/report/participation.user/{person.pk}/" in body
    response = client.post(
        f"/report/participation.user/{person.pk}/", {"reason": "spam", "details": "pub"}
    )
    assert response.status_code == 302
    assert _export(reporter)[0]["details"] == "pub"
    _erase(reporter)
    assert _export(reporter)[0]["details"] == ""
