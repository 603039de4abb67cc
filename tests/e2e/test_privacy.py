"""Personal data in Chromium: a resident asks for their data and downloads the zip."""

import contextlib
import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_organization, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _export_root(settings, tmp_path):
    from django.utils.functional import empty

    from participation.privacy.storage import export_storage

    settings.PRIVACY_EXPORT_ROOT = tmp_path / "exports"
    export_storage._wrapped = empty
    yield
    export_storage._wrapped = empty


def sign_in(page, site, email, next_path):
    page.goto(site("ville-a.test", f"/sign-in/?next={next_path}"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{next_path}")


def test_resident_downloads_their_data(page, site, tmp_path):
    city = make_organization("Ville de Test", "ville-a.test")
    make_user(city, email="anne@example.org", name="Anne Martin")
    sign_in(page, site, "anne@example.org", "/privacy/")
    assert page.locator("h1").inner_text() == "Mes données personnelles"
    assert_accessible(page)

    page.get_by_role("button", name="Demander mes données").click()
    page.wait_for_url("**/privacy/")
    expect(page.get_by_text("Votre demande est enregistrée")).to_be_visible()
    assert_accessible(page)

    # The task ran in-process and mailed the link.
    path = re.search(r"/privacy/exports/[^/\s]+/", mail.outbox[-1].body).group(0)
    # The navigation turns into a download, which Playwright reports as an error.
    with page.expect_download() as download_info, contextlib.suppress(PlaywrightError):
        page.goto(site("ville-a.test", path))
    target = tmp_path / "data.zip"
    download_info.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        assert "account.json" in archive.namelist()
        assert "Anne Martin" in archive.read("account.json").decode()


def test_delete_account_and_participants_pages_are_accessible(page, site):
    city = make_organization("Ville de Test", "ville-a.test")
    admin = make_user(city, admin=True, email="maire@ville-a.test", name="Maire")
    make_user(city, name="Claire Dupont")
    sign_in(page, site, admin.email, "/admin/participants/")
    assert page.locator("h1").inner_text() == "Participant·es"
    expect(page.get_by_role("link", name="Claire Dupont")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Claire Dupont").click()
    assert_accessible(page)
    page.goto(site("ville-a.test", "/privacy/delete-account/"))
    assert_accessible(page)
