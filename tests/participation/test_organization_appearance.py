"""Organisation administrators change their logo, colours, language and legal pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.accounts.models import LegalPage
from participation.errors import ServiceError
from participation.models import ActionLog, Organization
from participation.services.organizations import update_appearance
from tests.conftest import host_client, make_user
from tests.polyglots import png_bytes


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True)


def _form(**overrides):
    return {
        "description": "<p>Participez !</p>",
        "primary_color": "#1f4e9c",
        "secondary_color": "#c8102e",
        "default_locale": "fr",
        **overrides,
    }


def test_admin_changes_colours_logo_and_language(organization, admin):
    organization.available_locales = ["fr", "en"]
    organization.save()
    client = host_client(organization.host, user=admin)
    page = client.get("/admin/organization/")
    assert page.status_code == 200
    assert 'href="/admin/organization/"' in client.get("/admin/").content.decode()
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(
        "/admin/organization/",
        _form(primary_color="#0b5d1e", default_locale="en", logo=logo),
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.primary_color == "#0b5d1e" and organization.default_locale == "en"
    assert organization.logo.name.endswith(".png")
    # The colours served to every page follow at once.
    css = host_client(organization.host).get("/organization.css").content.decode()
    assert "--color-primary:#0b5d1e" in css
    log = ActionLog.objects.get(action="update_appearance")
    assert log.actor == admin and log.changes["primary_color"] == ["#1f4e9c", "#0b5d1e"]
    assert log.changes["logo"][0] is None


def test_bad_input_changes_nothing(organization, admin):
    organization.available_locales = ["fr"]
    organization.save()
    client = host_client(organization.host, user=admin)
    before = Organization.objects.get(pk=organization.pk)
    unreadable = client.post("/admin/organization/", _form(primary_color="#ffff66"))
    assert unreadable.status_code == 400 and "contrast" in unreadable.content.decode().lower()
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    assert client.post("/admin/organization/", _form(logo=fake)).status_code == 400
    # A language the operator does not offer this organisation cannot be chosen.
    assert client.post("/admin/organization/", _form(default_locale="en")).status_code == 400
    after = Organization.objects.get(pk=organization.pk)
    assert (after.primary_color, after.logo.name, after.default_locale) == (
        before.primary_color,
        before.logo.name,
        before.default_locale,
    )
    assert not ActionLog.objects.filter(action="update_appearance").exists()


def test_only_its_administrators_change_it(organization, other_organization):
    resident = make_user(organization)
    with pytest.raises(ServiceError):
        update_appearance(actor=resident, organization=organization, data={})
    foreign_admin = make_user(other_organization, admin=True)
    with pytest.raises(ServiceError):
        update_appearance(actor=foreign_admin, organization=organization, data={})
    with pytest.raises(ServiceError):  # host names stay with the operator
        update_appearance(
            actor=make_user(organization, admin=True),
            organization=organization,
            data={"host": "evil.test"},
        )
    assert Organization.objects.get(pk=organization.pk).host == "ville-a.test"


def test_admin_writes_a_legal_page_and_can_go_back_to_the_generic_one(
    organization, other_organization, admin
):
    client = host_client(organization.host, user=admin)
    assert (
        "Partiellement"
        not in host_client(organization.host).get("/legal/accessibility/").content.decode()
    )
    response = client.post(
        "/admin/organization/legal/accessibility/",
        {"text": "<h2>Conformité</h2><p>Partiellement conforme.</p><script>x()</script>"},
    )
    assert response.status_code == 302
    page = host_client(organization.host).get("/legal/accessibility/").content.decode()
    assert "Partiellement conforme." in page and "<script>x()" not in page
    # Another organisation keeps the generic page.
    assert (
        "Partiellement conforme."
        not in host_client(other_organization.host).get("/legal/accessibility/").content.decode()
    )
    client.post("/admin/organization/legal/accessibility/", {"text": ""})
    assert not LegalPage.objects.exists()
    back = host_client(organization.host).get("/legal/accessibility/").content.decode()
    assert "Partiellement conforme." not in back and "<h1>" in back
    assert client.get("/admin/organization/legal/unknown/").status_code == 404
