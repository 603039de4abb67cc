"""A concertation whose active step opens comments on a published blog post."""

import pytest

from blogs.services import create_post
from participation.comments.targets import target_of
from participation.components import services
from spaces.models import ParticipatoryProcess, ProcessStep
from tests.conftest import make_user


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True, nickname="mairie")


@pytest.fixture
def process(organization, now):
    process = ParticipatoryProcess.objects.create(
        organization=organization, slug="budget", title="Budget 2027", published_at=now
    )
    for position, title in enumerate(["Propositions", "Vote"]):
        ProcessStep.objects.create(
            process=process, title=title, position=position, active=position == 0
        )
    return process


def open_comments(admin, blog, step, enabled=True):
    return services.configure_component(
        actor=admin, component=blog, step_settings={str(step.pk): {"comments_enabled": enabled}}
    )


@pytest.fixture
def blog(admin, process):
    blog = services.add_component(actor=admin, space=process, manifest_name="blogs", name="Actus")
    blog = services.publish_component(actor=admin, component=blog)
    return open_comments(admin, blog, process.steps.get(position=0))


@pytest.fixture
def post(admin, blog):
    return create_post(actor=admin, component=blog, data={"title": "Lancement", "body": "<p>x</p>"})


@pytest.fixture
def target(post):
    return target_of(post)


@pytest.fixture
def alice(organization):
    return make_user(organization, nickname="alice", name="Alice Martin")


@pytest.fixture
def bob(organization):
    return make_user(organization, nickname="bob", name="Bob Durand")
