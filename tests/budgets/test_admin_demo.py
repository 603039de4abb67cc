"""The demo city's participatory budget: Toulouse's projects, voting open, a few ballots."""

import json
from io import StringIO

from django.core.management import call_command

from budgets.demo import DATA
from budgets.models import Ballot, BallotLine, BudgetResult, Project
from budgets.rules import VoteRule, check
from participation.components.models import Component
from tests.conftest import host_client


def test_seed_demo_adds_a_budget_of_toulouse_projects_with_voting_open(db):
    call_command("seed_demo", "--participants", "15", "--proposals", "0", stdout=StringIO())
    component = Component.objects.get(manifest_name="budgets")
    assert component.is_published
    assert component.active_step_settings().votes_enabled
    budget = component.budgets.get()
    titles = {row["title"] for row in json.loads(DATA.read_text())["projects"]}
    assert set(Project.objects.values_list("title", flat=True)) == titles
    assert Project.objects.filter(category__isnull=False).count() == len(titles)
    ballots = list(Ballot.objects.filter(budget=budget, status="checked_out"))
    assert 5 <= len(ballots) <= 12
    rule = VoteRule.from_settings(component.typed_settings)
    for ballot in ballots:
        costs = [line.project.cost for line in BallotLine.objects.filter(ballot=ballot)]
        assert check(rule=rule, total=budget.total, costs=costs).is_valid
    for project in Project.objects.all():
        assert project.votes_count == BallotLine.objects.filter(project=project).count()
    assert not BudgetResult.objects.exists()
    # Seeding again changes nothing.
    call_command("seed_demo", stdout=StringIO())
    assert Component.objects.filter(manifest_name="budgets").count() == 1
    # The demo administrator finds it in the back-office.
    admin = component.organization.users.get(email="admin@bellerive.example")
    response = host_client("localhost", user=admin).get(component.admin_url("index"))
    assert response.status_code == 200 and "Budget participatif 2027" in response.content.decode()
