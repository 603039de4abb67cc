"""The operator console at /system/: operators only, on any host."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participation.models import Organization
from tests.accounts.helpers import current_code
from tests.conftest import host_client, system_client
from tests.factories import PASSWORD, make_user


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#1f4e9c").save(buffer, "PNG")
    return buffer.getvalue()


def form_data(**overrides):
    data = {
        "name": "Métropole Exemple",
        "host": "participer.metropole.test",
        "secondary_hosts": "metropole.test\nwww.metropole.test",
        "description": "<p>Bonjour</p><script>alert(1)</script>",
        "primary_color": "#204080",
        "secondary_color": "#aa2233",
        "default_locale": "fr",
        "available_locales": ["fr", "en"],
        "time_zone": "Europe/Paris",
        "sign_in_methods": ["email", "franceconnect"],
        "admin_email": "admin@metropole.test",
        "admin_name": "Agnès Admin",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_operator_sign_in(db):
    response = system_client().get("/system/")
    assert response.status_code == 302
    assert response["Location"].startswith("/system/sign-in/")


@pytest.mark.parametrize("role", ["participant", "admin"])
def test_organisation_people_are_refused(organization, role):
    user = make_user(organization, admin=role == "admin")
    # On the organisation's host the console does not exist at all.
    org_client = host_client(organization.host, user=user)
    assert org_client.get("/system/").status_code == 404
    assert org_client.post("/system/organizations/new/", form_data()).status_code == 404
    response = system_client(user=user).get("/system/")
    # A tenant account is not an operator, wherever it comes from.
    assert response.status_code in (302, 403)
    assert "Métropole" not in response.content.decode()
    assert system_client(user=user).post("/system/organizations/new/", form_data()).status_code in (
        302,
        403,
    )
    assert not Organization.objects.filter(host="participer.metropole.test").exists()


def test_operator_signs_in_on_the_console_host(operator):
    client = system_client()
    response = client.post("/system/sign-in/", {"email": operator.email, "password": PASSWORD})
    # Operators have a second factor, asked on the console's own page.
    assert response.status_code == 302 and response["Location"] == "/system/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    client.post("/system/2fa/authenticate/", {"code": current_code(operator.totp_secret)})
    assert client.get("/system/").status_code == 200


def test_operator_sign_in_refuses_tenant_accounts(organization):
    admin = make_user(organization, admin=True, email="admin@ville-a.test")
    client = system_client()
    response = client.post("/system/sign-in/", {"email": admin.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_operator_creates_an_organisation_from_the_form(operator):
    client = system_client(user=operator)
    data = form_data(logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"))
    response = client.post("/system/organizations/new/", data)
    assert response.status_code == 302, response.content.decode()
    organization = Organization.objects.get(host="participer.metropole.test")
    assert sorted(organization.secondary_hosts.values_list("hostname", flat=True)) == [
        "metropole.test",
        "www.metropole.test",
    ]
    assert organization.description == "<p>Bonjour</p>"
    assert organization.logo.name.startswith(f"images/{organization.pk}/")
    assert organization.logo.name.endswith(".png") and "logo" not in organization.logo.name
    assert organization.users.get().email == "admin@metropole.test"
    listing = client.get("/system/").content.decode()
    assert "Métropole Exemple" in listing and "www.metropole.test" in listing


def test_a_fake_image_is_refused_with_a_message(operator):
    client = system_client(user=operator)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post("/system/organizations/new/", form_data(logo=fake))
    assert response.status_code == 400
    assert not Organization.objects.exists()
    assert "error-summary" in response.content.decode()


def test_form_errors_are_explained_and_change_nothing(operator, organization):
    client = system_client(user=operator)
    response = client.post(
        "/system/organizations/new/",
        form_data(host="ville-a.test", primary_color="#ffffff", admin_email="not-an-email"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in body
    assert Organization.objects.count() == 1


def test_operator_edits_an_organisation(operator, organization):
    client = system_client(user=operator)
    data = form_data(name="Ville de Test renommée", host="ville-a.test")
    response = client.post(f"/system/organizations/{organization.pk}/", data)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Ville de Test renommée"
    assert organization.allows("franceconnect")


def test_the_console_wears_the_platform_header_and_footer_not_a_citys(operator, organization):
    page = system_client(user=operator).get("/system/").content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    footer = page[page.index("<footer") : page.index("</footer>")]
    assert '<span class="brand-name">Décidons</span>' in header
    # No city's name, stylesheet, search box or legal pages around the operators' work.
    assert organization.name not in header and "organization.css" not in page
    assert 'role="search"' not in header and "/legal/" not in footer
    assert "Organisations" in header  # the console's own navigation
    # The same checks see a city's header on the city's own host.
    city = host_client(organization.host).get("/").content.decode()
    city_header = city[city.index("<header") : city.index("</header>")]
    assert organization.name in city_header and 'role="search"' in city_header
