"""A concertation with an open budgets component, budgets, projects and residents.

Fixtures for the ballot tests (import them into a test module: ``from
tests.budgets.ballot_helpers import *  # noqa: F403``).
"""

from decimal import Decimal

import pytest

from budgets.models import Budget, Project
from participation.components import services as components
from spaces.models import ParticipatoryProcess, ProcessStep
from tests.conftest import host_client, make_user

OPEN_STEP = {
    "votes_enabled": True,
    "votes_blocked": False,
    "show_votes": False,
    "comments_enabled": True,
}

__all__ = [
    "OPEN_STEP",
    "admin",
    "budget",
    "client_for",
    "component",
    "configure",
    "make_budget",
    "make_component",
    "make_project",
    "process",
    "projects",
    "resident",
    "verify",
    "require_verification",
    "code_of",
    "fill",
]


@pytest.fixture
def admin(organization):
    return make_user(organization, admin=True)


@pytest.fixture
def process(organization, now):
    process = ParticipatoryProcess.objects.create(
        organization=organization, slug="budget", title="Budget 2027", published_at=now
    )
    ProcessStep.objects.create(process=process, title="Vote", position=0, active=True)
    return process


def configure(admin, component, settings=None, **step):
    """Set the component's settings (merged) and every step's settings (open by default)."""
    values = {**OPEN_STEP, **step}
    space = component.space
    keys = [str(s.pk) for s in space.steps.all()] if hasattr(space, "steps") else ["default"]
    components.configure_component(
        actor=admin,
        component=component,
        settings={**component.settings, **(settings or {})},
        step_settings={key: values for key in keys},
    )
    component.refresh_from_db()
    return component


def make_component(admin, space, name="Budget participatif", settings=None, **step):
    component = components.add_component(
        actor=admin, space=space, manifest_name="budgets", name=name
    )
    configure(admin, component, settings=settings, **step)
    components.publish_component(actor=admin, component=component)
    component.refresh_from_db()
    return component


@pytest.fixture
def component(admin, process):
    return make_component(admin, process)


def make_budget(component, title="Centre-ville", total="100000", **fields) -> Budget:
    return Budget.objects.create(
        organization_id=component.organization_id,
        component=component,
        title=title,
        total=Decimal(total),
        **fields,
    )


def make_project(budget, title="Des bancs", cost="10000", **fields) -> Project:
    return Project.objects.create(
        organization_id=budget.organization_id,
        budget=budget,
        title=title,
        cost=Decimal(cost),
        **fields,
    )


@pytest.fixture
def budget(component):
    return make_budget(component)


@pytest.fixture
def projects(budget):
    """Costs 40 000, 30 000, 20 000, 10 000 and 60 000 in a budget of 100 000."""
    return [
        make_project(budget, "Jardin partagé", "40000", position=0),
        make_project(budget, "Pistes cyclables", "30000", position=1),
        make_project(budget, "Bancs au bord de la Loire", "20000", position=2),
        make_project(budget, "Boîtes à livres", "10000", position=3),
        make_project(budget, "Skatepark", "60000", position=4),
    ]


@pytest.fixture
def resident(organization):
    return make_user(organization, name="Rose Résidente", email="rose@example.org")


def verify(admin, user, *, census_line: str = "AB123456;17/05/1980"):
    """Grant ``user`` the census verification (the census holds ``census_line``)."""
    from participation.verifications import services as verifications
    from participation.verifications.models import Census

    organization = user.organization
    verifications.set_enabled_methods(actor=admin, organization=organization, methods=["census"])
    if not Census.objects.filter(organization=organization).exists():
        data = ("document_number;birth_date\n" + census_line + "\n").encode()
        verifications.upload_census(
            actor=admin, organization=organization, data=data, fields="document_number,birth_date"
        )
    number, birth = census_line.split(";")
    day, month, year = birth.split("/")
    return verifications.verify_by_census(
        user=user, values={"document_number": number, "birth_date": f"{year}-{month}-{day}"}
    )


def client_for(user=None):
    return host_client("ville-a.test", user=user)


def require_verification(admin, component, methods=("census",)):
    """The admin requires ``methods`` for the ``vote`` action (enable them first)."""
    from participation.verifications import services as verifications

    verifications.set_enabled_methods(
        actor=admin, organization=component.organization, methods=list(methods)
    )
    components.set_action_permissions(
        actor=admin, component=component, permissions={"vote": list(methods)}
    )
    component.refresh_from_db()
    return component


def code_of(excinfo) -> str:
    return excinfo.value.error_code


def fill(user, component, budget, projects):
    from budgets.services import ballots

    state = None
    for project in projects:
        state = ballots.add_project(actor=user, component=component, budget=budget, project=project)
    return state
