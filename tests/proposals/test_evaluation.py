"""Evaluators: assigned proposals only, answers, private notes kept private."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from participation.models import ActionLog
from participation.search.selectors import search
from proposals.errors import BackofficeError
from proposals.models import EvaluatorAssignment, ProposalNote, ProposalState
from proposals.services import answers, evaluation
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.factories import make_proposal, make_user
from tests.proposals.conftest import client_for

pytestmark = pytest.mark.django_db

SECRET = "Note confidentielle : devis trop élevé"


@pytest.fixture
def collaborator(organization, admin, process):
    person = make_user(organization, name="Colin Laborateur")
    assign_space_role(actor=admin, space=process, role=SpaceRole.COLLABORATOR, user=person)
    return person


@pytest.fixture
def mine(component, resident, admin, evaluator):
    proposal = make_proposal(component, resident, title="Un jardin partagé rue Haute")
    evaluation.assign(actor=admin, proposals=[proposal], evaluator=evaluator)
    return proposal


@pytest.fixture
def theirs(component, resident):
    return make_proposal(component, resident, title="Une piste cyclable quai Nord")


def test_the_space_evaluators_are_listed(process, evaluator, collaborator):
    assert evaluation.space_evaluators(space=process) == [evaluator]


def test_assigning_someone_without_the_role_is_refused(admin, component, resident, theirs):
    with pytest.raises(ValidationError) as error:
        evaluation.assign(actor=admin, proposals=[theirs], evaluator=resident)
    assert error.value.error_code == BackofficeError.NOT_AN_EVALUATOR
    assert not EvaluatorAssignment.objects.exists()


def test_only_administrators_assign(evaluator, resident, theirs, other_organization):
    for person in (evaluator, resident, make_user(other_organization, admin=True)):
        with pytest.raises(ValidationError) as error:
            evaluation.assign(actor=person, proposals=[theirs], evaluator=evaluator)
        assert error.value.error_code == BackofficeError.PERMISSION_DENIED
    assert not EvaluatorAssignment.objects.exists()


def test_assigning_is_logged_and_idempotent(admin, evaluator, theirs):
    assert evaluation.assign(actor=admin, proposals=[theirs], evaluator=evaluator) == 1
    assert evaluation.assign(actor=admin, proposals=[theirs], evaluator=evaluator) == 0
    assert ActionLog.objects.filter(action="proposals.evaluator_assigned").count() == 1
    assert evaluation.unassign(actor=admin, proposals=[theirs], evaluator=evaluator) == 1
    assert not EvaluatorAssignment.objects.filter(proposal=theirs).exists()


def test_an_evaluator_sees_only_assigned_proposals(component, evaluator, mine, theirs):
    client = client_for(evaluator)
    body = client.get(component.admin_url("index")).content.decode()
    assert mine.title in body and theirs.title not in body
    assert client.get(component.admin_url("detail", pk=mine.pk)).status_code == 200
    assert client.get(component.admin_url("detail", pk=theirs.pk)).status_code == 403


def test_an_evaluator_answers_assigned_proposals_only(evaluator, mine, theirs):
    answers.answer_proposal(actor=evaluator, proposal=mine, state="evaluating")
    mine.refresh_from_db()
    assert mine.state == ProposalState.EVALUATING
    with pytest.raises(ValidationError) as error:
        answers.answer_proposal(actor=evaluator, proposal=theirs, state="accepted")
    assert error.value.error_code == BackofficeError.PERMISSION_DENIED
    theirs.refresh_from_db()
    assert theirs.state == ProposalState.NOT_ANSWERED


def test_an_evaluator_changes_nothing_else(component, evaluator, mine):
    client = client_for(evaluator)
    for name, kwargs in (
        ("states", {}),
        ("import", {}),
        ("merge", {}),
        ("bulk", {}),
        ("hide", {"pk": mine.pk}),
        ("split", {"pk": mine.pk}),
        ("evaluators", {"pk": mine.pk}),
    ):
        assert client.post(component.admin_url(name, **kwargs), {}).status_code == 403, name


def test_notes_are_written_by_admins_and_assigned_evaluators(admin, evaluator, mine, theirs):
    evaluation.add_note(actor=evaluator, proposal=mine, body=SECRET)
    evaluation.add_note(actor=admin, proposal=theirs, body="Vu en commission")
    with pytest.raises(ValidationError) as error:
        evaluation.add_note(actor=evaluator, proposal=theirs, body="Je ne devrais pas")
    assert error.value.error_code == BackofficeError.PERMISSION_DENIED
    with pytest.raises(ValidationError):
        evaluation.add_note(actor=admin, proposal=theirs, body="   ")
    assert ProposalNote.objects.count() == 2
    # The log says a note was added, never what it says.
    entry = ActionLog.objects.filter(action="proposals.note_added").first()
    assert SECRET not in str(entry.changes)


def test_private_notes_never_leave_the_back_office(
    component, admin, evaluator, collaborator, resident, mine
):
    evaluation.add_note(actor=evaluator, proposal=mine, body=SECRET)
    # Admins and the evaluator read it in the back-office.
    for person in (admin, evaluator):
        body = client_for(person).get(component.admin_url("detail", pk=mine.pk)).content.decode()
        assert SECRET in body
    # A collaborator reads the back-office but not the notes.
    body = client_for(collaborator).get(component.admin_url("detail", pk=mine.pk))
    assert body.status_code == 200 and SECRET not in body.content.decode()
    assert evaluation.notes_for(user=collaborator, proposal=mine) == []
    # Never on public pages, exports or search, whoever asks.
    for person in (None, resident, admin):
        client = client_for(person)
        for url in (
            mine.get_absolute_url(),
            component.url("index"),
            component.url("export_csv"),
            component.url("export_json"),
            component.url("history", pk=mine.pk),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"confidentielle" not in response.content, url
        # Were notes indexed, the proposal would come up for a word only its note holds.
        found = client.get("/search/?q=confidentielle").content.decode()
        assert mine.title not in found and SECRET not in found
        found = client.get("/search/?q=jardin").content.decode()
        assert mine.title in found.replace("<mark>", "").replace("</mark>", "")
    rows = list(component.manifest.exports["proposals"](component))
    assert rows and "confidentielle" not in str(rows)
    assert not search(
        organization=component.organization, user=AnonymousUser(), text="confidentielle"
    )


def test_notes_through_the_back_office(component, evaluator, mine):
    client = client_for(evaluator)
    url = component.admin_url("add_note", pk=mine.pk)
    response = client.post(url, {"body": ""})
    assert response.status_code == 400
    assert not ProposalNote.objects.exists()
    assert client.post(url, {"body": SECRET}).status_code == 302
    assert ProposalNote.objects.get().author == evaluator


def test_collaborators_read_but_change_nothing(component, collaborator, mine, theirs):
    client = client_for(collaborator)
    body = client.get(component.admin_url("index")).content.decode()
    assert mine.title in body and theirs.title in body
    assert 'name="proposals"' not in body  # no bulk checkboxes
    response = client.post(component.admin_url("answer", pk=mine.pk), {"state": "accepted"})
    assert response.status_code == 403
    assert (
        client.post(component.admin_url("add_note", pk=mine.pk), {"body": "x"}).status_code == 403
    )
    mine.refresh_from_db()
    assert mine.state == ProposalState.NOT_ANSWERED


def test_moderators_and_participants_do_not_enter(component, organization, admin, resident):
    moderator = make_user(organization)
    assign_space_role(actor=admin, space=component.space, role=SpaceRole.MODERATOR, user=moderator)
    for person in (moderator, resident):
        assert client_for(person).get(component.admin_url("index")).status_code == 403


def test_admins_assign_through_the_back_office(admin, component, evaluator, theirs):
    client = client_for(admin)
    url = component.admin_url("evaluators", pk=theirs.pk)
    client.post(url, {"action": "assign", "evaluator": str(evaluator.pk)})
    assert EvaluatorAssignment.objects.filter(proposal=theirs, evaluator=evaluator).exists()
    client.post(url, {"action": "unassign", "evaluator": str(evaluator.pk)})
    assert not EvaluatorAssignment.objects.filter(proposal=theirs).exists()


def test_evaluators_find_the_proposals_back_office_from_the_components_list(
    component, evaluator, organization, admin
):
    from participation.components import services as components

    blog = components.add_component(
        actor=admin, space=component.space, manifest_name="blogs", name="Actualités"
    )
    url = f"/admin/spaces/processes/{component.space.slug}/components/"
    body = client_for(evaluator).get(url).content.decode()
    assert component.admin_url("index") in body
    # Other component types keep their admin pages for space administrators.
    assert blog.admin_url("index") not in body
    assert client_for(evaluator).get(blog.admin_url("index")).status_code == 403
