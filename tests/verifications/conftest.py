"""Fixtures for verifications: enabled methods, a census, private storage in a temp dir."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.functional import empty
from PIL import Image

from participation.verifications import services
from participation.verifications.storage import private_storage
from tests.factories import make_user

ALL_METHODS = ["franceconnect", "census", "id_document", "postal_letter"]
CENSUS_CSV = (
    b"document_number;birth_date;nom\nAB 123 456;1980-05-17;Martin\nCD-789;02/03/1990;Durand\n"
)


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.VERIFICATIONS_PRIVATE_ROOT = tmp_path / "private"
    private_storage._wrapped = empty  # rebuilt lazily with the temporary root
    yield
    private_storage._wrapped = empty


def enable(organization, methods=ALL_METHODS):
    admin = make_user(organization, admin=True)
    services.set_enabled_methods(actor=admin, organization=organization, methods=list(methods))
    return admin


@pytest.fixture
def admin_a(organization):
    return enable(organization)


@pytest.fixture
def admin_b(other_organization):
    return enable(other_organization)


@pytest.fixture
def census_a(organization, admin_a):
    return services.upload_census(
        actor=admin_a,
        organization=organization,
        data=CENSUS_CSV,
        fields="document_number,birth_date",
    )


def png_upload(name="scan.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
