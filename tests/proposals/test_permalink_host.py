"""The share link of a proposal names the organisation's configured host, never the
Host header's host or port (pages may be cached and served to others)."""

from tests.conftest import host_client
from tests.factories import make_proposal


def test_permalink_ignores_the_request_port(settings, component, resident):
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT = "https", ""
    proposal = make_proposal(component, resident)
    url = component.url("detail", pk=proposal.pk)
    page = host_client("ville-a.test:6666").get(url).content.decode()
    assert f'value="https://ville-a.test{url}"' in page
    assert "6666" not in page
