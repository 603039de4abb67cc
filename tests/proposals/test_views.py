"""Pages: the wizard without JavaScript, refusals as 400 with messages, escaping, tenancy."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals.models import Proposal, Support
from spaces.models import Visibility
from tests.conftest import host_client
from tests.factories import configure_proposals, located, make_component, make_proposal, make_user
from tests.proposals.conftest import client_for
from tests.proposals.test_services import PNG

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_wizard_without_javascript(component, resident, neighbour):
    existing = make_proposal(component, neighbour, title="Un jardin partagé près de l'école")
    client = client_for(resident)
    assert client.get(component.url("create")).status_code == 200
    response = client.post(
        component.url("create"),
        {"title": "Un jardin partagé rue des Lilas", "body": "<p>Des légumes pour tous.</p>"},
    )
    draft = Proposal.objects.get(author=resident)
    assert response.status_code == 302 and response["Location"] == component.url(
        "similar", pk=draft.pk
    )
    page = client.get(component.url("similar", pk=draft.pk)).content.decode()
    assert existing.title.replace("'", "&#x27;") in page
    assert "My proposal is different" in page or "Ma proposition est différente" in page
    response = client.post(
        component.url("details", pk=draft.pk),
        {
            "address": "Rue des Lilas, Bellerive",
            "latitude": "47.391234",
            "longitude": "0.688765",
            "attachment": SimpleUploadedFile("jardin.png", PNG, content_type="image/png"),
            "attachment_description": "Le terrain",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == component.url("preview", pk=draft.pk)
    assert "Rue des Lilas, Bellerive" in client.get(response["Location"]).content.decode()
    # Not visible before publication.
    assert client_for(neighbour).get(component.url("detail", pk=draft.pk)).status_code == 404
    response = client.post(component.url("preview", pk=draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at and str(draft.latitude) == "47.391234"
    assert draft.attachments.get().description == "Le terrain"
    page = client_for().get(component.url("detail", pk=draft.pk)).content.decode()
    assert "Un jardin partagé rue des Lilas" in page and 'alt="Le terrain"' in page


def test_invalid_posts_answer_400_with_messages(component, resident):
    client = client_for(resident)
    response = client.post(component.url("create"), {"title": "Court", "body": ""})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Proposal.objects.exists()
    draft = make_proposal(component, resident, published_at=None)
    response = client.post(
        component.url("details", pk=draft.pk), {"latitude": "47.3", "longitude": ""}
    )
    assert response.status_code == 400
    response = client.post(
        component.url("details", pk=draft.pk),
        {"attachment": SimpleUploadedFile("x.exe", b"MZ" + b"\0" * 50)},
    )
    assert response.status_code == 400 and not draft.attachments.exists()


def test_drafts_are_their_authors_only(component, resident, neighbour):
    draft = make_proposal(component, resident, published_at=None)
    client = client_for(neighbour)
    for name in ("similar", "details", "preview", "draft_text"):
        assert client.get(component.url(name, pk=draft.pk)).status_code == 404
    assert client.post(component.url("preview", pk=draft.pk)).status_code == 404


def test_anonymous_is_sent_to_sign_in(component):
    response = client_for().get(component.url("create"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_html_in_titles_bodies_and_file_names_is_escaped(component, resident):
    draft = make_proposal(
        component, resident, title=f"Titre {XSS}", body=f"<p>Corps {XSS}</p>", published_at=None
    )
    from proposals import services

    services.add_attachment(
        actor=resident,
        proposal=draft,
        upload=SimpleUploadedFile(
            f"{XSS}.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
        ),
    )
    services.publish_proposal(actor=resident, proposal=draft)
    draft.refresh_from_db()
    assert "<script>" not in draft.body and "onerror" not in draft.body
    client = client_for()
    for url in (
        component.url("index"),
        component.url("detail", pk=draft.pk),
        component.url("history", pk=draft.pk),
    ):
        page = client.get(url).content.decode()
        assert '<script>alert("x")' not in page
        assert "<img src=x onerror" not in page


def test_support_through_the_page_and_refusal_is_400(admin, component, resident, neighbour):
    proposal = make_proposal(component, resident)
    client = client_for(neighbour)
    assert client.post(component.url("support", pk=proposal.pk)).status_code == 302
    response = client.post(component.url("support", pk=proposal.pk))
    assert response.status_code == 400
    assert Support.objects.count() == 1
    assert "support" in response.content.decode().lower()
    assert client.post(component.url("support", pk=proposal.pk), {"value": "7"}).status_code == 400
    assert client.post(component.url("unsupport", pk=proposal.pk)).status_code == 302
    assert not Support.objects.exists()


def test_hidden_counts_and_frozen_supports(admin, component, resident, neighbour):
    proposal = make_proposal(component, resident, supports_count=98765)
    configure_proposals(admin, component, supports_hidden=True, supports_blocked=True)
    page = client_for(neighbour).get(component.url("detail", pk=proposal.pk)).content.decode()
    assert "98765" not in page
    exported = json.loads(client_for().get(component.url("export_json")).content)
    assert exported[0]["supports_count"] is None
    response = client_for(neighbour).post(component.url("support", pk=proposal.pk))
    assert response.status_code == 400 and not Support.objects.exists()


def test_threshold_progress_bar(admin, component, resident):
    configure_proposals(admin, component, settings={"threshold": 10})
    proposal = make_proposal(component, resident, supports_count=4)
    page = client_for().get(component.url("detail", pk=proposal.pk)).content.decode()
    assert '<progress id="threshold-progress" max="10" value="4"' in page


@pytest.mark.parametrize(
    "supports, words",
    [
        (0, "0 soutien sur les 30 nécessaires"),
        (1, "1 soutien sur les 30 nécessaires"),
        (2, "2 soutiens sur les 30 nécessaires"),
    ],
)
def test_threshold_label_is_a_plural_form(admin, component, resident, supports, words):
    configure_proposals(admin, component, settings={"threshold": 30})
    proposal = make_proposal(component, resident, supports_count=supports)
    page = client_for().get(component.url("detail", pk=proposal.pk)).content.decode()
    assert words in page


def test_edit_page_and_history_diff(component, resident):
    proposal = make_proposal(component, resident, body="<p>Un banc en bois</p>")
    client = client_for(resident)
    response = client.post(
        component.url("edit", pk=proposal.pk),
        {"title": proposal.title, "body": "<p>Un banc en <b>pierre</b> & fer</p>"},
    )
    assert response.status_code == 302
    page = client.get(component.url("history", pk=proposal.pk)).content.decode()
    assert "<del>bois</del><ins>pierre &amp; fer</ins>" in page


def test_withdraw_keeps_the_proposal_visible(component, resident):
    proposal = make_proposal(component, resident)
    assert client_for(resident).post(component.url("withdraw", pk=proposal.pk)).status_code == 302
    page = client_for().get(component.url("detail", pk=proposal.pk)).content.decode()
    assert proposal.title in page


def test_permalink_and_share_block(component, resident):
    proposal = make_proposal(component, resident)
    url = component.url("detail", pk=proposal.pk)
    assert url.endswith(f"/f/{component.pk}/proposals/{proposal.pk}/")
    page = client_for().get(url).content.decode()
    assert f'value="http://ville-a.test{url}"' in page and "mailto:?subject=" in page


def test_other_organisation_gets_404(component, resident, other_organization):
    proposal = make_proposal(component, resident)
    client = host_client("ville-b.test", user=make_user(other_organization))
    for url in (
        component.url("index"),
        component.url("detail", pk=proposal.pk),
        component.url("map_data"),
        component.url("export_csv"),
    ):
        assert client.get(url).status_code == 404


def test_private_space_proposals_are_404_for_non_members(component, resident, process):
    proposal = make_proposal(component, resident)
    process.visibility = Visibility.PRIVATE
    process.save()
    outsider = make_user(component.organization)
    for client in (client_for(), client_for(outsider)):
        assert client.get(component.url("detail", pk=proposal.pk)).status_code == 404
        assert client.get(component.url("export_json")).status_code == 404
        assert client.get(component.url("map_data")).status_code == 404


def test_proposal_of_another_component_is_404(admin, component, resident, process):

    other = make_component(process, "proposals", actor=admin, published=True)
    proposal = make_proposal(other, resident)
    assert client_for().get(component.url("detail", pk=proposal.pk)).status_code == 404


def test_map_data_only_visible_located_proposals(component, resident):
    shown = make_proposal(component, resident, title=f"Located {XSS}", **located())
    make_proposal(component, resident, title="Brouillon situé", published_at=None, **located())
    make_proposal(component, resident, title="Sans point du tout")
    data = client_for().get(component.url("map_data")).json()
    assert data == {
        "points": [
            {
                "id": shown.pk,
                "title": shown.title,
                "lat": 47.391,
                "lng": 0.689,
                "url": component.url("detail", pk=shown.pk),
            }
        ]
    }


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_only_visible_proposals(component, resident, fmt):
    make_proposal(component, resident, title='=HYPERLINK("http://evil")')
    make_proposal(component, resident, title="Brouillon secret", published_at=None)
    body = client_for().get(component.url(f"export_{fmt}")).content.decode()
    assert "Brouillon secret" not in body
    if fmt == "csv":
        assert "'=HYPERLINK" in body
        assert body.splitlines()[0].startswith("id,title,body,state")
        assert "author" not in body.splitlines()[0]
    else:
        assert json.loads(body)[0]["title"].startswith("=HYPERLINK")
