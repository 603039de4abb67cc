import pytest

from blogs.services import create_post
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.factories import ProcessFactory, make_component, make_user


def make_blog(admin, slug, now, **fields):
    """A published blog "Actus" in a new published concertation (without steps) ``slug``."""
    process = ProcessFactory(
        organization=admin.organization, slug=slug, title=slug.title(), published_at=now, **fields
    )
    return make_component(process, "blogs", actor=admin, name="Actus", published=True)


@pytest.fixture
def post(admin, blog):
    return create_post(
        actor=admin, component=blog, data={"title": "Travaux rue Haute", "body": "<p>Chantier</p>"}
    )


@pytest.fixture
def moderator(admin, blog):
    person = make_user(admin.organization)
    assign_space_role(actor=admin, space=blog.space, role=SpaceRole.MODERATOR, user=person)
    return person
