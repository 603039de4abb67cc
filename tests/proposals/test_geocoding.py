"""The proposal wizard turns an address into a point with the core geocoder."""

import pytest

from proposals.models import Proposal
from tests.factories import make_proposal
from tests.participation.test_geocoding import serving_ban
from tests.proposals.conftest import client_for


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


def test_the_place_follows_the_address_unless_moved_on_the_map(
    settings, ban_server, component, resident
):
    settings.GEOCODER_URL = ban_server
    settings.GEOCODER_ALLOWED_HOSTS = ["127.0.0.1"]
    client = client_for(resident)
    draft = make_proposal(
        component,
        resident,
        published_at=None,
        address="Place du Marché",
        latitude="47.100000",
        longitude="0.500000",
    )
    details = component.url("details", pk=draft.pk)
    # Residents see no coordinates to type: they travel in hidden inputs the map fills.
    page = client.get(details).content.decode()
    assert 'type="hidden" name="latitude" value="47.100000"' in page
    assert "Latitude" not in page
    # A new address, the map untouched (the same hidden values sent back): looked up again.
    client.post(
        details, {"address": "12 rue des Lilas", "latitude": "47.100000", "longitude": "0.500000"}
    )
    draft.refresh_from_db()
    assert (str(draft.latitude), str(draft.longitude)) == ("47.391200", "0.689100")
    # Placed on the map by hand: the point stays where the resident put it.
    client.post(details, {"address": "Quai de la Loire", "latitude": "47.2", "longitude": "0.6"})
    draft.refresh_from_db()
    assert (str(draft.latitude), str(draft.longitude)) == ("47.200000", "0.600000")
    # The address removed, the map untouched: no place any more.
    client.post(details, {"address": "", "latitude": "47.200000", "longitude": "0.600000"})
    draft.refresh_from_db()
    assert draft.latitude is None and draft.longitude is None
