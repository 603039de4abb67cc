"""Official answers and custom states: services, permissions, notifications, public pages."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from participation.colours import contrast_ratio
from participation.models import ActionLog
from participation.notifications.models import Follow, Notification
from participation.search.models import SearchDocument
from proposals.errors import BackofficeError
from proposals.models import Proposal, ProposalAnswer, ProposalCustomState, ProposalState
from proposals.services import answers
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.factories import configure_proposals, make_proposal, make_user
from tests.proposals.conftest import client_for

pytestmark = pytest.mark.django_db

STATE = {
    "token": "voted",
    "name_fr": "Soumise au vote",
    "name_en": "Put to the vote",
    "background_color": "#1f5c99",
    "text_color": "#ffffff",
    "counts_as": "accepted",
}


def _code(error):
    return getattr(error.value, "error_code", None)


# --- Custom states ----------------------------------------------------------------------------


def test_admin_creates_a_custom_state_and_it_is_logged(admin, component):
    state = answers.create_custom_state(actor=admin, component=component, data=STATE)
    assert state.token == "voted" and state.counts_as == "accepted"
    entry = ActionLog.objects.get(action="proposals.state_created")
    assert entry.changes["token"] == [None, "voted"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("token", "accepted"),  # a built-in state's code
        ("token", "Not a slug!"),
        ("name_fr", ""),
        ("name_en", "  "),
        ("background_color", "blue"),
        ("text_color", "#fffffg"),
    ],
)
def test_bad_state_input_is_refused_with_a_message_and_nothing_changes(
    admin, component, field, value
):
    with pytest.raises(ValidationError) as error:
        answers.create_custom_state(actor=admin, component=component, data={**STATE, field: value})
    assert field in error.value.message_dict
    assert not ProposalCustomState.objects.exists()


def test_unreadable_colours_are_refused_using_the_contrast_helper(admin, component):
    data = {**STATE, "background_color": "#ffff00", "text_color": "#ffffff"}
    assert contrast_ratio("#ffff00", "#ffffff") < answers.MIN_CONTRAST
    with pytest.raises(ValidationError) as error:
        answers.create_custom_state(actor=admin, component=component, data=data)
    assert "4.5:1" in error.value.message_dict["text_color"][0]
    assert not ProposalCustomState.objects.exists()


def test_a_state_code_is_unique_per_component(admin, component):
    answers.create_custom_state(actor=admin, component=component, data=STATE)
    with pytest.raises(ValidationError):
        answers.create_custom_state(actor=admin, component=component, data=STATE)
    assert ProposalCustomState.objects.count() == 1


def test_only_administrators_manage_states(component, resident, organization):
    evaluator = make_user(organization)
    assign_space_role(
        actor=make_user(organization, admin=True),
        space=component.space,
        role=SpaceRole.EVALUATOR,
        user=evaluator,
    )
    for person in (resident, evaluator):
        with pytest.raises(ValidationError) as error:
            answers.create_custom_state(actor=person, component=component, data=STATE)
        assert _code(error) == BackofficeError.PERMISSION_DENIED
    assert not ProposalCustomState.objects.exists()


def test_a_state_in_use_cannot_be_deleted(admin, component, resident):
    state = answers.create_custom_state(actor=admin, component=component, data=STATE)
    proposal = make_proposal(component, resident)
    answers.answer_proposal(
        actor=admin, proposal=proposal, state="", custom_state=state, text="<p>Oui</p>"
    )
    with pytest.raises(ValidationError) as error:
        answers.delete_custom_state(actor=admin, state=state)
    assert _code(error) == BackofficeError.STATE_IN_USE
    assert ProposalCustomState.objects.filter(pk=state.pk).exists()


def test_built_in_badge_colours_are_readable():
    # Kept in proposals/static/proposals/states.css: white text on each background.
    for colour in ("#17663a", "#a3141e", "#7a4b00", "#4a4a55"):
        assert contrast_ratio(colour, "#ffffff") >= 4.5


# --- Answers ------------------------------------------------------------------------------------


def test_answer_published_immediately_sets_the_state_logs_and_notifies(
    admin, component, resident, neighbour, django_capture_on_commit_callbacks
):
    proposal = make_proposal(component, resident)
    Follow.objects.create(
        organization=component.organization,
        user=neighbour,
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=proposal.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer = answers.answer_proposal(
            actor=admin,
            proposal=proposal,
            state=ProposalState.ACCEPTED,
            text="<p>Bonne idée <script>alert(1)</script></p>",
        )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and answer.is_published
    assert "<script>" not in answer.text
    entry = ActionLog.objects.get(action="proposals.answered")
    assert entry.changes["state"] == [None, "accepted"]
    notified = set(
        Notification.objects.filter(event_name="proposals.proposal_answered").values_list(
            "user_id", flat=True
        )
    )
    assert notified == {resident.pk, neighbour.pk}


def test_answer_changes_are_logged_before_and_after(admin, component, resident):
    proposal = make_proposal(component, resident)
    answers.answer_proposal(actor=admin, proposal=proposal, state="evaluating", text="<p>A</p>")
    answers.answer_proposal(actor=admin, proposal=proposal, state="rejected", text="<p>B</p>")
    last = ActionLog.objects.filter(action="proposals.answered").order_by("-id").first()
    assert last.changes["state"] == ["evaluating", "rejected"]
    assert last.changes["text"] == ["<p>A</p>", "<p>B</p>"]


def test_a_rejection_needs_an_explanation(admin, component, resident):
    proposal = make_proposal(component, resident)
    with pytest.raises(ValidationError) as error:
        answers.answer_proposal(actor=admin, proposal=proposal, state="rejected", text="  ")
    assert "text" in error.value.message_dict
    assert not ProposalAnswer.objects.exists()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.NOT_ANSWERED


def test_costs_are_required_for_accepted_answers_when_the_setting_is_on(admin, component, resident):
    configure_proposals(admin, component, settings={"answers_with_costs": True})
    proposal = make_proposal(component, resident)
    with pytest.raises(ValidationError) as error:
        answers.answer_proposal(actor=admin, proposal=proposal, state="accepted", text="<p>Oui</p>")
    assert set(error.value.message_dict) == {"cost", "cost_report", "execution_period"}
    with pytest.raises(ValidationError) as error:
        answers.answer_proposal(
            actor=admin,
            proposal=proposal,
            state="accepted",
            cost="-3",
            cost_report="<p>Devis</p>",
            execution_period="<p>2027</p>",
        )
    assert "cost" in error.value.message_dict
    assert not ProposalAnswer.objects.exists()
    answer = answers.answer_proposal(
        actor=admin,
        proposal=proposal,
        state="accepted",
        cost="12 500,50",
        cost_report="<p>Devis de la régie</p>",
        execution_period="<p>Printemps 2027</p>",
    )
    assert answer.cost == Decimal("12500.50")
    # Rejected answers need no cost even with the setting on.
    other = make_proposal(component, resident, title="Une autre idée pour la ville")
    answers.answer_proposal(actor=admin, proposal=other, state="rejected", text="<p>Non</p>")


def test_unpublished_answers_wait_and_publishing_notifies(
    admin, component, resident, django_capture_on_commit_callbacks
):
    configure_proposals(admin, component, settings={"publish_answers_immediately": False})
    proposal = make_proposal(component, resident)
    with django_capture_on_commit_callbacks(execute=True):
        answer = answers.answer_proposal(
            actor=admin, proposal=proposal, state="accepted", text="<p>Oui</p>"
        )
    assert not answer.is_published
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.NOT_ANSWERED
    assert not Notification.objects.exists()
    body = client_for(resident).get(proposal.get_absolute_url()).content.decode()
    assert "Oui" not in body
    with django_capture_on_commit_callbacks(execute=True):
        answers.publish_answer(actor=admin, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert Notification.objects.filter(user=resident).count() == 1
    with pytest.raises(ValidationError) as error:
        answers.publish_answer(actor=admin, proposal=proposal)
    assert _code(error) == BackofficeError.NOTHING_TO_PUBLISH


def test_rewriting_a_published_answer_without_publishing_hides_it_until_published(
    admin, component, resident
):
    proposal = make_proposal(component, resident)
    answers.answer_proposal(actor=admin, proposal=proposal, state="accepted", text="<p>Oui</p>")
    answers.answer_proposal(
        actor=admin, proposal=proposal, state="rejected", text="<p>Non</p>", publish=False
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.NOT_ANSWERED
    assert not proposal.answer.is_published


def test_a_custom_state_counts_as_its_meaning(admin, component, resident):
    state = answers.create_custom_state(actor=admin, component=component, data=STATE)
    proposal = make_proposal(component, resident)
    kind, custom = answers.parse_state(component=component, value=f"custom-{state.pk}")
    answers.answer_proposal(actor=admin, proposal=proposal, state=kind, custom_state=custom)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.custom_state == state
    answers.update_custom_state(actor=admin, state=state, data={**STATE, "counts_as": "rejected"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED
    # The search result's state badge follows (the service rewrites the rows with update()).
    document = SearchDocument.objects.get(searchable="proposals", object_id=proposal.pk)
    assert document.state_key == ProposalState.REJECTED


def test_another_components_state_is_refused(admin, component, resident, process):
    from participation.components import services as components

    other = components.add_component(
        actor=admin, space=process, manifest_name="proposals", name="Autres"
    )
    foreign = answers.create_custom_state(actor=admin, component=other, data=STATE)
    proposal = make_proposal(component, resident)
    with pytest.raises(ValidationError):
        answers.parse_state(component=component, value=f"custom-{foreign.pk}")
    with pytest.raises(ValidationError):
        answers.answer_proposal(actor=admin, proposal=proposal, state="", custom_state=foreign)
    assert not ProposalAnswer.objects.exists()


def test_withdrawn_proposals_and_drafts_cannot_be_answered(admin, component, resident):
    withdrawn = make_proposal(component, resident, state=ProposalState.WITHDRAWN)
    draft = make_proposal(
        component, resident, title="Un brouillon de proposition", published_at=None
    )
    for proposal in (withdrawn, draft):
        with pytest.raises(ValidationError) as error:
            answers.answer_proposal(actor=admin, proposal=proposal, state="accepted")
        assert _code(error) == BackofficeError.NOT_ANSWERABLE
    assert not ProposalAnswer.objects.exists()


def test_participants_and_other_organisations_cannot_answer(
    component, resident, other_organization
):
    proposal = make_proposal(component, resident)
    stranger = make_user(other_organization, admin=True)
    for person in (resident, stranger):
        with pytest.raises(ValidationError) as error:
            answers.answer_proposal(actor=person, proposal=proposal, state="accepted")
        assert _code(error) == BackofficeError.PERMISSION_DENIED
    assert not ProposalAnswer.objects.exists()


# --- Pages ----------------------------------------------------------------------------------------


def test_the_public_page_shows_the_answer_and_the_coloured_badge(admin, component, resident):
    state = answers.create_custom_state(actor=admin, component=component, data=STATE)
    proposal = make_proposal(component, resident)
    answers.answer_proposal(
        actor=admin, proposal=proposal, state="", custom_state=state, text="<p>Au vote !</p>"
    )
    body = client_for().get(proposal.get_absolute_url()).content.decode()
    assert 'class="proposal-answer"' in body and "Au vote !" in body
    assert state.css_class in body
    listing = client_for().get(component.url("index")).content.decode()
    assert state.css_class in listing and "Soumise au vote" in listing
    css = client_for().get(component.url("states_css"))
    assert css["Content-Type"].startswith("text/css")
    assert f".{state.css_class}{{background:#1f5c99" in css.content.decode()


def test_the_admin_answers_through_the_back_office(admin, component, resident):
    proposal = make_proposal(component, resident)
    client = client_for(admin)
    url = component.admin_url("answer", pk=proposal.pk)
    response = client.post(url, {"state": "rejected", "text": ""})
    assert response.status_code == 400
    assert "Expliquez pourquoi la proposition est rejetée." in response.content.decode()
    assert not ProposalAnswer.objects.exists()
    response = client.post(url, {"state": "accepted", "text": "<p>Nous le ferons.</p>"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    page = client.get(component.admin_url("detail", pk=proposal.pk))
    assert page.status_code == 200 and "Nous le ferons." in page.content.decode()


def test_states_pages_create_edit_and_delete(admin, component):
    client = client_for(admin)
    response = client.post(component.admin_url("states"), {**STATE, "text_color": "#2f6cb0"})
    assert response.status_code == 400 and "4.5:1" in response.content.decode()
    assert client.post(component.admin_url("states"), STATE).status_code == 302
    state = ProposalCustomState.objects.get()
    response = client.post(
        component.admin_url("state_edit", pk=state.pk), {**STATE, "name_fr": "Votée"}
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.name_fr == "Votée"
    assert client.post(component.admin_url("state_delete", pk=state.pk)).status_code == 302
    assert not ProposalCustomState.objects.exists()


def test_a_component_whose_answers_use_its_states_can_still_be_deleted(admin, component, resident):
    from participation.components import services as components

    state = answers.create_custom_state(actor=admin, component=component, data=STATE)
    proposal = make_proposal(component, resident)
    answers.answer_proposal(actor=admin, proposal=proposal, state="", custom_state=state)
    components.delete_component(actor=admin, component=component)
    assert not Proposal.objects.exists() and not ProposalCustomState.objects.exists()


def test_exports_carry_published_answers_only(admin, component, resident):
    state = answers.create_custom_state(actor=admin, component=component, data=STATE)
    published = make_proposal(component, resident)
    waiting = make_proposal(component, resident, title="Une idée encore à l'étude")
    answers.answer_proposal(
        actor=admin, proposal=published, state="", custom_state=state, text="<p>Au vote</p>"
    )
    answers.answer_proposal(
        actor=admin, proposal=waiting, state="rejected", text="<p>Secret</p>", publish=False
    )
    rows = {row["id"]: row for row in component.manifest.exports["proposals"](component)}
    assert rows[published.pk]["answer"] == "Au vote"
    assert rows[published.pk]["custom_state"] == "voted"
    assert rows[waiting.pk]["answer"] == "" and rows[waiting.pk]["state"] == "not_answered"
    csv = client_for().get(component.url("export_csv")).content.decode()
    assert "Au vote" in csv and "Secret" not in csv
