"""Paper ballots, counting from the database, publishing, overrides and the public page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from budgets.counting import count
from budgets.models import Ballot, BallotStatus, BudgetResult, Project, ProjectResult
from budgets.services import paper, results
from participation.errors import ServiceError
from participation.models import ActionLog
from tests.budgets.admin_fixtures import *  # noqa: F403 (fixtures)
from tests.budgets.admin_fixtures import add_project, configure
from tests.conftest import host_client
from tests.factories import make_user


def _votes(projects):
    return [
        p.votes_count
        for p in Project.objects.filter(pk__in=[p.pk for p in projects]).order_by("pk")
    ]


def test_a_paper_ballot_is_cast_counted_and_logged_with_who_entered_it(admin, budget, projects):
    ballot = paper.record_paper_ballot(actor=admin, budget=budget, projects=projects[1:3])
    assert (
        ballot.is_paper and ballot.entered_by == admin and ballot.status == BallotStatus.CHECKED_OUT
    )
    assert ballot.voter_key.startswith("paper:") and ballot.checked_out_at is not None
    assert _votes(projects) == [0, 1, 1, 0]
    log = ActionLog.objects.get(action="record_paper_ballot")
    assert log.actor == admin and log.changes["entered_by"] == [None, admin.pk]
    paper.void_paper_ballot(actor=admin, ballot=ballot)
    assert _votes(projects) == [0, 0, 0, 0]
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CANCELLED
    assert ActionLog.objects.get(action="void_paper_ballot").actor == admin
    with pytest.raises(ServiceError, match="already void"):
        paper.void_paper_ballot(actor=admin, ballot=ballot)


def test_an_invalid_paper_ballot_is_refused_and_nothing_changes(admin, budget, projects):
    with pytest.raises(ServiceError, match="more than the budget"):
        paper.record_paper_ballot(actor=admin, budget=budget, projects=projects[:2])
    configure(
        budget.component and admin, budget.component, vote_rule="fixed_projects", fixed_projects=2
    )
    budget.component.refresh_from_db()
    with pytest.raises(ServiceError, match="exactly 2"):
        paper.record_paper_ballot(actor=admin, budget=budget, projects=projects[2:3])
    assert not Ballot.objects.exists() and _votes(projects) == [0, 0, 0, 0]


def test_a_project_of_another_budget_is_refused(admin, component, budget, projects):
    from budgets.services.budgets import create_budget

    other = create_budget(
        actor=admin, component=component, data={"title": "Nord", "total": Decimal(10)}
    )
    with pytest.raises(ServiceError, match="this budget"):
        paper.record_paper_ballot(actor=admin, budget=other, projects=[projects[3]])
    assert not Ballot.objects.exists()


def test_participants_cannot_record_paper_ballots(organization, budget, projects):
    with pytest.raises(ServiceError):
        paper.record_paper_ballot(
            actor=make_user(organization), budget=budget, projects=projects[3:]
        )
    assert not Ballot.objects.exists()


def test_the_paper_ballot_page(admin_client, budget, projects):
    url = budget.component.admin_url("paper", budget_id=budget.pk)
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"projects": [projects[0].pk, projects[1].pk]})
    assert response.status_code == 400 and not Ballot.objects.exists()
    assert admin_client.post(url, {"projects": [projects[0].pk]}).status_code == 302
    ballot = Ballot.objects.get()
    body = admin_client.get(url).content.decode()
    assert "Claire Admin" in body and "Des bancs" in body
    void = budget.component.admin_url("paper_void", budget_id=budget.pk, pk=ballot.pk)
    assert admin_client.post(void).status_code == 302
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CANCELLED


def _cast(admin, budget, *choices):
    for chosen in choices:
        paper.record_paper_ballot(actor=admin, budget=budget, projects=list(chosen))


def test_the_election_read_from_the_database_counts_like_the_rule(admin, budget, projects):
    bancs, jardin, fontaine, arbres = projects
    _cast(
        admin, budget, [bancs], [bancs, arbres], [jardin, fontaine], [fontaine], [fontaine, arbres]
    )
    ballot = Ballot.objects.filter(is_paper=True).first()
    paper.void_paper_ballot(actor=admin, ballot=ballot)  # voided: not counted
    election = results.election_for(budget=budget)
    assert election.budget == 100 and len(election.ballots) == 4
    outcome = results.compute_outcome(budget=budget)
    assert [row.project for row in outcome.rows][0] == fontaine
    selected = {row.project for row in outcome.rows if row.selected}
    assert selected == set(
        Project.objects.filter(pk__in=[int(p) for p in count(election, "greedy")])
    )
    assert outcome.total_funded <= budget.total


def test_publish_override_and_the_public_page(admin, organization, budget, projects):
    bancs, jardin, fontaine, arbres = projects
    _cast(admin, budget, [bancs, arbres], [bancs], [jardin, fontaine], [fontaine], [arbres])
    component = budget.component
    url = component.url("results", budget_id=budget.pk)
    visitor = host_client(organization.host)
    assert visitor.get(url).status_code == 404  # not published yet
    translation.activate("en")  # the request left the page's French active
    results.publish_results(actor=admin, budget=budget)
    result = BudgetResult.objects.get()
    assert result.ballots_count == 5 and result.rule == "greedy"
    rows = {row.project: row for row in ProjectResult.objects.all()}
    # Greedy: bancs (2 votes, 60), arbres (2, 20) ... fontaine (2, 30): ties by lower cost.
    assert [r.project for r in ProjectResult.objects.order_by("rank")][:3] == [
        arbres,
        fontaine,
        bancs,
    ]
    # Bancs no longer fits after arbres and fontaine; jardin (50) fills the budget exactly.
    assert {p for p, r in rows.items() if r.selected} == {arbres, fontaine, jardin}
    log = ActionLog.objects.get(action="publish_budget_results")
    assert log.changes["selected"] == [None, sorted([arbres.pk, fontaine.pk, jardin.pk])]
    with pytest.raises(ServiceError, match="published"):
        paper.record_paper_ballot(actor=admin, budget=budget, projects=[jardin])
    with pytest.raises(ServiceError, match="Explain why"):
        results.override_selection(actor=admin, result=rows[bancs], selected=True, reason="  ")
    with pytest.raises(ServiceError, match="already selected"):
        results.override_selection(actor=admin, result=rows[jardin], selected=True, reason="x")
    results.override_selection(
        actor=admin, result=rows[bancs], selected=True, reason="Financé par la métropole."
    )
    log = ActionLog.objects.get(action="override_budget_result")
    assert log.changes == {"selected": [False, True], "reason": [None, "Financé par la métropole."]}
    response = visitor.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Financé par la métropole." in body and "Des arbres" in body and "<svg" in body
    assert "<table" in body


def test_the_results_page_runs_a_fixed_number_of_queries(admin, organization, budget, projects):
    _cast(admin, budget, [projects[0]], [projects[1]])
    results.publish_results(actor=admin, budget=budget)
    url = budget.component.url("results", budget_id=budget.pk)
    visitor = host_client(organization.host)
    visitor.get(url)
    with CaptureQueriesContext(connection) as few:
        assert visitor.get(url).status_code == 200
    results.withdraw_results(actor=admin, budget=budget)
    for number in range(10):
        add_project(admin, budget, f"Projet {number}", 5)
    _cast(admin, budget, *[[p] for p in Project.objects.all()])
    results.publish_results(actor=admin, budget=budget)
    with CaptureQueriesContext(connection) as many:
        assert visitor.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_results_of_another_organisation_are_not_shown(admin, budget, projects, other_organization):
    _cast(admin, budget, [projects[0]])
    results.publish_results(actor=admin, budget=budget)
    url = budget.component.url("results", budget_id=budget.pk)
    assert host_client(other_organization.host).get(url).status_code == 404


def test_withdraw_and_the_admin_results_pages(admin, admin_client, budget, projects):
    _cast(admin, budget, [projects[0]])
    component = budget.component
    page = admin_client.get(component.admin_url("results", budget_id=budget.pk))
    assert page.status_code == 200 and "Des bancs" in page.content.decode()
    assert (
        admin_client.post(component.admin_url("results_publish", budget_id=budget.pk)).status_code
        == 302
    )
    assert BudgetResult.objects.exists()
    override = component.admin_url("results_override", budget_id=budget.pk, pk=projects[1].pk)
    assert admin_client.get(override).status_code == 200
    assert admin_client.post(override, {"selected": "1", "reason": ""}).status_code == 400
    assert admin_client.post(override, {"selected": "1", "reason": "Urgent"}).status_code == 302
    assert ProjectResult.objects.get(project=projects[1]).selected
    assert (
        admin_client.post(component.admin_url("results_withdraw", budget_id=budget.pk)).status_code
        == 302
    )
    assert not BudgetResult.objects.exists() and not ProjectResult.objects.exists()


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("greedy", ["plus votés passent en premier"]),
        ("mes", ["parts égales", "proportion de sa taille"]),
        ("mes-compare", ["parts égales", "une comparaison"]),
    ],
)
def test_the_public_page_explains_the_rule_used(admin, organization, budget, projects, rule, words):
    configure(admin, budget.component, counting_rule=rule)
    budget.component.refresh_from_db()
    _cast(admin, budget, [projects[0]], [projects[1], projects[2]])
    results.publish_results(actor=admin, budget=budget)
    body = host_client(organization.host).get(budget.component.url("results", budget_id=budget.pk))
    text = body.content.decode()
    for word in words:
        assert word in text
    if rule == "greedy":
        assert "parts égales" not in text


def test_publishing_while_voting_is_open_asks_for_confirmation(
    admin, admin_client, budget, projects
):
    from participation.components.services import configure_component, step_keys

    component = budget.component
    configure_component(
        actor=admin,
        component=component,
        settings=component.settings,
        step_settings={key: {"votes_enabled": True} for key in step_keys(space=component.space)},
    )
    _cast(admin, budget, [projects[0]])
    page = admin_client.get(component.admin_url("results", budget_id=budget.pk)).content.decode()
    assert 'name="confirm_voting_open"' in page and "Le vote est encore ouvert" in page
    publish = component.admin_url("results_publish", budget_id=budget.pk)
    refused = admin_client.post(publish, follow=True).content.decode()
    assert "Confirmez que vous voulez publier les résultats maintenant." in refused
    assert not BudgetResult.objects.exists()
    assert admin_client.post(publish, {"confirm_voting_open": "yes"}).status_code == 302
    assert BudgetResult.objects.filter(budget=budget).exists()
