"""The demo city's participatory budget: Toulouse's projects, set up as a city would."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from budgets.demo import CENSUS_POSTAL_CODE, DATA, VOTE_STEP
from budgets.models import Ballot, BudgetResult, Project
from budgets.services import ballots as ballot_services
from budgets.services import results
from participation.components.models import Component
from participation.errors import ServiceError
from participation.verifications.services import verify_by_census
from spaces.services.steps import activate_step
from tests.conftest import host_client, make_user


def test_seed_demo_adds_a_budget_of_toulouse_projects_voted_in_the_vote_step(db):
    call_command("seed_demo", "--participants", "15", "--proposals", "0", stdout=StringIO())
    component = Component.objects.get(manifest_name="budgets")
    assert component.is_published
    assert component.budgets.count() == 1
    titles = {row["title"] for row in json.loads(DATA.read_text())["projects"]}
    assert set(Project.objects.values_list("title", flat=True)) == titles
    assert Project.objects.filter(category__isnull=False).count() == len(titles)
    # During "Dépôt des projets" nobody votes; nobody has voted yet.
    assert component.space.active_step.title != VOTE_STEP
    assert not component.active_step_settings().votes_enabled
    assert not Ballot.objects.exists() and not BudgetResult.objects.exists()
    vote_step = component.space.steps.get(title=VOTE_STEP)
    assert component.step_settings_for(vote_step.pk).votes_enabled
    assert component.required_verifications("vote") == ["census"]
    # Seeding again changes nothing.
    call_command("seed_demo", stdout=StringIO())
    assert Component.objects.filter(manifest_name="budgets").count() == 1
    # The demo administrator finds it in the back-office.
    admin = component.organization.users.get(email="admin@bellerive.example")
    response = host_client("localhost", user=admin).get(component.admin_url("index"))
    assert response.status_code == 200 and "Budget participatif 2027" in response.content.decode()


def test_in_the_vote_step_only_residents_on_the_register_vote(db):
    call_command("seed_demo", "--participants", "3", "--proposals", "0", stdout=StringIO())
    component = Component.objects.get(manifest_name="budgets")
    budget = component.budgets.get()
    project = budget.projects.order_by("cost").first()
    admin = component.organization.users.get(email="admin@bellerive.example")
    activate_step(actor=admin, step=component.space.steps.get(title=VOTE_STEP))
    component = Component.objects.get(pk=component.pk)
    assert component.active_step_settings().votes_enabled
    # A brand-new account is refused until verified, and is not on the register.
    newcomer = make_user(component.organization)
    with pytest.raises(ServiceError):
        ballot_services.add_project(
            actor=newcomer, component=component, budget=budget, project=project
        )
    with pytest.raises(ServiceError):
        verify_by_census(
            user=newcomer,
            values={"email": newcomer.email, "postal_code": CENSUS_POSTAL_CODE},
        )
    # A demo participant verifies with their address and the demo postal code, then votes.
    resident = component.organization.users.get(email="participant1@bellerive.example")
    verify_by_census(
        user=resident, values={"email": resident.email, "postal_code": CENSUS_POSTAL_CODE}
    )
    state = ballot_services.add_project(
        actor=resident, component=component, budget=budget, project=project
    )
    assert project in state.projects
    # Publishing results while voting is open needs the administrator's confirmation.
    with pytest.raises(ServiceError) as refused:
        results.publish_results(actor=admin, budget=budget)
    assert refused.value.error_code == "voting_open"
    assert not BudgetResult.objects.exists()
    results.publish_results(actor=admin, budget=budget, while_voting_open=True)
    assert BudgetResult.objects.filter(budget=budget).exists()
