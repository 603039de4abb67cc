"""An open budgets component in the shared concertation, a budget and its projects.

Fixtures for the ballot tests (import them into a test module: ``from
tests.budgets.ballot_helpers import *  # noqa: F403``).
"""

import pytest

from participation.components import services as components
from tests.conftest import host_client
from tests.factories import make_budget, make_open_budgets, make_project

__all__ = [
    "budget",
    "client_for",
    "code_of",
    "component",
    "fill",
    "projects",
    "require_verification",
    "verify",
]


@pytest.fixture
def component(admin, process):
    """The budgets component under test: published, its steps open to the vote."""
    return make_open_budgets(process, actor=admin)


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
