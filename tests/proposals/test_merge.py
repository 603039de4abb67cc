"""Merging proposals into one and splitting one into several, with links on both pages."""

import pytest
from django.core.exceptions import ValidationError

from participation.models import ActionLog
from proposals.errors import BackofficeError
from proposals.models import LinkKind, Proposal, ProposalLink, ProposalState
from proposals.services import merging
from tests.factories import make_proposal, make_user
from tests.proposals.conftest import client_for

pytestmark = pytest.mark.django_db

BODY = "<p>Les deux idées se rejoignent.</p>"


@pytest.fixture
def pair(component, resident, neighbour):
    return [
        make_proposal(component, resident, title="Des bancs au bord de la Loire"),
        make_proposal(component, neighbour, title="Des bancs sur les quais du fleuve"),
    ]


def test_merge_creates_an_official_proposal_and_withdraws_the_originals(admin, component, pair):
    merged = merging.merge_proposals(
        actor=admin,
        component=component,
        proposal_ids=[p.pk for p in pair],
        title="Des bancs le long de la Loire",
        body=BODY,
    )
    assert merged.author is None  # two authors: the organisation's proposal
    assert merged.published_at is not None and merged.versions.count() == 1
    for original in pair:
        original.refresh_from_db()
        assert original.state == ProposalState.WITHDRAWN
    assert set(
        ProposalLink.objects.filter(kind=LinkKind.MERGED).values_list("source_id", "result_id")
    ) == {(pair[0].pk, merged.pk), (pair[1].pk, merged.pk)}
    assert ActionLog.objects.filter(action="proposals.merged").count() == 2


def test_merge_keeps_a_shared_author(admin, component, resident):
    mine = [
        make_proposal(component, resident, title=f"Mon idée numéro {n} pour le parc")
        for n in range(2)
    ]
    merged = merging.merge_proposals(
        actor=admin,
        component=component,
        proposal_ids=[p.pk for p in mine],
        title="Mes idées pour le parc réunies",
        body=BODY,
    )
    assert merged.author == resident


def test_both_pages_show_the_links(admin, component, pair):
    merged = merging.merge_proposals(
        actor=admin,
        component=component,
        proposal_ids=[p.pk for p in pair],
        title="Des bancs le long de la Loire",
        body=BODY,
    )
    client = client_for()
    original_page = client.get(pair[0].get_absolute_url()).content.decode()
    assert "Fusionnée dans" in original_page and merged.title in original_page
    merged_page = client.get(merged.get_absolute_url()).content.decode()
    assert "Fusion de" in merged_page
    assert pair[0].title in merged_page and pair[1].title in merged_page
    admin_page = client_for(admin).get(component.admin_url("detail", pk=merged.pk))
    assert pair[0].title in admin_page.content.decode()


@pytest.mark.parametrize("title", ["", "Trop court"])
def test_bad_merge_input_changes_nothing(admin, component, pair, title):
    with pytest.raises(ValidationError):
        merging.merge_proposals(
            actor=admin,
            component=component,
            proposal_ids=[p.pk for p in pair],
            title=title,
            body=BODY,
        )
    assert Proposal.objects.count() == 2
    assert not Proposal.objects.filter(state=ProposalState.WITHDRAWN).exists()
    assert not ProposalLink.objects.exists()


def test_merge_needs_two_open_proposals_and_an_admin(admin, component, pair, resident):
    with pytest.raises(ValidationError) as error:
        merging.merge_proposals(
            actor=admin, component=component, proposal_ids=[pair[0].pk], title="x" * 20, body=BODY
        )
    assert error.value.error_code == BackofficeError.EMPTY_SELECTION
    with pytest.raises(ValidationError) as error:
        merging.merge_proposals(
            actor=resident,
            component=component,
            proposal_ids=[p.pk for p in pair],
            title="x" * 20,
            body=BODY,
        )
    assert error.value.error_code == BackofficeError.PERMISSION_DENIED
    Proposal.objects.filter(pk=pair[1].pk).update(state=ProposalState.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        merging.merge_proposals(
            actor=admin,
            component=component,
            proposal_ids=[p.pk for p in pair],
            title="x" * 20,
            body=BODY,
        )
    assert error.value.error_code == BackofficeError.NOT_MERGEABLE
    assert Proposal.objects.count() == 2


def test_split_keeps_the_author_and_links_each_part(admin, component, pair, resident):
    original = pair[0]
    parts = merging.split_proposal(
        actor=admin,
        component=component,
        proposal_id=original.pk,
        parts=[
            {"title": "Des bancs quai de la Loire", "body": "<p>Premier tronçon</p>"},
            {"title": "Des bancs quai du Port", "body": "<p>Second tronçon</p>"},
            {"title": "", "body": ""},
        ],
    )
    assert len(parts) == 2 and all(part.author == resident for part in parts)
    original.refresh_from_db()
    assert original.state == ProposalState.WITHDRAWN
    assert ProposalLink.objects.filter(source=original, kind=LinkKind.SPLIT).count() == 2
    page = client_for().get(original.get_absolute_url()).content.decode()
    assert "Divisée en" in page and "Des bancs quai du Port" in page


def test_a_split_needs_two_parts(admin, component, pair):
    with pytest.raises(ValidationError):
        merging.split_proposal(
            actor=admin,
            component=component,
            proposal_id=pair[0].pk,
            parts=[{"title": "Une seule partie valable", "body": "<p>Seule</p>"}],
        )
    assert Proposal.objects.count() == 2


def test_merge_and_split_through_the_back_office(admin, component, pair):
    client = client_for(admin)
    url = component.admin_url("merge")
    # The list's button posts the selection: the form, unbound.
    response = client.post(url, {"proposals": [str(p.pk) for p in pair]})
    assert response.status_code == 200 and pair[1].title in response.content.decode()
    response = client.post(
        url,
        {"proposals": [str(p.pk) for p in pair], "confirm": "1", "title": "x", "body": BODY},
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "proposals": [str(p.pk) for p in pair],
            "confirm": "1",
            "title": "Des bancs le long de la Loire",
            "body": BODY,
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.count() == 3
    merged = Proposal.objects.order_by("-pk").first()
    response = client.post(
        component.admin_url("split", pk=merged.pk),
        {
            "title_1": "Des bancs quai de la Loire",
            "body_1": "<p>Un</p>",
            "title_2": "Des bancs quai du Port",
            "body_2": "<p>Deux</p>",
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.count() == 5


def test_another_organisations_admin_cannot_merge(component, pair, other_organization):
    stranger = make_user(other_organization, admin=True)
    with pytest.raises(ValidationError):
        merging.merge_proposals(
            actor=stranger,
            component=component,
            proposal_ids=[p.pk for p in pair],
            title="x" * 20,
            body=BODY,
        )
    assert Proposal.objects.count() == 2


def test_the_links_cost_a_fixed_number_of_queries(
    admin, component, resident, django_assert_num_queries
):
    originals = [
        make_proposal(component, resident, title=f"Une idée de banc numéro {n}") for n in range(6)
    ]
    merged = merging.merge_proposals(
        actor=admin,
        component=component,
        proposal_ids=[p.pk for p in originals],
        title="Des bancs partout en ville",
        body=BODY,
    )
    merged = Proposal.objects.select_related("component").get(pk=merged.pk)
    merged.component.set_space(component.space)
    with django_assert_num_queries(3):  # whether any, the links, the visible ones
        links = merging.links_of(proposal=merged)
        urls = [link.source.get_absolute_url() for link in links["comes_from"]]
    assert len(urls) == 6
    alone = make_proposal(component, resident, title="Une idée sans lien")
    with django_assert_num_queries(1):  # a proposal without links: only whether any
        assert merging.links_of(proposal=alone) == {"comes_from": [], "became": []}
