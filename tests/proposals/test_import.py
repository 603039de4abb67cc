"""Importing proposals from another proposals component of the same organisation."""

import pytest
from django.core.exceptions import ValidationError

from participation.components import services as components
from participation.moderation.services import hide_item
from proposals.errors import BackofficeError
from proposals.models import LinkKind, Proposal, ProposalLink, ProposalState
from proposals.services import merging
from tests.factories import ProcessFactory, make_proposal, make_user
from tests.proposals.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(admin, process):
    return components.add_component(
        actor=admin, space=process, manifest_name="proposals", name="Projets retenus"
    )


@pytest.fixture
def sources(component, resident, neighbour):
    return {
        "accepted": make_proposal(
            component, resident, title="Un composteur collectif", state=ProposalState.ACCEPTED
        ),
        "accepted_too": make_proposal(
            component, neighbour, title="Une boîte à livres", state=ProposalState.ACCEPTED
        ),
        "rejected": make_proposal(
            component, resident, title="Un parking en centre-ville", state=ProposalState.REJECTED
        ),
        "withdrawn": make_proposal(
            component,
            resident,
            title="Une idée retirée par son auteur",
            state=ProposalState.WITHDRAWN,
        ),
        "draft": make_proposal(
            component,
            resident,
            title="Un brouillon jamais publié",
            published_at=None,
            state=ProposalState.ACCEPTED,
        ),
    }


def test_import_only_accepted_keeps_authors_and_links(admin, component, target, sources):
    count = merging.import_proposals(
        actor=admin, component=target, source=component, states=["accepted"]
    )
    assert count == 2
    copies = {p.title: p for p in Proposal.objects.filter(component=target)}
    assert set(copies) == {"Un composteur collectif", "Une boîte à livres"}
    assert copies["Un composteur collectif"].author == sources["accepted"].author
    assert copies["Une boîte à livres"].author == sources["accepted_too"].author
    # Copies start unanswered; originals are left as they were.
    assert {p.state for p in copies.values()} == {ProposalState.NOT_ANSWERED}
    sources["accepted"].refresh_from_db()
    assert sources["accepted"].state == ProposalState.ACCEPTED
    link = ProposalLink.objects.get(result=copies["Un composteur collectif"])
    assert link.kind == LinkKind.IMPORTED and link.source == sources["accepted"]


def test_importing_twice_imports_nothing_twice(admin, component, target, sources):
    merging.import_proposals(actor=admin, component=target, source=component, states=["accepted"])
    again = merging.import_proposals(
        actor=admin, component=target, source=component, states=["accepted", "rejected"]
    )
    assert again == 1
    assert Proposal.objects.filter(component=target).count() == 3


def test_hidden_proposals_are_not_imported(admin, component, target, sources):
    hide_item(actor=admin, item=sources["accepted"])
    count = merging.import_proposals(
        actor=admin, component=target, source=component, states=["accepted"]
    )
    assert count == 1


def test_import_never_crosses_organisations(admin, target, other_organization):
    foreign_admin = make_user(other_organization, admin=True)
    elsewhere = ProcessFactory(organization=other_organization, slug="ailleurs", title="Ailleurs")
    foreign = components.add_component(
        actor=foreign_admin, space=elsewhere, manifest_name="proposals", name="Leurs idées"
    )
    make_proposal(foreign, foreign_admin, title="Une idée d'une autre ville", state="accepted")
    with pytest.raises(ValidationError) as error:
        merging.import_proposals(actor=admin, component=target, source=foreign, states=["accepted"])
    assert error.value.error_code == BackofficeError.OTHER_ORGANIZATION
    assert not Proposal.objects.filter(component=target).exists()
    # The other organisation's components are not even offered.
    assert foreign not in merging.import_sources(actor=admin, component=target)
    page = client_for(admin).get(target.admin_url("import")).content.decode()
    assert "Leurs idées" not in page
    response = client_for(admin).post(
        target.admin_url("import"), {"source": str(foreign.pk), "states": ["accepted"]}
    )
    assert response.status_code == 400
    assert not Proposal.objects.filter(component=target).exists()


def test_import_needs_states_and_an_admin(admin, component, target, sources, resident):
    with pytest.raises(ValidationError):
        merging.import_proposals(actor=admin, component=target, source=component, states=[])
    with pytest.raises(ValidationError) as error:
        merging.import_proposals(
            actor=resident, component=target, source=component, states=["accepted"]
        )
    assert error.value.error_code == BackofficeError.PERMISSION_DENIED
    assert not Proposal.objects.filter(component=target).exists()


def test_import_through_the_back_office_and_links_on_both_pages(admin, component, target, sources):
    components.publish_component(actor=admin, component=target)
    client = client_for(admin)
    response = client.post(
        target.admin_url("import"), {"source": str(component.pk), "states": ["accepted"]}
    )
    assert response.status_code == 302
    copy = Proposal.objects.get(component=target, title="Un composteur collectif")
    page = client_for().get(copy.get_absolute_url()).content.decode()
    assert "Importée de" in page
    original = client_for().get(sources["accepted"].get_absolute_url()).content.decode()
    assert "Importée dans" in original
