"""A concertation with an open proposals component, people and helpers."""

from decimal import Decimal

import pytest
from django.utils import timezone

from participation.components import services as components
from proposals.models import Proposal, ProposalVersion
from proposals.selectors import forget_counts
from spaces.models import ParticipatoryProcess, ProcessStep
from tests.conftest import host_client, make_user

OPEN_STEP = {
    "creation_enabled": True,
    "supports_enabled": True,
    "supports_blocked": False,
    "supports_hidden": False,
    "comments_enabled": True,
}


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True)


@pytest.fixture
def process(organization, now):
    process = ParticipatoryProcess.objects.create(
        organization=organization, slug="budget", title="Budget 2027", published_at=now
    )
    ProcessStep.objects.create(process=process, title="Propositions", position=0, active=True)
    ProcessStep.objects.create(process=process, title="Vote", position=1, active=False)
    return process


def configure(admin, component, settings=None, **step):
    step_values = {**OPEN_STEP, **step}
    space = component.space
    keys = [str(s.pk) for s in space.steps.all()] if hasattr(space, "steps") else ["default"]
    components.configure_component(
        actor=admin,
        component=component,
        settings=settings if settings is not None else dict(component.settings),
        step_settings={key: step_values for key in keys},
    )
    component.refresh_from_db()
    return component


@pytest.fixture
def component(admin, process):
    component = components.add_component(
        actor=admin, space=process, manifest_name="proposals", name="Idées"
    )
    configure(admin, component, settings={})
    components.publish_component(actor=admin, component=component)
    component.refresh_from_db()
    return component


@pytest.fixture
def resident(organization):
    return make_user(organization, name="Rose Résidente")


@pytest.fixture
def neighbour(organization):
    return make_user(organization, name="Noé Voisin")


def make_proposal(component, author, title="Des bancs au bord de la Loire", **fields):
    fields.setdefault("body", "<p>Pour se reposer en promenade.</p>")
    fields.setdefault("published_at", timezone.now())
    proposal = Proposal.objects.create(
        organization_id=component.organization_id,
        component=component,
        author=author,
        title=title,
        **fields,
    )
    if proposal.published_at:
        ProposalVersion.objects.create(
            proposal=proposal, number=1, title=proposal.title, body=proposal.body, editor=author
        )
    # Written past the services, like the demo seeder: retire what they would have.
    forget_counts(component.organization_id)
    return proposal


def located(**extra):
    return {"latitude": Decimal("47.391000"), "longitude": Decimal("0.689000"), **extra}


def client_for(user=None):
    return host_client("ville-a.test", user=user)
