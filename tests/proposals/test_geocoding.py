"""BanGeocoder against a tiny local HTTP server answering like api-adresse.data.gouv.fr."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from proposals.geocoding import BanGeocoder, GeocoderNotAllowed, NullGeocoder, get_geocoder
from proposals.models import Proposal
from tests.factories import make_proposal
from tests.proposals.conftest import client_for

BAN_ANSWER = {
    "type": "FeatureCollection",
    "version": "draft",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [0.6891, 47.3912]},
            "properties": {"label": "12 Rue des Lilas 37000 Bellerive", "score": 0.93},
        }
    ],
    "query": "12 rue des lilas",
}


class Handler(BaseHTTPRequestHandler):
    queries: list = []

    def do_GET(self):  # noqa: N802
        query = parse_qs(urlsplit(self.path).query)
        Handler.queries.append(query)
        body = BAN_ANSWER if "lilas" in query.get("q", [""])[0].lower() else {"features": []}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def ban_server():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.queries = []
    yield f"http://127.0.0.1:{server.server_address[1]}/search/"
    server.shutdown()
    server.server_close()


def test_ban_geocoder_reads_geojson(ban_server):
    geocoder = BanGeocoder(ban_server, allowed_hosts=["127.0.0.1"])
    point = geocoder.geocode("12 rue des Lilas, Bellerive")
    assert (point.latitude, point.longitude) == (47.3912, 0.6891)
    assert point.label.startswith("12 Rue des Lilas")
    assert Handler.queries[-1] == {"q": ["12 rue des Lilas, Bellerive"], "limit": ["1"]}
    assert geocoder.geocode("Nulle part") is None


def test_unreachable_or_not_allowed(ban_server):
    with pytest.raises(GeocoderNotAllowed):
        BanGeocoder(ban_server)  # 127.0.0.1 is not in the default allow-list
    with pytest.raises(GeocoderNotAllowed):
        BanGeocoder("file:///etc/passwd", allowed_hosts=[""])
    closed = BanGeocoder("http://127.0.0.1:9/search/", allowed_hosts=["127.0.0.1"], timeout=0.5)
    assert closed.geocode("12 rue des Lilas") is None


def test_null_geocoder_by_default(settings):
    settings.GEOCODER_URL = ""
    assert isinstance(get_geocoder(), NullGeocoder)
    settings.GEOCODER_URL = "https://evil.example/search/"
    assert isinstance(get_geocoder(), NullGeocoder)


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
