"""The proposal wizard turns an address into a point with the core geocoder."""

import pytest

from proposals.models import Proposal
from tests.participation.test_geocoding import serving_ban
from tests.proposals.conftest import client_for, make_proposal


@pytest.fixture
def ban_server():
    with serving_ban() as url:
        yield url


def test_wizard_geocodes_an_address_without_a_point(settings, ban_server, component, resident):
    settings.GEOCODER_URL = ban_server
    settings.GEOCODER_ALLOWED_HOSTS = ["127.0.0.1"]
    draft = make_proposal(component, resident, published_at=None)
    response = client_for(resident).post(
        component.url("details", pk=draft.pk), {"address": "12 rue des Lilas"}
    )
    assert response.status_code == 302
    draft = Proposal.objects.get(pk=draft.pk)
    assert (str(draft.latitude), str(draft.longitude)) == ("47.391200", "0.689100")
