"""Bulk actions on the back-office list, the list's filters and its query count, hiding."""

import pytest
from django.core.exceptions import ValidationError

from participation.models import ActionLog, Category, Scope
from participation.moderation.models import Moderation
from proposals.errors import BackofficeError
from proposals.models import EvaluatorAssignment, Proposal, ProposalState
from proposals.services import answers, bulk, evaluation
from tests.factories import ProcessFactory, make_proposal, make_user
from tests.proposals.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(process, organization):
    return Category.objects.create(
        organization=organization,
        space=process,
        name="Mobilité",
    )


@pytest.fixture
def scope(organization):
    return Scope.objects.create(organization=organization, title="Quartier Nord")


@pytest.fixture
def three(component, resident):
    return [
        make_proposal(component, resident, title=f"Proposition numéro {n} pour la ville")
        for n in range(3)
    ]


def _ids(proposals):
    return [str(p.pk) for p in proposals]


def test_bulk_category_and_scope(admin, component, three, category, scope):
    count = bulk.bulk_action(
        actor=admin,
        component=component,
        proposal_ids=_ids(three[:2]),
        action="category",
        value=category.pk,
    )
    assert count == 2
    assert Proposal.objects.filter(category=category).count() == 2
    assert ActionLog.objects.filter(action="proposals.category_changed").count() == 2
    assert (
        bulk.bulk_action(
            actor=admin,
            component=component,
            proposal_ids=_ids(three),
            action="scope",
            value=scope.pk,
        )
        == 3
    )
    # Unchanged ones are not counted twice.
    assert (
        bulk.bulk_action(
            actor=admin,
            component=component,
            proposal_ids=_ids(three),
            action="category",
            value=category.pk,
        )
        == 1
    )


def test_a_category_of_another_space_is_refused_and_nothing_changes(
    admin, component, three, organization
):
    elsewhere = ProcessFactory(organization=organization, slug="x", title="X")
    foreign = Category.objects.create(
        organization=organization,
        space=elsewhere,
        name="Ailleurs",
    )
    with pytest.raises(ValidationError):
        bulk.bulk_action(
            actor=admin,
            component=component,
            proposal_ids=_ids(three),
            action="category",
            value=foreign.pk,
        )
    assert not Proposal.objects.filter(category__isnull=False).exists()


def test_bulk_assign_unassign(admin, component, three, evaluator):
    assert (
        bulk.bulk_action(
            actor=admin,
            component=component,
            proposal_ids=_ids(three),
            action="assign",
            value=evaluator,
        )
        == 3
    )
    assert EvaluatorAssignment.objects.count() == 3
    assert (
        bulk.bulk_action(
            actor=admin,
            component=component,
            proposal_ids=_ids(three[:1]),
            action="unassign",
            value=evaluator,
        )
        == 1
    )
    assert EvaluatorAssignment.objects.count() == 2


def test_bulk_answer_is_all_or_nothing(admin, component, three):
    answers.answer_proposal(actor=admin, proposal=three[0], state="evaluating", text="<p>Vu</p>")
    # Rejecting needs an explanation: the two without one refuse, so nothing changes.
    with pytest.raises(ValidationError) as error:
        bulk.bulk_action(
            actor=admin,
            component=component,
            proposal_ids=_ids(three),
            action="answer",
            value="rejected",
        )
    assert three[1].title in error.value.messages[0]
    assert set(Proposal.objects.values_list("state", flat=True)) == {
        ProposalState.EVALUATING,
        ProposalState.NOT_ANSWERED,
    }
    count = bulk.bulk_action(
        actor=admin,
        component=component,
        proposal_ids=_ids(three),
        action="answer",
        value="accepted",
    )
    assert count == 3
    assert set(Proposal.objects.values_list("state", flat=True)) == {ProposalState.ACCEPTED}
    # The answer text written before is kept.
    three[0].refresh_from_db()
    assert three[0].answer.text == "<p>Vu</p>"


def test_bulk_publish_answers(admin, component, three):
    for proposal in three[:2]:
        answers.answer_proposal(actor=admin, proposal=proposal, state="accepted", publish=False)
    count = bulk.bulk_action(
        actor=admin, component=component, proposal_ids=_ids(three), action="publish_answers"
    )
    assert count == 2
    assert Proposal.objects.filter(state=ProposalState.ACCEPTED).count() == 2


def test_bulk_refuses_empty_foreign_and_unauthorised_selections(
    admin, component, three, evaluator, resident, other_organization
):
    with pytest.raises(ValidationError) as error:
        bulk.bulk_action(actor=admin, component=component, proposal_ids=[], action="scope")
    assert error.value.error_code == BackofficeError.EMPTY_SELECTION
    from participation.components import services as components

    other = components.add_component(
        actor=admin, space=component.space, manifest_name="proposals", name="Autre"
    )
    stray = make_proposal(other, resident, title="Proposition d'un autre composant")
    with pytest.raises(ValidationError):
        bulk.bulk_action(
            actor=admin,
            component=component,
            proposal_ids=_ids([three[0], stray]),
            action="answer",
            value="accepted",
        )
    for person in (evaluator, resident, make_user(other_organization, admin=True)):
        with pytest.raises(ValidationError) as error:
            bulk.bulk_action(
                actor=person,
                component=component,
                proposal_ids=_ids(three),
                action="answer",
                value="accepted",
            )
        assert error.value.error_code == BackofficeError.PERMISSION_DENIED
    with pytest.raises(ValidationError):
        bulk.bulk_action(actor=admin, component=component, proposal_ids=_ids(three), action="x")
    assert not Proposal.objects.exclude(state=ProposalState.NOT_ANSWERED).exists()


def test_bulk_through_the_list_without_javascript(admin, component, three, category):
    client = client_for(admin)
    response = client.post(
        component.admin_url("bulk"),
        {"proposals": _ids(three[:2]), "action": "category", "category": str(category.pk)},
        follow=True,
    )
    assert "2 propositions modifiées." in response.content.decode()
    assert Proposal.objects.filter(category=category).count() == 2
    response = client.post(
        component.admin_url("bulk"),
        {"action": "category", "category": str(category.pk)},
        follow=True,
    )
    assert "Sélectionnez au moins une proposition." in response.content.decode()
    assert client.get(component.admin_url("bulk")).status_code == 405


# --- The list ---------------------------------------------------------------------------------------


def test_list_filters(admin, component, three, category, evaluator, resident):
    bulk.bulk_action(
        actor=admin,
        component=component,
        proposal_ids=_ids(three[:1]),
        action="category",
        value=category.pk,
    )
    evaluation.assign(actor=admin, proposals=[three[1]], evaluator=evaluator)
    answers.answer_proposal(actor=admin, proposal=three[2], state="accepted")
    client = client_for(admin)
    index = component.admin_url("index")

    def titles(**params):
        body = client.get(index, params).content.decode()
        return {p.title for p in three if p.title in body}

    assert titles() == {p.title for p in three}
    assert titles(category=category.pk) == {three[0].title}
    assert titles(evaluator=evaluator.pk) == {three[1].title}
    assert titles(state="accepted") == {three[2].title}
    assert titles(answered="yes") == {three[2].title}
    assert titles(answered="no") == {three[0].title, three[1].title}
    assert titles(q="numéro 1") == {three[1].title}
    assert titles(q=str(three[0].pk)) >= {three[0].title}
    # An unknown value is dropped, never an error.
    assert titles(state="nonsense", category="999999") == {p.title for p in three}


def test_list_query_count_does_not_grow(
    admin, component, resident, category, evaluator, django_assert_num_queries
):
    client = client_for(admin)
    url = component.admin_url("index")

    def fill(count):
        for n in range(count):
            proposal = make_proposal(
                component, resident, title=f"Une proposition de plus {n}", category=category
            )
            evaluation.assign(actor=admin, proposals=[proposal], evaluator=evaluator)
            answers.answer_proposal(actor=admin, proposal=proposal, state="accepted")

    fill(2)
    client.get(url)  # warm caches (content types, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    fill(8)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('name="proposals"') == 10


# --- Hiding ------------------------------------------------------------------------------------------


def test_admins_hide_from_the_list_and_the_proposal_vanishes(admin, component, three, resident):
    hidden = three[0]
    client = client_for(admin)
    assert client.get(component.admin_url("hide", pk=hidden.pk)).status_code == 200
    assert client.post(component.admin_url("hide", pk=hidden.pk)).status_code == 302
    assert Moderation.objects.get(object_id=hidden.pk).is_hidden
    assert ActionLog.objects.filter(action="moderation.hidden").exists()
    public = client_for(resident)
    assert hidden.title not in public.get(component.url("index")).content.decode()
    assert three[1].title in public.get(component.url("index")).content.decode()
    assert public.get(hidden.get_absolute_url()).status_code == 404
    assert hidden.title not in public.get(component.url("export_csv")).content.decode()
    assert hidden.title not in public.get("/search/?q=numéro").content.decode()
    assert component.manifest.metrics(component)["proposals"] == 2
    # Still in the back-office, flagged.
    response = client.get(component.admin_url("index"))
    body = response.content.decode()
    assert hidden.title in body and "Masquée par la modération" in body


def test_evaluators_and_participants_cannot_hide(component, three, evaluator, resident):
    from participation.moderation.services import hide_item

    for person in (evaluator, resident):
        with pytest.raises(ValidationError):
            hide_item(actor=person, item=three[0])
    assert not Moderation.objects.exists()
