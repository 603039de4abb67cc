"""Fixtures of the back-office tests (imported by test_admin*, test_paper*, test_results*)."""

from decimal import Decimal

import pytest

from budgets.services import budgets as budget_services
from participation.components import services as components
from tests.conftest import host_client
from tests.factories import make_component


def configure(admin, component, **settings):
    values = {**component.settings, **settings}
    components.configure_component(actor=admin, component=component, settings=values)
    component.refresh_from_db()
    return component


@pytest.fixture
def component(admin, process):
    component = make_component(process, "budgets", actor=admin, name="Budget participatif")
    # Paper ballots in these tests choose freely: at least one project, within the budget.
    configure(admin, component, vote_rule="project_range", minimum_projects=1)
    components.publish_component(actor=admin, component=component)
    component.refresh_from_db()
    return component


@pytest.fixture
def budget(admin, component):
    return budget_services.create_budget(
        actor=admin, component=component, data={"title": "Centre-ville", "total": Decimal(100)}
    )


def add_project(admin, budget, title, cost, **data):
    return budget_services.create_project(
        actor=admin, budget=budget, data={"title": title, "cost": Decimal(cost), **data}
    )


@pytest.fixture
def projects(admin, budget):
    return [
        add_project(admin, budget, "Des bancs", 60),
        add_project(admin, budget, "Un jardin", 50),
        add_project(admin, budget, "Une fontaine", 30),
        add_project(admin, budget, "Des arbres", 20),
    ]


@pytest.fixture
def admin_client(admin, organization):
    return host_client(organization.host, user=admin)


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages in English (pages speak the organisation's French)."""
    from django.utils import translation

    with translation.override("en"):
        yield
