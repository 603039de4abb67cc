"""Ballot services: add, remove, cast, cancel — and every refusal saves nothing."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from budgets.errors import BallotError
from budgets.models import Ballot, BallotLine, BallotStatus, Project
from budgets.services import ballots
from participation.errors import ServiceError
from participation.models import ActionLog
from tests.budgets.ballot_helpers import *  # noqa: F403
from tests.budgets.ballot_helpers import code_of, fill, require_verification, verify
from tests.factories import (
    ProcessFactory,
    StepFactory,
    configure_budgets,
    make_budget,
    make_open_budgets,
    make_organization,
    make_project,
    make_user,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English here (the pages' tests read them in French)."""
    with translation.override("en"):
        yield


def _snapshot():
    return (
        list(Ballot.objects.values_list("id", "status", "voter_key", "exclusive_key")),
        list(BallotLine.objects.values_list("ballot_id", "project_id")),
        list(Project.objects.order_by("id").values_list("id", "votes_count")),
    )


def _refused(code, call, **kwargs):
    before = _snapshot()
    with pytest.raises(ServiceError) as excinfo:
        call(**kwargs)
    assert code_of(excinfo) == code
    assert excinfo.value.messages[0]
    assert _snapshot() == before
    return excinfo.value.messages[0]


# --- Voter key -------------------------------------------------------------------------------


def test_voter_key_is_the_account_without_verification(resident, component):
    assert ballots.voter_key_for(user=resident, component=component) == f"user:{resident.pk}"


def test_voter_key_is_the_fingerprint_when_the_vote_requires_it(admin, resident, component):
    require_verification(admin, component)
    grant = verify(admin, resident)
    assert (
        ballots.voter_key_for(user=resident, component=component)
        == f"fp:census:{grant.fingerprint}"
    )


# --- Adding and removing ---------------------------------------------------------------------


def test_add_and_remove_projects(resident, component, budget, projects):
    state = fill(resident, component, budget, projects[:2])
    assert [p.pk for p in state.projects] == [projects[0].pk, projects[1].pk]
    assert state.check.allocated == Decimal("70000")
    assert state.check.is_valid
    assert state.ballot.status == BallotStatus.IN_PROGRESS
    state = ballots.remove_project(
        actor=resident, component=component, budget=budget, project=projects[0]
    )
    assert [p.pk for p in state.projects] == [projects[1].pk]
    assert not state.check.is_valid
    assert Ballot.objects.count() == 1
    # No personal vote content in the activity log.
    assert not ActionLog.objects.filter(actor=resident).exists()


def test_a_project_that_does_not_fit_is_refused(resident, component, budget, projects):
    fill(resident, component, budget, projects[:2])  # 70 000 of 100 000
    message = _refused(
        BallotError.DOES_NOT_FIT,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=budget,
        project=projects[4],  # 60 000
    )
    assert "costs more than what is left" in message


def test_adding_twice_and_removing_an_absent_project_are_refused(
    resident, component, budget, projects
):
    fill(resident, component, budget, projects[:1])
    kwargs = {"actor": resident, "component": component, "budget": budget}
    _refused(BallotError.ALREADY_IN_BALLOT, ballots.add_project, project=projects[0], **kwargs)
    _refused(BallotError.NOT_IN_BALLOT, ballots.remove_project, project=projects[1], **kwargs)


def test_project_of_another_budget_component_or_organisation_is_refused(
    admin, resident, process, component, budget, projects
):
    other_budget = make_budget(component, "Quartier nord")
    in_other_budget = make_project(other_budget, "Fontaine", "1000")
    _refused(
        BallotError.WRONG_PROJECT,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=budget,
        project=in_other_budget,
    )
    other_component = make_open_budgets(process, actor=admin, name="Autre budget")
    foreign_budget = make_budget(other_component, "Ailleurs")
    _refused(
        BallotError.WRONG_BUDGET,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=foreign_budget,
        project=make_project(foreign_budget),
    )
    elsewhere = make_organization("Autre Ville", "ville-b.test")
    other_admin = make_user(elsewhere, admin=True)
    other_process = ProcessFactory(
        organization=elsewhere, slug="bp", title="BP", published_at=process.published_at
    )
    StepFactory(process=other_process, title="Vote", position=0, active=True)
    their_component = make_open_budgets(other_process, actor=other_admin)
    their_budget = make_budget(their_component)
    their_project = make_project(their_budget)
    # Our resident in their component: not their organisation.
    _refused(
        BallotError.PERMISSION_DENIED,
        ballots.add_project,
        actor=resident,
        component=their_component,
        budget=their_budget,
        project=their_project,
    )
    # Their project smuggled into our budget.
    _refused(
        BallotError.WRONG_PROJECT,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=budget,
        project=their_project,
    )


def test_vote_outside_the_step_or_blocked_is_refused(admin, resident, component, budget, projects):
    fill(resident, component, budget, projects[:2])
    configure_budgets(admin, component, votes_enabled=False)
    kwargs = {"actor": resident, "component": component, "budget": budget}
    message = _refused(
        BallotError.VOTING_CLOSED, ballots.add_project, project=projects[3], **kwargs
    )
    assert message == "Voting is not open now."
    _refused(BallotError.VOTING_CLOSED, ballots.checkout, **kwargs)
    configure_budgets(admin, component, votes_blocked=True)
    _refused(BallotError.VOTING_BLOCKED, ballots.add_project, project=projects[3], **kwargs)
    _refused(BallotError.VOTING_BLOCKED, ballots.remove_project, project=projects[0], **kwargs)
    _refused(BallotError.VOTING_BLOCKED, ballots.checkout, **kwargs)


def test_vote_without_the_required_verification_is_refused(
    admin, resident, component, budget, projects
):
    require_verification(admin, component)
    message = _refused(
        BallotError.VERIFICATION_REQUIRED,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=budget,
        project=projects[0],
    )
    assert "Verify your account" in message
    verify(admin, resident)
    state = ballots.add_project(
        actor=resident, component=component, budget=budget, project=projects[0]
    )
    assert state.ballot.voter_key.startswith("fp:census:")


def test_anonymous_visitor_is_refused(component, budget, projects):
    from django.contrib.auth.models import AnonymousUser

    _refused(
        BallotError.NOT_SIGNED_IN,
        ballots.add_project,
        actor=AnonymousUser(),
        component=component,
        budget=budget,
        project=projects[0],
    )


def test_project_range_rule_limits_the_number_of_projects(
    admin, resident, component, budget, projects
):
    configure_budgets(
        admin,
        component,
        settings={"vote_rule": "project_range", "minimum_projects": 1, "maximum_projects": 2},
    )
    fill(resident, component, budget, projects[2:4])
    message = _refused(
        BallotError.DOES_NOT_FIT,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=budget,
        project=projects[1],
    )
    assert "maximum of 2 projects" in message


# --- Checkout ------------------------------------------------------------------------------------


def test_checkout_casts_counts_logs_and_emails(
    resident, component, budget, projects, django_capture_on_commit_callbacks
):
    fill(resident, component, budget, projects[:3])  # 90 000
    with django_capture_on_commit_callbacks(execute=True):
        state = ballots.checkout(actor=resident, component=component, budget=budget)
    ballot = Ballot.objects.get()
    assert ballot.status == BallotStatus.CHECKED_OUT and ballot.checked_out_at is not None
    assert ballot.exclusive_key is None
    assert state.check.allocated == Decimal("90000")
    assert dict(Project.objects.values_list("title", "votes_count")) == {
        "Jardin partagé": 1,
        "Pistes cyclables": 1,
        "Bancs au bord de la Loire": 1,
        "Boîtes à livres": 0,
        "Skatepark": 0,
    }
    log = ActionLog.objects.get(action="cast_budget_ballot")
    assert log.target_type == "budgets.budget" and log.changes == {}
    assert "Jardin" not in str(log.target_label)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    # French by default (the organisation's language): projects and total listed.
    assert "Centre-ville" in message.subject
    assert "Jardin partagé" in message.body and "Bancs au bord de la Loire" in message.body
    assert "90\N{NARROW NO-BREAK SPACE}000\N{NO-BREAK SPACE}€" in message.body
    # Changing a cast ballot is refused.
    _refused(
        BallotError.ALREADY_CAST,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=budget,
        project=projects[3],
    )


def test_confirmation_email_in_english(
    organization, component, budget, projects, django_capture_on_commit_callbacks
):
    english = make_user(organization, locale="en")
    fill(english, component, budget, projects[:2])
    with django_capture_on_commit_callbacks(execute=True):
        ballots.checkout(actor=english, component=component, budget=budget)
    assert mail.outbox[0].subject == "Your vote in “Centre-ville” is recorded"
    assert "Total: €70,000 of €100,000." in mail.outbox[0].body


def test_ballot_below_the_minimum_share_is_refused(resident, component, budget, projects):
    fill(resident, component, budget, projects[2:4])  # 30 000: 30 %
    message = _refused(
        BallotError.INVALID_BALLOT,
        ballots.checkout,
        actor=resident,
        component=component,
        budget=budget,
    )
    assert "at least 70 % of the budget" in message
    assert not mail.outbox


def test_over_the_budget_is_refused_even_if_lines_were_forced(
    resident, component, budget, projects
):
    state = fill(resident, component, budget, projects[:3])
    BallotLine.objects.create(ballot=state.ballot, project=projects[3])
    BallotLine.objects.create(ballot=state.ballot, project=projects[4])  # 160 000
    message = _refused(
        BallotError.INVALID_BALLOT,
        ballots.checkout,
        actor=resident,
        component=component,
        budget=budget,
    )
    assert "costs more than the budget" in message


def test_empty_ballot_and_cast_twice_are_refused(resident, component, budget, projects):
    kwargs = {"actor": resident, "component": component, "budget": budget}
    _refused(BallotError.NO_BALLOT, ballots.checkout, **kwargs)
    fill(resident, component, budget, projects[:2])
    ballots.checkout(**kwargs)
    message = _refused(BallotError.ALREADY_CAST, ballots.checkout, **kwargs)
    assert "already cast" in message


# --- Cancel -------------------------------------------------------------------------------------


def test_cancel_uncounts_and_keeps_the_choice_to_recast(resident, component, budget, projects):
    kwargs = {"actor": resident, "component": component, "budget": budget}
    fill(resident, component, budget, projects[:2])
    ballots.checkout(**kwargs)
    state = ballots.cancel(**kwargs)
    assert state.ballot.status == BallotStatus.IN_PROGRESS
    assert [p.pk for p in state.projects] == [projects[0].pk, projects[1].pk]
    assert Ballot.objects.filter(status=BallotStatus.CANCELLED).count() == 1
    assert sum(Project.objects.values_list("votes_count", flat=True)) == 0
    assert ActionLog.objects.filter(action="cancel_budget_ballot").count() == 1
    ballots.checkout(**kwargs)
    assert Ballot.objects.filter(status=BallotStatus.CHECKED_OUT).count() == 1
    assert sum(Project.objects.values_list("votes_count", flat=True)) == 2


def test_cancel_refused_when_not_allowed_closed_or_not_cast(
    admin, resident, component, budget, projects
):
    kwargs = {"actor": resident, "component": component, "budget": budget}
    _refused(BallotError.NOT_CAST, ballots.cancel, **kwargs)
    fill(resident, component, budget, projects[:2])
    _refused(BallotError.NOT_CAST, ballots.cancel, **kwargs)
    ballots.checkout(**kwargs)
    configure_budgets(admin, component, settings={"cancel_allowed": False})
    _refused(BallotError.CANCEL_NOT_ALLOWED, ballots.cancel, **kwargs)
    configure_budgets(admin, component, settings={"cancel_allowed": True}, votes_enabled=False)
    _refused(BallotError.VOTING_CLOSED, ballots.cancel, **kwargs)


# --- One person, several accounts; one budget only ------------------------------------------------


def test_two_accounts_of_one_person_share_one_ballot(
    admin, organization, component, budget, projects
):
    from participation.verifications import services as verifications

    require_verification(admin, component)
    first, second = make_user(organization), make_user(organization)
    grant = verify(admin, first)
    fill(first, component, budget, projects[:2])
    ballots.checkout(actor=first, component=component, budget=budget)
    verifications.revoke_grant(
        actor=admin, organization=organization, grant_id=grant.pk, reason="Doublon"
    )
    verify(admin, second)  # the same person, now on another account
    kwargs = {"actor": second, "component": component, "budget": budget}
    _refused(BallotError.ALREADY_CAST, ballots.add_project, project=projects[3], **kwargs)
    _refused(BallotError.ALREADY_CAST, ballots.checkout, **kwargs)
    assert Ballot.objects.filter(status=BallotStatus.CHECKED_OUT).count() == 1


def test_single_budget_mode(admin, resident, component, budget, projects):
    configure_budgets(admin, component, settings={"single_budget": True})
    north = make_budget(component, "Quartier nord", total="10000")
    fountain = make_project(north, "Fontaine", "8000")
    fill(resident, component, budget, projects[:2])
    # A started ballot elsewhere: adding here is refused.
    message = _refused(
        BallotError.OTHER_BUDGET_CHOSEN,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=north,
        project=fountain,
    )
    assert "Centre-ville" in message
    ballots.checkout(actor=resident, component=component, budget=budget)
    assert Ballot.objects.get(status=BallotStatus.CHECKED_OUT).exclusive_key == (
        f"user:{resident.pk}"
    )
    message = _refused(
        BallotError.OTHER_BUDGET_CHOSEN,
        ballots.add_project,
        actor=resident,
        component=component,
        budget=north,
        project=fountain,
    )
    assert "already voted in “Centre-ville”" in message
    # After a cancel, the other budget is open again.
    ballots.cancel(actor=resident, component=component, budget=budget)
    for project in projects[:2]:
        ballots.remove_project(actor=resident, component=component, budget=budget, project=project)
    ballots.add_project(actor=resident, component=component, budget=north, project=fountain)
    ballots.checkout(actor=resident, component=component, budget=north)
    assert Ballot.objects.get(status=BallotStatus.CHECKED_OUT).budget == north


def test_single_budget_refuses_a_second_cast_ballot(admin, resident, component, budget, projects):
    """Ballots filled in two budgets (e.g. before the setting changed): only one is cast."""
    north = make_budget(component, "Quartier nord", total="10000")
    fill(resident, component, budget, projects[:2])
    fill(resident, component, north, [make_project(north, "Fontaine", "8000")])
    configure_budgets(admin, component, settings={"single_budget": True})
    ballots.checkout(actor=resident, component=component, budget=north)
    _refused(
        BallotError.OTHER_BUDGET_CHOSEN,
        ballots.checkout,
        actor=resident,
        component=component,
        budget=budget,
    )
