import pytest

from blogs.services import create_post
from participation.components import services as components
from spaces.models import ParticipatoryProcess, SpaceRole
from spaces.services import assign_space_role
from tests.conftest import make_user


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True, name="Maire")


def make_blog(admin, slug, now, **fields):
    process = ParticipatoryProcess.objects.create(
        organization=admin.organization, slug=slug, title=slug.title(), published_at=now, **fields
    )
    blog = components.add_component(actor=admin, space=process, manifest_name="blogs", name="Actus")
    return components.publish_component(actor=admin, component=blog)


@pytest.fixture
def blog(admin, now):
    return make_blog(admin, "budget", now)


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
