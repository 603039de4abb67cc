"""Public profiles and the account settings page."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participation.accounts.models import NewsletterConsent
from participation.models import ActionLog
from tests.conftest import host_client
from tests.factories import make_user


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#1f4e9c").save(buffer, format="PNG")
    return buffer.getvalue()


def test_public_profile_shows_name_nickname_and_membership(organization):
    person = make_user(organization, name="Alex <b>Dupont</b>", nickname="alex")
    response = host_client(organization.host).get("/profiles/alex/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alex &lt;b&gt;Dupont&lt;/b&gt;" in body and "@alex" in body
    assert "Membre depuis" in body
    assert person.email not in body


def test_profile_of_another_organisation_is_404(organization, other_organization):
    make_user(organization, nickname="alex")
    assert host_client(other_organization.host).get("/profiles/alex/").status_code == 404
    assert host_client(organization.host).get("/profiles/nobody/").status_code == 404


def test_inactive_accounts_have_no_public_profile(organization):
    make_user(organization, nickname="gone", is_active=False)
    assert host_client(organization.host).get("/profiles/gone/").status_code == 404


def test_settings_need_sign_in(organization):
    response = host_client(organization.host).get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_edit_profile_and_avatar(organization, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = make_user(organization, nickname="before")
    client = host_client(organization.host, user)
    assert "Mon compte" in client.get("/").content.decode()
    upload = SimpleUploadedFile("../../evil name.png", png_bytes(), content_type="image/png")
    response = client.post(
        "/account/",
        {"name": "Nouveau Nom", "nickname": "after", "avatar": upload, "newsletter": "on"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.nickname) == ("Nouveau Nom", "after")
    assert user.avatar.name.startswith(f"images/{organization.pk}/")
    assert "evil" not in user.avatar.name
    assert NewsletterConsent.objects.get(user=user).consented_at is not None
    assert ActionLog.objects.filter(action="accounts.profile_updated", actor=user).exists()
    assert host_client(organization.host).get("/profiles/after/").status_code == 200


def test_avatar_must_be_an_image(organization, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = make_user(organization, nickname="me")
    client = host_client(organization.host, user)
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post("/account/", {"name": "Moi", "nickname": "me", "avatar": fake})
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.avatar


def test_nickname_taken_in_settings_suggests_another(organization):
    make_user(organization, nickname="alex")
    user = make_user(organization, nickname="me")
    client = host_client(organization.host, user)
    response = client.post("/account/", {"name": "Moi", "nickname": "alex"})
    body = response.content.decode()
    assert response.status_code == 400 and "alex-2" in body and "déjà utilisé" in body
    user.refresh_from_db()
    assert user.nickname == "me"


def test_withdrawing_newsletter_consent(organization):
    user = make_user(organization, nickname="me")
    client = host_client(organization.host, user)
    client.post("/account/", {"name": "Moi", "nickname": "me", "newsletter": "on"})
    client.post("/account/", {"name": "Moi", "nickname": "me"})
    assert NewsletterConsent.objects.get(user=user).consented_at is None


def test_invited_account_without_nickname_gets_a_suggestion(organization):
    user = make_user(organization, nickname="", name="Dominique Roy")
    body = host_client(organization.host, user).get("/account/").content.decode()
    assert 'value="dominique-roy"' in body
