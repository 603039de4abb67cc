"""Video embeds: allowed providers only, stored as provider + id, rebuilt, never echoed."""

import pytest
from django.core.exceptions import ValidationError

from participation.embeds import Video, embed_url, frame_sources, parse_video_url


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
        ("https://www.dailymotion.com/video/x8abcde", "dailymotion", "x8abcde"),
        ("https://dai.ly/x8abcde", "dailymotion", "x8abcde"),
    ],
)
def test_known_providers_are_recognised(url, provider, video_id):
    assert parse_video_url(url) == Video(provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)//https://youtu.be/dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://www.youtube.com/watch?v=../../../x",
        "https://vimeo.com/123abc",
        "//youtu.be/dQw4w9WgXcQ",
        "https://peertube.example/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
        "",
    ],
)
def test_anything_else_is_refused_with_a_clear_message(url):
    with pytest.raises(ValidationError) as caught:
        parse_video_url(url)
    assert caught.value.code == "embed_refused"
    assert "YouTube, Vimeo, Dailymotion" in caught.value.messages[0]


def test_embed_addresses_are_rebuilt_from_parts():
    assert (
        embed_url("youtube", "dQw4w9WgXcQ") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert embed_url("vimeo", "76979871") == "https://player.vimeo.com/video/76979871?dnt=1"
    assert embed_url("dailymotion", "x8abcde") == "https://www.dailymotion.com/embed/video/x8abcde"
    # Tampered rows (not through the form) still never produce an unsafe address.
    assert embed_url("youtube", "javascript:x") is None
    assert embed_url("evil", "dQw4w9WgXcQ") is None


def test_peertube_instances_come_from_settings(settings):
    settings.EMBED_PEERTUBE_HOSTS = ["video.ville.fr"]
    video = parse_video_url("https://video.ville.fr/w/kkGMgK9ZtnKfYAgnEtQxbv")
    assert video == Video("peertube:video.ville.fr", "kkGMgK9ZtnKfYAgnEtQxbv")
    assert embed_url(video.provider, video.video_id) == (
        "https://video.ville.fr/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv"
    )
    assert "https://video.ville.fr" in frame_sources()
    settings.EMBED_PEERTUBE_HOSTS = []
    assert embed_url(video.provider, video.video_id) is None  # instance removed: no iframe


def test_csp_frame_src_allows_exactly_the_providers():
    from django.conf import settings

    frame_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert set(frame_src) == set(frame_sources())
