"""The core geocoder: BanGeocoder against a tiny local HTTP server answering like
api-adresse.data.gouv.fr, its settings read from the environment, and the helper
components call to turn an address into a point."""

import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from participation import geocoding
from participation.geocoding import (
    BanGeocoder,
    GeocodedPoint,
    GeocoderNotAllowed,
    NullGeocoder,
    fill_missing_point,
    get_geocoder,
)

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


@contextmanager
def serving_ban():
    """A local HTTP server answering like the BAN; yields its search URL."""
    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.queries = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/search/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def ban_server():
    with serving_ban() as url:
        yield url


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


def test_settings_are_read_from_the_environment():
    def read(**environment):
        code = (
            "import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps([settings.GEOCODER_URL, settings.GEOCODER_ALLOWED_HOSTS]))"
        )
        env = {key: value for key, value in os.environ.items() if not key.startswith("GEOCODER_")}
        env.update(DJANGO_SETTINGS_MODULE="config.settings", **environment)
        answer = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(answer.stdout.strip().splitlines()[-1])

    assert read() == ["", ["api-adresse.data.gouv.fr"]]
    assert read(
        GEOCODER_URL="https://geo.example.org/search/",
        GEOCODER_ALLOWED_HOSTS="geo.example.org,api-adresse.data.gouv.fr",
    ) == ["https://geo.example.org/search/", ["geo.example.org", "api-adresse.data.gouv.fr"]]


def test_configured_geocoder_is_used(settings, ban_server):
    settings.GEOCODER_URL = ban_server
    settings.GEOCODER_ALLOWED_HOSTS = ["127.0.0.1"]
    assert isinstance(get_geocoder(), BanGeocoder)


class _Stub:
    calls: list = []

    def geocode(self, address):
        _Stub.calls.append(address)
        return GeocodedPoint(latitude=47.3912345678, longitude=0.6891, label=address)


def test_fill_missing_point(monkeypatch):
    monkeypatch.setattr(geocoding, "get_geocoder", lambda: _Stub())
    _Stub.calls = []
    data = {"address": "12 rue des Lilas", "latitude": None, "longitude": None}
    fill_missing_point(data)
    assert (data["latitude"], data["longitude"]) == (Decimal("47.391235"), Decimal("0.689100"))

    placed = {"address": "12 rue des Lilas", "latitude": Decimal("1"), "longitude": Decimal("2")}
    fill_missing_point(placed)  # a point placed by hand wins
    assert (placed["latitude"], placed["longitude"]) == (Decimal("1"), Decimal("2"))
    fill_missing_point({"address": "", "latitude": None})
    assert _Stub.calls == ["12 rue des Lilas"]


def test_unknown_address_leaves_the_point_empty(settings, ban_server):
    settings.GEOCODER_URL = ban_server
    settings.GEOCODER_ALLOWED_HOSTS = ["127.0.0.1"]
    data = {"address": "Nulle part", "latitude": None, "longitude": None}
    fill_missing_point(data)
    assert data == {"address": "Nulle part", "latitude": None, "longitude": None}
