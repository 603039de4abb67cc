"""The shared concertation's blog, its active step opening comments, and a post in it."""

import pytest

from blogs.services import create_post
from participation.comments.targets import target_of
from participation.components import services


def open_comments(admin, blog, step, enabled=True):
    return services.configure_component(
        actor=admin, component=blog, step_settings={str(step.pk): {"comments_enabled": enabled}}
    )


@pytest.fixture
def commentable_blog(admin, blog, process):
    """The shared published blog, comments open in the active (first) step."""
    return open_comments(admin, blog, process.steps.get(position=0))


@pytest.fixture
def post(admin, commentable_blog):
    return create_post(
        actor=admin, component=commentable_blog, data={"title": "Lancement", "body": "<p>x</p>"}
    )


@pytest.fixture
def target(post):
    return target_of(post)
