"""The shared concertation with three steps, and a blog mounted in it (draft or published)."""

import pytest

from blogs.services import create_post
from tests.factories import make_component


@pytest.fixture
def process_steps():
    """Tests here move the active step across three steps."""
    return ["Propositions", "Débat", "Vote"]


@pytest.fixture
def draft_blog(admin, process):
    return make_component(process, "blogs", actor=admin, name="News")


@pytest.fixture
def published_blog(admin, draft_blog):
    from participation.components import services

    return services.publish_component(actor=admin, component=draft_blog)


@pytest.fixture
def post(admin, published_blog):
    return create_post(
        actor=admin, component=published_blog, data={"title": "Lancement", "body": "<p>Go</p>"}
    )
