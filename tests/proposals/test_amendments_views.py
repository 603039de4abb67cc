"""Amendment pages: the flow without JavaScript, attacks (403 and nothing changed), escaping,
private spaces, the settings off, fixed query counts, the listing filter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.models import Amendment, AmendmentState, AmendmentVote, Proposal, ProposalState
from proposals.services import amendments as services
from spaces.models import Visibility
from tests.conftest import host_client
from tests.factories import configure_proposals, make_proposal, make_user
from tests.proposals.conftest import client_for
from tests.proposals.test_amendments import NEW_BODY, NEW_TITLE, amend, enable, snapshot

XSS_TITLE = 'Des bancs <script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def amendable(admin, component):
    return enable(admin, component)


@pytest.fixture
def proposal(amendable, resident):
    return make_proposal(amendable, resident)


def page(response) -> str:
    return response.content.decode()


def amendment_url(amendment, name="amendment"):
    return amendment.component.url(name, pk=amendment.proposal_id, amendment_id=amendment.pk)


def test_propose_preview_publish_then_the_author_accepts(proposal, resident, neighbour):
    component = proposal.component
    client = client_for(neighbour)
    detail = page(client.get(component.url("detail", pk=proposal.pk)))
    assert component.url("amend", pk=proposal.pk) in detail
    assert "Aucun amendement pour l’instant." in detail
    form = client.get(component.url("amend", pk=proposal.pk))
    assert form.status_code == 200 and 'value="Des bancs au bord de la Loire"' in page(form)
    data = {"title": NEW_TITLE, "body": NEW_BODY}
    preview = client.post(component.url("amend", pk=proposal.pk), {**data, "preview": "1"})
    assert preview.status_code == 200
    assert "<ins> et des tables</ins>" in page(preview)
    assert not Amendment.objects.exists()
    response = client.post(component.url("amend", pk=proposal.pk), {**data, "publish": "1"})
    amendment = Amendment.objects.get()
    assert response.status_code == 302 and response["Location"] == amendment_url(amendment)
    shown = page(client.get(response["Location"]))
    assert "<ins> et des tables</ins>" in shown
    assert amendment_url(amendment, "amendment_accept") not in shown  # not theirs to answer
    assert amendment_url(amendment, "amendment_withdraw") in shown

    author = client_for(resident)
    shown = page(author.get(amendment_url(amendment)))
    assert amendment_url(amendment, "amendment_accept") in shown
    assert amendment_url(amendment, "amendment_reject") in shown
    response = author.post(amendment_url(amendment, "amendment_accept"))
    assert response.status_code == 302
    detail = page(client_for().get(component.url("detail", pk=proposal.pk)))
    assert NEW_TITLE in detail and "pique-niquer" in detail
    history = page(client_for().get(component.url("history", pk=proposal.pk)))
    assert "Version 2" in history and "Noé Voisin" in history


@pytest.mark.parametrize("answer", ["amendment_accept", "amendment_reject"])
def test_a_participant_cannot_answer_an_amendment_not_addressed_to_them(
    answer, proposal, neighbour, organization
):
    amendment = amend(neighbour, proposal)
    before = snapshot(proposal)
    for intruder in (neighbour, make_user(organization)):
        response = client_for(intruder).post(amendment_url(amendment, answer))
        assert response.status_code == 403
        assert "Seul·e l’auteur·rice de la proposition peut accepter" in page(response)
    anonymous = client_for().post(amendment_url(amendment, answer))
    assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]
    assert snapshot(proposal) == before


def test_others_cannot_withdraw_an_amendment(proposal, resident, neighbour):
    amendment = amend(neighbour, proposal)
    before = snapshot(proposal)
    assert (
        client_for(resident).post(amendment_url(amendment, "amendment_withdraw")).status_code == 403
    )
    assert snapshot(proposal) == before
    response = client_for(neighbour).post(amendment_url(amendment, "amendment_withdraw"))
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.state == AmendmentState.WITHDRAWN


@pytest.mark.parametrize("how", ["draft", "withdrawn"])
def test_unpublished_or_withdrawn_proposals_cannot_be_amended(how, amendable, resident, neighbour):
    client = client_for(neighbour)
    if how == "draft":
        draft = make_proposal(amendable, resident, published_at=None)
        url = amendable.url("amend", pk=draft.pk)
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": NEW_TITLE, "body": NEW_BODY}).status_code == 404
    else:
        withdrawn = make_proposal(amendable, resident, state=ProposalState.WITHDRAWN)
        url = amendable.url("amend", pk=withdrawn.pk)
        response = client.post(url, {"title": NEW_TITLE, "body": NEW_BODY}, follow=True)
        assert "ni retirée ni rejetée" in page(response)
        assert amendable.url("amend", pk=withdrawn.pk) not in page(
            client.get(amendable.url("detail", pk=withdrawn.pk))
        )
    assert not Amendment.objects.exists()


def test_a_private_space_hides_everything_from_non_members(proposal, process, neighbour):
    amendment = amend(neighbour, proposal)
    process.visibility = Visibility.PRIVATE
    process.save()
    outsider = make_user(proposal.organization)
    component = proposal.component
    for client in (client_for(), client_for(outsider)):
        assert client.get(component.url("amend", pk=proposal.pk)).status_code == 404
        response = client.post(
            component.url("amend", pk=proposal.pk), {"title": NEW_TITLE, "body": NEW_BODY}
        )
        assert response.status_code in (302, 404)
        assert client.get(amendment_url(amendment)).status_code == 404
        assert client.post(amendment_url(amendment, "amendment_support")).status_code in (302, 404)
    assert Amendment.objects.count() == 1 and not AmendmentVote.objects.exists()


def test_another_organisation_gets_404(proposal, neighbour, other_organization):
    amendment = amend(neighbour, proposal)
    client = host_client("ville-b.test", user=make_user(other_organization))
    assert client.get(amendment_url(amendment)).status_code == 404
    assert client.post(amendment_url(amendment, "amendment_accept")).status_code == 404


def test_html_and_script_are_escaped_or_stripped(proposal, resident, neighbour):
    client = client_for(neighbour)
    client.post(
        proposal.component.url("amend", pk=proposal.pk),
        {"title": XSS_TITLE, "body": '<p onclick="x()">Ok<script>alert(2)</script></p>'},
    )
    amendment = Amendment.objects.get()
    assert "<script>" not in amendment.body and "onclick" not in amendment.body
    for url in (
        amendment_url(amendment),
        proposal.component.url("detail", pk=proposal.pk),
    ):
        shown = page(client_for(resident).get(url))
        assert '<script>alert("x")' not in shown and "<img src=x" not in shown
        assert "&lt;script&gt;" in shown
    services.accept_amendment(actor=resident, amendment=amendment)
    for url in (
        proposal.component.url("detail", pk=proposal.pk),
        proposal.component.url("history", pk=proposal.pk),
    ):
        shown = page(client_for().get(url))
        assert '<script>alert("x")' not in shown and "&lt;script&gt;" in shown


def test_closed_step_or_setting_off_gives_a_clear_message_and_changes_nothing(
    admin, proposal, resident, neighbour
):
    component = proposal.component
    amendment = amend(neighbour, proposal)
    enable(admin, component, amendment_creation_enabled=False, amendment_reaction_enabled=False)
    client = client_for(make_user(proposal.organization))
    response = client.post(
        component.url("amend", pk=proposal.pk), {"title": NEW_TITLE, "body": NEW_BODY}, follow=True
    )
    assert "On ne peut pas proposer d’amendement ici en ce moment." in page(response)
    before = snapshot(proposal)
    response = client_for(resident).post(amendment_url(amendment, "amendment_accept"))
    assert response.status_code == 400
    assert "On ne peut pas accepter ou rejeter d’amendement ici" in page(response)
    assert snapshot(proposal) == before
    configure_proposals(admin, component, settings={"amendments_enabled": False})
    before = snapshot(proposal)
    amender = client_for(neighbour)
    response = amender.post(
        component.url("amend", pk=proposal.pk), {"title": NEW_TITLE, "body": NEW_BODY}
    )
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    shown = page(amender.get(response["Location"]))
    assert "Les amendements ne sont pas activés ici." in shown
    assert client_for(neighbour).get(amendment_url(amendment)).status_code == 404
    assert (
        client_for(resident).post(amendment_url(amendment, "amendment_accept")).status_code == 404
    )
    assert 'id="amendments-title"' not in page(
        client_for(neighbour).get(component.url("detail", pk=proposal.pk))
    )
    assert snapshot(proposal) == before


def test_own_proposal_form_redirects_with_a_message(proposal, resident):
    response = client_for(resident).get(
        proposal.component.url("amend", pk=proposal.pk), follow=True
    )
    assert "Vous ne pouvez pas amender votre propre proposition" in page(response)


def test_invalid_amendments_answer_400_with_messages(proposal, neighbour):
    client = client_for(neighbour)
    response = client.post(
        proposal.component.url("amend", pk=proposal.pk), {"title": "Court", "body": ""}
    )
    assert response.status_code == 400 and "error-summary" in page(response)
    response = client.post(
        proposal.component.url("amend", pk=proposal.pk),
        {"title": proposal.title, "body": proposal.body},
    )
    assert response.status_code == 400 and "identique au texte actuel" in page(response)
    assert not Amendment.objects.exists()


def test_supports_from_the_proposal_page(proposal, neighbour, resident):
    amendment = amend(neighbour, proposal)
    client = client_for(resident)
    response = client.post(amendment_url(amendment, "amendment_support"), {"next": "proposal"})
    assert response.status_code == 302
    assert response["Location"].startswith(proposal.component.url("detail", pk=proposal.pk))
    response = client.post(amendment_url(amendment, "amendment_support"))
    assert response.status_code == 400 and "Vous soutenez déjà cet amendement" in page(response)
    amendment.refresh_from_db()
    assert amendment.votes_count == 1 and AmendmentVote.objects.count() == 1
    shown = page(client.get(proposal.component.url("detail", pk=proposal.pk)))
    assert amendment_url(amendment, "amendment_unsupport") in shown
    client.post(amendment_url(amendment, "amendment_unsupport"))
    amendment.refresh_from_db()
    assert amendment.votes_count == 0


def test_participants_only_visibility_on_pages(admin, proposal, resident, neighbour):
    other = make_user(proposal.organization)
    theirs = amend(other, proposal, title="Des tables au bord de la Loire")
    enable(admin, proposal.component, amendments_visibility="participants")
    assert client_for(neighbour).get(amendment_url(theirs)).status_code == 404
    assert client_for().get(amendment_url(theirs)).status_code == 404
    assert client_for(other).get(amendment_url(theirs)).status_code == 200
    assert client_for(resident).get(amendment_url(theirs)).status_code == 200
    shown = page(client_for(neighbour).get(proposal.component.url("detail", pk=proposal.pk)))
    assert "Des tables au bord de la Loire" not in shown


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("who", ["anonymous", "voter", "author"])
def test_proposal_and_amendment_pages_run_fixed_queries(
    who, proposal, resident, organization, django_assert_num_queries
):
    voter = make_user(organization)
    user = {"anonymous": None, "voter": voter, "author": resident}[who]
    client = client_for(user)
    url = proposal.component.url("detail", pk=proposal.pk)
    first = amend(make_user(organization), proposal)
    services.support_amendment(actor=voter, amendment=first)
    client.get(url)  # content types and the like cached
    one = _count(client, url)
    one_page = _count(client, amendment_url(first))
    for index in range(19):
        extra = amend(
            make_user(organization), proposal, title=f"Des bancs au bord de l'eau {index}"
        )
        if index % 2:
            services.support_amendment(actor=voter, amendment=extra)
    assert Amendment.objects.filter(proposal=proposal).count() == 20
    with django_assert_num_queries(one):
        response = client.get(url)
    assert page(response).count('class="amendment-card"') == 20
    with django_assert_num_queries(one_page):
        client.get(amendment_url(first))


def test_the_listing_offers_the_filter_only_with_amendments(admin, proposal, amendable, neighbour):
    quiet = make_proposal(amendable, neighbour, title="Un composteur rue des Lilas")
    amend(neighbour, proposal)
    client = client_for()
    shown = page(client.get(amendable.url("index"), {"amendments": "with", "order": "recent"}))
    assert proposal.title in shown and quiet.title not in shown
    assert 'name="amendments"' in shown
    shown = page(client.get(amendable.url("index"), {"amendments": "without"}))
    assert quiet.title in shown and proposal.title not in shown
    shown = page(client.get(amendable.url("index"), {"amendments": "<b>x</b>"}))
    assert "<b>x</b>" not in shown and quiet.title in shown and proposal.title in shown
    configure_proposals(admin, amendable, settings={"amendments_enabled": False})
    shown = page(client.get(amendable.url("index"), {"amendments": "with"}))
    assert 'name="amendments"' not in shown and quiet.title in shown


def test_amendment_form_keeps_the_proposal_limits(admin, proposal, neighbour):
    enable(admin, proposal.component, settings={"title_max_length": 20})
    response = client_for(neighbour).post(
        proposal.component.url("amend", pk=proposal.pk),
        {"title": "Un titre bien trop long pour la limite", "body": NEW_BODY},
    )
    assert response.status_code == 400 and not Amendment.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).title == proposal.title


def test_an_amendment_is_only_reached_through_its_own_proposal(
    proposal, amendable, resident, neighbour
):
    amendment = amend(neighbour, proposal)
    own = make_proposal(amendable, neighbour, title="Un composteur rue des Lilas")
    before = snapshot(proposal)
    client = client_for(neighbour)
    # The neighbour authors ``own``: through its URL the amendment must not be answerable.
    url = amendable.url("amendment_accept", pk=own.pk, amendment_id=amendment.pk)
    assert client.post(url).status_code == 404
    assert (
        client.get(amendable.url("amendment", pk=own.pk, amendment_id=amendment.pk)).status_code
        == 404
    )
    assert snapshot(proposal) == before


def test_the_amendments_filter_costs_no_extra_query(amendable, organization, neighbour):
    def populate(count):
        for index in range(count):
            proposal = make_proposal(
                amendable, make_user(organization), title=f"Proposition {index}"
            )
            if index % 2:
                amend(neighbour, proposal, title=f"Proposition amendée {index}")

    client = client_for(neighbour)
    url = amendable.url("index")
    populate(3)
    client.get(url)
    counts = [_count_with(client, url, {"amendments": value}) for value in ("with", "without", "")]
    populate(27)
    assert [_count_with(client, url, {"amendments": v}) for v in ("with", "without", "")] == counts
    assert len(set(counts)) == 1


def _count_with(client, url, params) -> int:
    # Warm first (the listing's total and the filter fields are cached per filter state):
    # what is compared is the steady cost, not which filter happened to be asked first.
    assert client.get(url, {**params, "per_page": 100}).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, {**params, "per_page": 100}).status_code == 200
    return len(context.captured_queries)
