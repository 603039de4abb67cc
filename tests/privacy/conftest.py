"""Fixtures for privacy: exports and verification scans in temporary private folders."""

import pytest
from django.utils.functional import empty

from participation.privacy.storage import export_storage
from participation.verifications.storage import private_storage


@pytest.fixture(autouse=True)
def _private_roots(settings, tmp_path):
    settings.PRIVACY_EXPORT_ROOT = tmp_path / "exports"
    settings.VERIFICATIONS_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    export_storage._wrapped = empty
    private_storage._wrapped = empty
    yield
    export_storage._wrapped = empty
    private_storage._wrapped = empty
