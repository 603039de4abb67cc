"""Amendment services: propose, accept (a new version credited to the amender), reject,
withdraw, support; every refusal with its code and nothing changed; visibility; tenancy."""

import pytest
from django.db import IntegrityError, transaction

from participation.errors import ServiceError
from participation.models import ActionLog, Category, Scope
from participation.notifications.models import Notification
from proposals.filters import ProposalFilter
from proposals.models import (
    Amendment,
    AmendmentState,
    AmendmentVote,
    Proposal,
    ProposalState,
    ProposalVersion,
)
from proposals.selectors import amendments as selectors
from proposals.services import amendments as services
from proposals.services.amendments import AmendmentError
from spaces.models import Visibility
from tests.factories import configure_proposals, make_proposal, make_user
from tests.proposals.test_integration import _hide

NEW_TITLE = "Des bancs et des tables au bord de la Loire"
NEW_BODY = "<p>Pour se reposer et pique-niquer en promenade.</p>"

AMENDMENT_STEP = {"amendment_creation_enabled": True, "amendment_reaction_enabled": True}


def enable(admin, component, votes=True, settings=None, **step):
    """Amendments on (and their supports when ``votes``), the step open for them."""
    return configure_proposals(
        admin,
        component,
        settings={
            **component.settings,
            "amendments_enabled": True,
            "amendments_votes_enabled": votes,
            **(settings or {}),
        },
        **{**AMENDMENT_STEP, **step},
    )


@pytest.fixture
def amendable(admin, component):
    return enable(admin, component)


@pytest.fixture
def proposal(amendable, resident):
    return make_proposal(amendable, resident)


def amend(actor, proposal, title=NEW_TITLE, body=NEW_BODY):
    return services.create_amendment(actor=actor, proposal=proposal, title=title, body=body)


def refused(code, call, **kwargs):
    with pytest.raises(ServiceError) as caught:
        call(**kwargs)
    assert caught.value.error_code == code, caught.value.messages
    return caught.value


def snapshot(proposal):
    """Everything a refused answer must leave as it was."""
    proposal = Proposal.objects.get(pk=proposal.pk)
    return (
        proposal.title,
        proposal.body,
        ProposalVersion.objects.filter(proposal=proposal).count(),
        list(Amendment.objects.filter(proposal=proposal).values_list("state", "votes_count")),
        AmendmentVote.objects.count(),
        ActionLog.objects.count(),
    )


# --- Proposing -------------------------------------------------------------------------------


def test_a_participant_proposes_an_amendment_and_the_author_hears_of_it(
    proposal, resident, neighbour, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        amendment = amend(neighbour, proposal)
    assert amendment.state == AmendmentState.EVALUATING
    assert amendment.amender == neighbour and amendment.proposal == proposal
    assert amendment.base_version.number == 1
    assert amendment.answered_at is None
    assert ActionLog.objects.filter(action="create_amendment", actor=neighbour).exists()
    note = Notification.objects.get(event_name="proposals.amendment_created")
    assert note.user == resident and note.title == NEW_TITLE
    assert note.url == amendment.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs au bord de la Loire"  # unchanged until accepted


def test_amendment_text_follows_the_proposal_limits_and_is_sanitised(admin, proposal, neighbour):
    error = refused(AmendmentError.INVALID, amend, actor=neighbour, proposal=proposal, title="Non")
    assert "title" in error.message_dict
    enable(admin, proposal.component, settings={"body_max_length": 100})
    error = refused(
        AmendmentError.INVALID,
        amend,
        actor=neighbour,
        proposal=proposal,
        body="<p>" + "x" * 101 + "</p>",
    )
    assert "body" in error.message_dict
    assert not Amendment.objects.exists()
    amendment = amend(
        neighbour,
        proposal,
        title='Des bancs <script>alert("t")</script> au bord',
        body='<p onclick="x()">Bancs<script>alert(1)</script><img src=x onerror=alert(2)></p>',
    )
    assert "<script>" not in amendment.body and "onclick" not in amendment.body
    assert "onerror" not in amendment.body
    # The title is plain text: kept as typed, escaped wherever it is shown (see the views).
    assert amendment.title == 'Des bancs <script>alert("t")</script> au bord'


def test_an_amendment_must_change_something(proposal, neighbour):
    refused(
        AmendmentError.NO_CHANGE,
        amend,
        actor=neighbour,
        proposal=proposal,
        title=proposal.title,
        body=proposal.body,
    )
    assert not Amendment.objects.exists()


def test_authors_edit_rather_than_amend(proposal, resident):
    refused(AmendmentError.OWN_PROPOSAL, amend, actor=resident, proposal=proposal)
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("how", ["draft", "withdrawn", "rejected", "hidden"])
def test_only_a_published_live_proposal_can_be_amended(
    how, admin, organization, amendable, resident, neighbour
):
    if how == "draft":
        target = make_proposal(amendable, resident, published_at=None)
    else:
        target = make_proposal(amendable, resident)
        if how == "hidden":
            _hide(admin, organization, target)
        else:
            Proposal.objects.filter(pk=target.pk).update(state=how)
            target.refresh_from_db()
    logs = ActionLog.objects.count()
    refused(AmendmentError.NOT_AMENDABLE, amend, actor=neighbour, proposal=target)
    assert not Amendment.objects.exists() and ActionLog.objects.count() == logs


def test_settings_and_step_gate_amendments_with_clear_refusals(
    admin, component, resident, neighbour
):
    proposal = make_proposal(component, resident)
    error = refused(AmendmentError.DISABLED, amend, actor=neighbour, proposal=proposal)
    assert error.messages == ["Les amendements ne sont pas activés ici."]
    enable(admin, component, amendment_creation_enabled=False)
    proposal.component.refresh_from_db()
    refused(AmendmentError.CREATION_CLOSED, amend, actor=neighbour, proposal=proposal)
    assert not Amendment.objects.exists()


def test_private_spaces_and_other_organisations(
    proposal, process, organization, other_organization, neighbour
):
    stranger = make_user(other_organization)
    refused(AmendmentError.PERMISSION_DENIED, amend, actor=stranger, proposal=proposal)
    process.visibility = Visibility.PRIVATE
    process.save()
    proposal.component.refresh_from_db()
    refused(AmendmentError.CREATION_CLOSED, amend, actor=neighbour, proposal=proposal)
    assert not Amendment.objects.exists()


# --- Answering ---------------------------------------------------------------------------------


def test_accepting_merges_the_text_as_a_version_credited_to_the_amender(
    proposal, resident, neighbour, django_capture_on_commit_callbacks
):
    amendment = amend(neighbour, proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_amendment(actor=resident, amendment=amendment)
    proposal.refresh_from_db()
    amendment.refresh_from_db()
    assert (proposal.title, proposal.body) == (NEW_TITLE, NEW_BODY)
    assert amendment.state == AmendmentState.ACCEPTED and amendment.answered_at
    version = proposal.versions.order_by("-number").first()
    assert version.number == 2 and version.editor == neighbour
    assert (version.title, version.body) == (NEW_TITLE, NEW_BODY)
    assert amendment.resulting_version == version
    log = ActionLog.objects.get(action="accept_amendment")
    assert log.actor == resident and log.changes["version"] == 2
    note = Notification.objects.get(event_name="proposals.amendment_accepted")
    assert note.user == neighbour
    # Its diff now compares with the version it amended, not the (identical) current text.
    diff = selectors.diff_of(amendment, proposal)
    assert "<ins>" in diff["title_diff"]


def test_rejecting_keeps_it_visible_as_rejected(
    proposal, resident, neighbour, django_capture_on_commit_callbacks
):
    amendment = amend(neighbour, proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_amendment(actor=resident, amendment=amendment)
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.REJECTED and amendment.answered_at
    assert list(selectors.visible_amendments(proposal, None)) == [amendment]
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs au bord de la Loire" and proposal.versions.count() == 1
    assert Notification.objects.get(event_name="proposals.amendment_rejected").user == neighbour


@pytest.mark.parametrize("answer", ["accept_amendment", "reject_amendment"])
def test_only_the_author_of_the_proposal_answers(
    answer, proposal, organization, other_organization, neighbour, admin
):
    amendment = amend(neighbour, proposal)
    before = snapshot(proposal)
    for intruder in (neighbour, make_user(organization), admin):
        refused(
            AmendmentError.NOT_PROPOSAL_AUTHOR,
            getattr(services, answer),
            actor=intruder,
            amendment=amendment,
        )
    refused(
        AmendmentError.PERMISSION_DENIED,
        getattr(services, answer),
        actor=make_user(other_organization),
        amendment=amendment,
    )
    assert snapshot(proposal) == before


def test_an_answered_amendment_cannot_be_answered_again(proposal, resident, neighbour):
    amendment = amend(neighbour, proposal)
    services.accept_amendment(actor=resident, amendment=amendment)
    before = snapshot(proposal)
    for answer in (services.accept_amendment, services.reject_amendment):
        refused(AmendmentError.NOT_EVALUATING, answer, actor=resident, amendment=amendment)
    refused(
        AmendmentError.NOT_EVALUATING,
        services.withdraw_amendment,
        actor=neighbour,
        amendment=amendment,
    )
    assert snapshot(proposal) == before


def test_reaction_outside_its_step_is_refused(admin, proposal, resident, neighbour):
    amendment = amend(neighbour, proposal)
    enable(admin, proposal.component, amendment_reaction_enabled=False)
    amendment.component.refresh_from_db()
    before = snapshot(proposal)
    error = refused(
        AmendmentError.REACTION_CLOSED,
        services.accept_amendment,
        actor=resident,
        amendment=amendment,
    )
    assert error.messages
    assert snapshot(proposal) == before


def test_a_withdrawn_proposal_takes_no_answer(proposal, resident, neighbour):
    amendment = amend(neighbour, proposal)
    Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.WITHDRAWN)
    refused(
        AmendmentError.NOT_AMENDABLE, services.accept_amendment, actor=resident, amendment=amendment
    )
    amendment.refresh_from_db()
    assert amendment.is_evaluating


def test_the_amender_withdraws_while_evaluating(proposal, resident, neighbour):
    amendment = amend(neighbour, proposal)
    refused(
        AmendmentError.NOT_AMENDER,
        services.withdraw_amendment,
        actor=resident,
        amendment=amendment,
    )
    services.withdraw_amendment(actor=neighbour, amendment=amendment)
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.WITHDRAWN and amendment.withdrawn_at
    refused(
        AmendmentError.NOT_EVALUATING,
        services.accept_amendment,
        actor=resident,
        amendment=amendment,
    )
    assert ActionLog.objects.filter(action="withdraw_amendment").count() == 1


def test_accepting_after_an_edit_takes_the_amended_text_and_numbers_on(
    proposal, resident, neighbour, organization
):
    first = amend(neighbour, proposal)
    second = amend(
        make_user(organization), proposal, title="Des bancs ombragés au bord de la Loire"
    )
    services.accept_amendment(actor=resident, amendment=first)
    services.accept_amendment(actor=resident, amendment=second)
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs ombragés au bord de la Loire"
    assert list(proposal.versions.values_list("number", flat=True)) == [1, 2, 3]


# --- Supports on amendments ----------------------------------------------------------------------


def test_one_support_per_person_with_a_counter(proposal, organization, neighbour):
    amendment = amend(neighbour, proposal)
    voters = [make_user(organization) for _ in range(3)]
    for voter in voters:
        services.support_amendment(actor=voter, amendment=amendment)
    refused(
        AmendmentError.ALREADY_SUPPORTED,
        services.support_amendment,
        actor=voters[0],
        amendment=amendment,
    )
    amendment.refresh_from_db()
    assert amendment.votes_count == 3 and AmendmentVote.objects.count() == 3
    services.unsupport_amendment(actor=voters[1], amendment=amendment)
    refused(
        AmendmentError.NOT_SUPPORTED,
        services.unsupport_amendment,
        actor=voters[1],
        amendment=amendment,
    )
    amendment.refresh_from_db()
    assert amendment.votes_count == 2
    assert selectors.voted_by(voters[0], [amendment]) == {amendment.pk}
    assert selectors.voted_by(voters[1], [amendment]) == set()


def test_the_database_holds_one_support_per_person(proposal, neighbour, resident):
    amendment = amend(neighbour, proposal)
    AmendmentVote.objects.create(amendment=amendment, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        AmendmentVote.objects.create(amendment=amendment, user=resident)


def test_stale_counter_is_not_overwritten(proposal, organization, neighbour):
    amendment = amend(neighbour, proposal)
    stale = Amendment.objects.get(pk=amendment.pk)
    services.support_amendment(actor=make_user(organization), amendment=amendment)
    services.support_amendment(actor=make_user(organization), amendment=stale)
    amendment.refresh_from_db()
    assert amendment.votes_count == 2


def test_supports_are_gated_by_setting_step_and_state(admin, proposal, resident, neighbour):
    amendment = amend(neighbour, proposal)
    component = proposal.component
    enable(admin, component, votes=False)
    amendment.component.refresh_from_db()
    refused(
        AmendmentError.VOTES_CLOSED,
        services.support_amendment,
        actor=resident,
        amendment=amendment,
    )
    enable(admin, component, supports_enabled=False)
    amendment.component.refresh_from_db()
    refused(
        AmendmentError.VOTES_CLOSED,
        services.support_amendment,
        actor=resident,
        amendment=amendment,
    )
    enable(admin, component, supports_blocked=True)
    amendment.component.refresh_from_db()
    refused(
        AmendmentError.VOTES_CLOSED,
        services.support_amendment,
        actor=resident,
        amendment=amendment,
    )
    enable(admin, component)
    amendment.component.refresh_from_db()
    services.reject_amendment(actor=resident, amendment=amendment)
    refused(
        AmendmentError.NOT_EVALUATING,
        services.support_amendment,
        actor=resident,
        amendment=amendment,
    )
    assert not AmendmentVote.objects.exists()
    amendment.refresh_from_db()
    assert amendment.votes_count == 0


def test_erasing_an_account_takes_its_supports_off_the_counters(proposal, organization, neighbour):
    from proposals.personal_data.amendments import erase_amendments, export_amendments

    amendment = amend(neighbour, proposal)
    voter = make_user(organization)
    services.support_amendment(actor=voter, amendment=amendment)
    exported = export_amendments(neighbour)
    assert exported["amendments"][0]["title"] == NEW_TITLE
    assert export_amendments(voter)["amendment_supports"][0]["amendment_id"] == amendment.pk
    erase_amendments(voter)
    amendment.refresh_from_db()
    assert amendment.votes_count == 0 and not AmendmentVote.objects.exists()


# --- Visibility and the listing filter ------------------------------------------------------------


def test_participants_only_visibility(admin, proposal, resident, neighbour, organization):
    other = make_user(organization)
    mine = amend(neighbour, proposal)
    theirs = amend(other, proposal, title="Des tables au bord de la Loire")
    enable(admin, proposal.component, amendments_visibility="participants")
    proposal.component.refresh_from_db()
    assert list(selectors.visible_amendments(proposal, neighbour)) == [mine]
    assert list(selectors.visible_amendments(proposal, resident)) == [mine, theirs]
    assert list(selectors.visible_amendments(proposal, None)) == []
    refused(
        AmendmentError.NOT_VISIBLE,
        services.support_amendment,
        actor=neighbour,
        amendment=theirs,
    )
    services.support_amendment(actor=neighbour, amendment=mine)


def test_amendments_vanish_when_the_setting_is_off(admin, proposal, neighbour):
    amend(neighbour, proposal)
    configure_proposals(admin, proposal.component, settings={"amendments_enabled": False})
    proposal.component.refresh_from_db()
    assert list(selectors.visible_amendments(proposal, neighbour)) == []


def _filtered(component, user, value):
    data = {"amendments": value} if value is not None else {}
    found = ProposalFilter(
        data,
        queryset=Proposal.objects.published().filter(component=component),
        categories=Category.objects.none(),
        scopes=Scope.objects.none(),
        user=user,
        component=component,
    )
    return set(found.qs if found.is_valid() else found.queryset)


def test_the_listing_filters_with_or_without_amendments(
    admin, proposal, amendable, resident, neighbour, organization
):
    quiet = make_proposal(amendable, neighbour, title="Un composteur rue des Lilas")
    amend(neighbour, proposal)
    assert _filtered(amendable, None, "with") == {proposal}
    assert _filtered(amendable, None, "without") == {quiet}
    assert _filtered(amendable, None, None) == {proposal, quiet}
    # Not in the allow-list: the filter is dropped, never echoed or applied.
    assert _filtered(amendable, None, "<script>") == {proposal, quiet}
    enable(admin, amendable, amendments_visibility="participants")
    amendable.refresh_from_db()
    assert _filtered(amendable, None, "with") == set()
    assert _filtered(amendable, make_user(organization), "with") == set()
    assert _filtered(amendable, neighbour, "with") == {proposal}
    assert _filtered(amendable, resident, "with") == {proposal}
    configure_proposals(admin, amendable, settings={"amendments_enabled": False})
    amendable.refresh_from_db()
    form = ProposalFilter(
        {},
        queryset=Proposal.objects.none(),
        categories=Category.objects.none(),
        scopes=Scope.objects.none(),
        component=amendable,
    ).form
    assert "amendments" not in form.fields
    assert _filtered(amendable, None, "with") == {proposal, quiet}


def test_the_demo_has_a_few_amendments(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", "--participants", "6", "--proposals", "12", stdout=StringIO())
    amendments = Amendment.objects.select_related("proposal", "resulting_version")
    assert amendments.count() == 4
    assert {a.state for a in amendments} == {"accepted", "evaluating", "rejected"}
    accepted = amendments.get(state=AmendmentState.ACCEPTED)
    assert accepted.proposal.title == accepted.title
    assert accepted.resulting_version.number == 2
    assert accepted.resulting_version.editor_id == accepted.amender_id
    for amendment in amendments:
        assert amendment.amender_id != amendment.proposal.author_id
        assert amendment.votes_count == amendment.votes.count() > 0
    assert services.amendments_enabled(component=accepted.component)
