"""Video embeds from an allow-list of providers, stored as (provider, id) and rebuilt.

An admin pastes a video address; we keep only the provider key and a video id
matching a strict pattern, and build the iframe address ourselves when the page
is shown. The pasted address is never echoed, so a ``javascript:`` URL, an
unknown host or extra parameters cannot reach the page. The iframe hosts are
the ones CSP ``frame-src`` allows (see ``frame_sources`` and config/settings.py).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
DAILYMOTION_ID = re.compile(r"^[A-Za-z0-9]{5,12}$")
PEERTUBE_ID = re.compile(
    r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-Za-z]{20,22})$"
)


@dataclass(frozen=True)
class Video:
    provider: str
    video_id: str


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _youtube(host: str, path: str, query: dict) -> str | None:
    parts = _segments(path)
    if host == "youtu.be":
        return parts[0] if len(parts) == 1 else None
    if parts == ["watch"]:
        return (query.get("v") or [None])[0]
    if len(parts) == 2 and parts[0] in ("embed", "shorts", "live"):
        return parts[1]
    return None


def _vimeo(host: str, path: str, query: dict) -> str | None:
    parts = _segments(path)
    if host == "player.vimeo.com":
        return parts[1] if len(parts) == 2 and parts[0] == "video" else None
    return parts[0] if len(parts) == 1 else None


def _dailymotion(host: str, path: str, query: dict) -> str | None:
    parts = _segments(path)
    if host == "dai.ly":
        return parts[0] if len(parts) == 1 else None
    if len(parts) == 2 and parts[0] == "video":
        return parts[1]
    if len(parts) == 3 and parts[:2] == ["embed", "video"]:
        return parts[2]
    return None


def _peertube(host: str, path: str, query: dict) -> str | None:
    parts = _segments(path)
    if len(parts) == 2 and parts[0] == "w":
        return parts[1]
    if len(parts) == 3 and parts[0] == "videos" and parts[1] in ("watch", "embed"):
        return parts[2]
    return None


# provider key -> (hosts, id extractor, id pattern, embed address template)
PROVIDERS = {
    "youtube": (
        {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"},
        _youtube,
        YOUTUBE_ID,
        "https://www.youtube-nocookie.com/embed/{id}",
    ),
    "vimeo": (
        {"vimeo.com", "www.vimeo.com", "player.vimeo.com"},
        _vimeo,
        VIMEO_ID,
        "https://player.vimeo.com/video/{id}?dnt=1",
    ),
    "dailymotion": (
        {"dailymotion.com", "www.dailymotion.com", "dai.ly"},
        _dailymotion,
        DAILYMOTION_ID,
        "https://www.dailymotion.com/embed/video/{id}",
    ),
}
FIXED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
]


def peertube_hosts() -> list[str]:
    return [host.lower() for host in getattr(settings, "EMBED_PEERTUBE_HOSTS", [])]


def frame_sources() -> list[str]:
    """The iframe origins embeds may use: what CSP frame-src must allow."""
    return FIXED_FRAME_SOURCES + [f"https://{host}" for host in peertube_hosts()]


def provider_names() -> list[str]:
    return ["YouTube", "Vimeo", "Dailymotion", *(f"PeerTube ({h})" for h in peertube_hosts())]


def parse_video_url(url: str) -> Video:
    """The provider and id of a video address; ValidationError for anything else."""
    not_a_video = ValidationError(
        _("This address is not a link to a video on an allowed provider (%(providers)s)."),
        code="embed_refused",
        params={"providers": ", ".join(provider_names())},
    )
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise not_a_video from None
    # Only plain https (or http) addresses: no javascript:, data:, credentials or odd ports.
    if parts.scheme not in ("https", "http") or parts.username or parts.password or port:
        raise not_a_video
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    for key, (hosts, extract, pattern, _template) in PROVIDERS.items():
        if host in hosts:
            video_id = extract(host, parts.path, query)
            if video_id and pattern.match(video_id):
                return Video(key, video_id)
            raise not_a_video
    if host in peertube_hosts():
        video_id = _peertube(host, parts.path, query)
        if video_id and PEERTUBE_ID.match(video_id):
            return Video(f"peertube:{host}", video_id)
    raise not_a_video


def embed_url(provider: str, video_id: str) -> str | None:
    """The iframe address rebuilt from stored parts; None if no longer allowed or malformed."""
    if provider in PROVIDERS:
        _hosts, _extract, pattern, template = PROVIDERS[provider]
        return template.format(id=video_id) if pattern.match(video_id) else None
    if provider.startswith("peertube:"):
        host = provider.split(":", 1)[1]
        if host in peertube_hosts() and PEERTUBE_ID.match(video_id):
            return f"https://{host}/videos/embed/{video_id}"
    return None


def watch_url(provider: str, video_id: str) -> str | None:
    """A link to the video on its provider, for people who cannot use the player."""
    links = {
        "youtube": "https://www.youtube.com/watch?v={id}",
        "vimeo": "https://vimeo.com/{id}",
        "dailymotion": "https://www.dailymotion.com/video/{id}",
    }
    if embed_url(provider, video_id) is None:
        return None
    if provider in links:
        return links[provider].format(id=video_id)
    return f"https://{provider.split(':', 1)[1]}/w/{video_id}"
