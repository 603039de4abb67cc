"""The demo city, small, for walking real pages."""

from io import StringIO

import pytest
from django.core.management import call_command

from participation import demo
from participation.components.models import Component
from participation.models import Organization, User


@pytest.fixture
def city(db):
    call_command("seed_demo", "--participants", "4", "--proposals", "4", stdout=StringIO())
    return Organization.objects.get(host=demo.DEMO_HOST)


@pytest.fixture
def city_pages(city):
    """Home, a space and a proposals listing of the demo city."""
    proposals = Component.objects.get(organization=city, manifest_name="proposals")
    return ["/", proposals.space.get_absolute_url(), proposals.get_absolute_url()]


@pytest.fixture
def city_participant(city):
    return User.objects.filter(organization=city, is_org_admin=False).order_by("pk").first()


def sign_in_client(user, **extra):
    from django.test import Client

    client = Client(HTTP_HOST=demo.DEMO_HOST, enforce_csrf_checks=True, **extra)
    client.force_login(user, backend="participation.auth_backends.OrganizationEmailBackend")
    return client
