"""A concertation with three steps (the first active) and helpers to mount components."""

import pytest

from participation.components import services
from participation.components.serving import forget_serving
from spaces.models import ParticipatoryProcess, ProcessStep
from tests.conftest import make_user


@pytest.fixture
def process(organization, now):
    process = ParticipatoryProcess.objects.create(
        organization=organization, slug="budget", title="Budget 2027", published_at=now
    )
    for position, title in enumerate(["Propositions", "Débat", "Vote"]):
        ProcessStep.objects.create(
            process=process, title=title, position=position, active=position == 0
        )
    return process


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True)


@pytest.fixture
def blog(admin, process):
    return services.add_component(actor=admin, space=process, manifest_name="blogs", name="News")


@pytest.fixture
def published_blog(admin, blog):
    return services.publish_component(actor=admin, component=blog)


def activate(process, position: int) -> None:
    """Make the step at ``position`` the active one (the DB allows one active step)."""
    ProcessStep.objects.filter(process=process).update(active=False)
    ProcessStep.objects.filter(process=process, position=position).update(active=True)
    forget_serving(process.organization_id)  # as the step service does after its update()
