"""Turning an address into a point, for every component that places things on a map.

Off by default: this needs an outside service. ``get_geocoder()`` returns
``NullGeocoder`` unless ``settings.GEOCODER_URL`` (environment variable
``GEOCODER_URL``) is set; then ``BanGeocoder`` asks France's Base Adresse
Nationale (https://api-adresse.data.gouv.fr/search/), and only if the URL's host
is in ``settings.GEOCODER_ALLOWED_HOSTS`` (``GEOCODER_ALLOWED_HOSTS``, default:
that one host).
"""

import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol
from urllib.error import URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_ALLOWED_HOSTS = ("api-adresse.data.gouv.fr",)
MAX_RESPONSE_BYTES = 256 * 1024


@dataclass(frozen=True)
class GeocodedPoint:
    latitude: float
    longitude: float
    label: str


class Geocoder(Protocol):
    def geocode(self, address: str) -> GeocodedPoint | None: ...


class NullGeocoder:
    """No outside service: addresses stay text, points come from the map or the form."""

    def geocode(self, address: str) -> GeocodedPoint | None:
        return None


class GeocoderNotAllowed(ValueError):
    pass


class BanGeocoder:
    """France's national address base (GeoJSON FeatureCollection answers)."""

    def __init__(self, url: str, *, allowed_hosts=DEFAULT_ALLOWED_HOSTS, timeout: float = 3.0):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in set(allowed_hosts):
            raise GeocoderNotAllowed(f"Geocoder host not allowed: {parts.hostname!r}")
        self.url = url
        self.timeout = timeout

    def geocode(self, address: str) -> GeocodedPoint | None:
        address = " ".join((address or "").split())[:200]
        if len(address) < 3:
            return None
        request = Request(  # noqa: S310 — scheme and host checked in __init__
            f"{self.url}?{urlencode({'q': address, 'limit': 1})}",
            headers={"Accept": "application/json", "User-Agent": "Decidons"},
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — host allow-listed
                data = json.loads(response.read(MAX_RESPONSE_BYTES))
            feature = data["features"][0]
            longitude, latitude = feature["geometry"]["coordinates"][:2]
            label = str(feature.get("properties", {}).get("label", ""))[:300]
            latitude, longitude = float(latitude), float(longitude)
        except (URLError, OSError, ValueError, KeyError, IndexError, TypeError) as error:
            logger.info("Geocoding failed: %s", error)
            return None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        return GeocodedPoint(latitude=latitude, longitude=longitude, label=label)


def get_geocoder() -> Geocoder:
    url = settings.GEOCODER_URL
    if not url:
        return NullGeocoder()
    allowed = settings.GEOCODER_ALLOWED_HOSTS
    try:
        return BanGeocoder(url, allowed_hosts=allowed)
    except GeocoderNotAllowed:
        logger.warning("GEOCODER_URL's host is not in GEOCODER_ALLOWED_HOSTS; geocoding is off.")
        return NullGeocoder()


def fill_missing_point(data: dict) -> None:
    """Geocode ``data["address"]`` into ``data["latitude"]``/``["longitude"]`` when no point was given.

    A point placed by hand (on the map or in the form) always wins; an address the
    geocoder does not know leaves the point empty rather than refusing the form.
    Coordinates are rounded to the six decimals the models store.
    """
    if not data.get("address") or data.get("latitude") is not None:
        return
    point = get_geocoder().geocode(data["address"])
    if point is not None:
        data["latitude"] = round(Decimal(str(point.latitude)), 6)
        data["longitude"] = round(Decimal(str(point.longitude)), 6)
