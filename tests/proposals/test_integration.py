"""Proposals in the generic apps: comments, moderation, search, activity feed, tenancy."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participation.accounts.services import update_profile
from participation.comments import services as comments
from participation.comments.models import Comment, CommentVote
from participation.comments.signals import comment_deleted
from participation.comments.targets import target_of
from participation.components import services as components
from participation.errors import ServiceError
from participation.moderation import services as moderation
from participation.moderation.feed import recent_activity
from participation.privacy.participants import set_blocked
from participation.search.selectors import search
from proposals.models import Proposal
from spaces.models import ParticipatoryProcess, SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client
from tests.factories import (
    ProcessFactory,
    StepFactory,
    configure_proposals,
    located,
    make_proposal,
    make_user,
)
from tests.proposals.test_listing import MAX_DETAIL_QUERIES, statements

pytestmark = pytest.mark.django_db


def _titles(page):
    return {result.text for result in page.results}


def _hide(admin, organization, proposal):
    found = moderation.report(
        actor=make_user(organization), organization=organization, item=proposal, reason="spam"
    )
    return moderation.hide(actor=admin, moderation=found)


def _comment(user, proposal, body="Bonne idée", on_commit=None, **extra):
    with on_commit(execute=True):
        return comments.create_comment(actor=user, target=target_of(proposal), body=body, **extra)


def test_comments_keep_the_count_and_deletion_updates_it(
    component, resident, neighbour, django_capture_on_commit_callbacks
):
    proposal = make_proposal(component, resident)
    first = _comment(neighbour, proposal, on_commit=django_capture_on_commit_callbacks)
    _comment(resident, proposal, "Merci", django_capture_on_commit_callbacks, parent=first)
    proposal.refresh_from_db()
    assert proposal.comments_count == 2

    received = []
    comment_deleted.connect(lambda sender, comment, **kw: received.append(comment.pk), weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comments.delete_comment(actor=neighbour, comment=first)
    finally:
        comment_deleted.receivers.pop()
    assert received == [first.pk]
    proposal.refresh_from_db()
    assert proposal.comments_count == 1
    # The listing's "most commented" order and the export read the same counter.
    body = client_for_org(component).get(component.url("export_csv")).content.decode()
    assert ",1," in body


def client_for_org(component, user=None):
    return host_client("ville-a.test", user=user)


def test_comment_form_and_thread_on_the_proposal_page(
    component, resident, neighbour, django_capture_on_commit_callbacks
):
    proposal = make_proposal(component, resident)
    client = host_client("ville-a.test", user=neighbour)
    page = client.get(component.url("detail", pk=proposal.pk)).content.decode()
    assert 'class="comment-form"' in page and "/comments/proposals-proposal/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/comments/proposals-proposal/{proposal.pk}/new/", {"body": "Je soutiens l’idée"}
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.comments_count == 1
    assert (
        "Je soutiens l’idée" in client.get(component.url("detail", pk=proposal.pk)).content.decode()
    )


def test_drafts_cannot_be_commented(component, resident):
    draft = make_proposal(component, resident, published_at=None)
    with pytest.raises(ServiceError):
        comments.create_comment(actor=resident, target=target_of(draft), body="Brouillon")
    assert not Comment.objects.exists()


def test_proposal_page_runs_fixed_queries_whatever_the_comments(
    component, organization, resident, django_capture_on_commit_callbacks
):
    proposal = make_proposal(component, resident)
    people = [make_user(organization) for _ in range(3)]
    client = host_client("ville-a.test", user=resident)
    url = component.url("detail", pk=proposal.pk)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(statements(context))

    previous = None
    for person in people:
        previous = _comment(
            person,
            proposal,
            f"Avis @{resident.nickname}",
            django_capture_on_commit_callbacks,
            parent=previous,
        )
    client.get(url)
    small = count()
    for index in range(37):
        _comment(
            people[index % 3],
            proposal,
            f"Avis {index} #proposal-{proposal.pk}",
            django_capture_on_commit_callbacks,
        )
    assert Comment.objects.count() == 40
    assert count() == small
    assert small <= MAX_DETAIL_QUERIES["participant"]


def test_anonymous_proposal_page_shows_every_change_to_its_comments(
    component, admin, organization, resident, neighbour, django_capture_on_commit_callbacks
):
    """Anonymous visitors share one rendered thread (cached): votes, edits, moderation and
    new replies still show at once, and nothing of a signed-in view leaks into it."""
    proposal = make_proposal(component, resident)
    first = _comment(neighbour, proposal, "Premier avis", django_capture_on_commit_callbacks)
    url = component.url("detail", pk=proposal.pk)
    visitor = host_client("ville-a.test")

    def page():
        response = visitor.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        return content[content.index('<section class="comments"') :]

    def score():
        return re.search(r'class="comment-score">(\d+)', page()).group(1)

    assert "Premier avis" in page() and score() == "0"
    # A signed-in view (reply forms, tokens) is never what anonymous visitors get.
    signed_in = host_client("ville-a.test", user=neighbour).get(url).content.decode()
    assert 'name="parent"' in signed_in[signed_in.index('<section class="comments"') :]
    assert 'name="parent"' not in page() and "csrfmiddlewaretoken" not in page()
    with django_capture_on_commit_callbacks(execute=True):
        comments.vote_comment(
            actor=resident, comment=first, target=target_of(proposal), value=CommentVote.UP
        )
    assert score() == "1"
    _comment(resident, proposal, "Une réponse", django_capture_on_commit_callbacks, parent=first)
    assert "Une réponse" in page()
    with django_capture_on_commit_callbacks(execute=True):
        comments.update_comment(
            actor=neighbour, comment=first, target=target_of(proposal), body="Avis corrigé"
        )
    assert "Avis corrigé" in page() and "Premier avis" not in page()
    found = moderation.report(
        actor=make_user(organization), organization=organization, item=first, reason="spam"
    )
    moderation.hide(actor=admin, moderation=found)
    assert "Avis corrigé" not in page()


def test_anonymous_thread_follows_names_and_mentioned_accounts(
    component, organization, admin, resident, neighbour, django_capture_on_commit_callbacks
):
    """The shared thread is cached without reading anyone's account: a new name, or a
    mentioned account blocked, still shows at once (the services retire the names
    version); a sign-in (``last_login``) keeps it."""
    proposal = make_proposal(component, resident)
    _comment(neighbour, proposal, f"Merci @{resident.nickname}", django_capture_on_commit_callbacks)
    url = component.url("detail", pk=proposal.pk)
    visitor = host_client("ville-a.test")

    def thread_html():
        content = visitor.get(url).content.decode()
        return content[content.index('<section class="comments"') :]

    profile = 'href="' + reverse("accounts:profile", kwargs={"nickname": resident.nickname}) + '"'
    first = thread_html()
    assert profile in first
    neighbour.last_login = timezone.now()
    neighbour.save(update_fields=["last_login"])
    assert thread_html() == first
    update_profile(
        actor=neighbour, user=neighbour, name="Nadia Voisine", nickname=neighbour.nickname
    )
    assert "Nadia Voisine" in thread_html()
    set_blocked(
        actor=admin, organization=organization, user_id=resident.pk, blocked=True, reason="Spam"
    )
    html = thread_html()
    assert profile not in html and f"@{resident.nickname}" in html


def test_hash_mentions_link_only_visible_proposals(
    component, admin, organization, resident, neighbour, django_capture_on_commit_callbacks
):
    shown = make_proposal(component, resident)
    draft = make_proposal(component, resident, title="Brouillon", published_at=None)
    hidden = make_proposal(component, resident, title="Masquée")
    _hide(admin, organization, hidden)
    other = make_proposal(component, resident)
    comment = _comment(
        neighbour,
        other,
        f"Voir #proposal-{shown.pk}, #proposal-{draft.pk}, #proposal-{hidden.pk}, #proposal-999999",
        django_capture_on_commit_callbacks,
    )
    assert comment.object_mentions == [
        {"token": f"#proposal-{shown.pk}", "url": component.url("detail", pk=shown.pk)}
    ]
    page = host_client("ville-a.test").get(component.url("detail", pk=other.pk)).content.decode()
    assert f'href="{component.url("detail", pk=shown.pk)}"' in page
    assert f'href="{component.url("detail", pk=hidden.pk)}"' not in page


def test_hidden_proposal_disappears_everywhere_but_for_moderators(
    component, admin, organization, resident
):
    kept = make_proposal(component, resident, title="Un jardin partagé", **located())
    gone = make_proposal(
        component,
        resident,
        title="Publicité déguisée",
        body="<p>Achetez tartempion</p>",
        **located(),
    )
    moderator = make_user(organization)
    assign_space_role(actor=admin, space=component.space, role=SpaceRole.MODERATOR, user=moderator)
    visitor = make_user(organization)
    client = host_client("ville-a.test", user=visitor)
    assert "Publicité déguisée" in client.get(component.url("index")).content.decode()
    _hide(admin, organization, gone)

    assert "Publicité déguisée" not in client.get(component.url("index")).content.decode()
    points = client.get(component.url("map_data")).json()["points"]
    assert [point["id"] for point in points] == [kept.pk]
    assert "Publicité" not in client.get(component.url("export_csv")).content.decode()
    assert "Publicité" not in client.get(component.url("export_json")).content.decode()
    assert not search(organization=organization, user=visitor, text="tartempion")
    assert "Publicité" not in {item.title for item in recent_activity(organization)}
    assert component.manifest.metrics(component)["proposals"] == 1
    assert client.get(component.url("detail", pk=gone.pk)).status_code == 404
    assert host_client("ville-a.test").get(component.url("detail", pk=gone.pk)).status_code == 404
    # Its moderators still read it, with a notice and no report link.
    page = host_client("ville-a.test", user=moderator).get(component.url("detail", pk=gone.pk))
    assert page.status_code == 200
    assert "masquée par la modération" in page.content.decode()
    assert "/report/proposals.proposal/" not in page.content.decode()
    # A hidden proposal cannot be reported again nor commented by residents.
    with pytest.raises(ServiceError):
        moderation.report(actor=visitor, organization=organization, item=gone, reason="spam")
    with pytest.raises(ServiceError):
        comments.create_comment(actor=visitor, target=target_of(gone), body="Encore ?")


def test_similar_proposals_leave_hidden_ones_out(component, admin, organization, resident):
    from proposals.selectors import similar_proposals

    hidden = make_proposal(component, resident, title="Piste cyclable rue Haute")
    _hide(admin, organization, hidden)
    assert similar_proposals(component, title="Piste cyclable rue Basse") == []


def test_report_link_and_reporting_a_proposal(component, organization, resident, neighbour):
    proposal = make_proposal(component, resident)
    client = host_client("ville-a.test", user=neighbour)
    page = client.get(component.url("detail", pk=proposal.pk)).content.decode()
    link = f"/report/proposals.proposal/{proposal.pk}/"
    assert link in page
    assert client.get(link).status_code == 200
    assert (
        link
        not in host_client("ville-a.test")
        .get(component.url("detail", pk=proposal.pk))
        .content.decode()
    )


def test_hidden_comment_shows_a_placeholder_but_to_moderators(
    component, admin, organization, resident, neighbour, django_capture_on_commit_callbacks
):
    proposal = make_proposal(component, resident)
    comment = _comment(neighbour, proposal, "Insulte grossière", django_capture_on_commit_callbacks)
    url = component.url("detail", pk=proposal.pk)
    page = host_client("ville-a.test", user=resident).get(url).content.decode()
    assert f"/report/comments.comment/{comment.pk}/" in page
    found = moderation.report(
        actor=resident, organization=organization, item=comment, reason="offensive"
    )
    moderation.hide(actor=admin, moderation=found)
    for viewer in (None, resident, neighbour):
        page = host_client("ville-a.test", user=viewer).get(url).content.decode()
        assert "Insulte grossière" not in page
        assert "masqué par la modération" in page
    page = host_client("ville-a.test", user=admin).get(url).content.decode()
    assert "Insulte grossière" in page


def test_comments_of_private_spaces_cannot_be_reported_by_outsiders(
    component, admin, organization, resident, neighbour, django_capture_on_commit_callbacks
):
    from spaces.models import Visibility

    proposal = make_proposal(component, resident)
    comment = _comment(neighbour, proposal, "Avis", django_capture_on_commit_callbacks)
    ParticipatoryProcess.objects.filter(pk=component.space_id).update(visibility=Visibility.PRIVATE)
    with pytest.raises(ServiceError):
        moderation.report(
            actor=make_user(organization), organization=organization, item=comment, reason="spam"
        )


def test_search_finds_a_proposal_by_a_word_of_its_body(component, organization, resident):
    make_proposal(component, resident, title="Bancs", body="<p>Face au fleuve, ombragés</p>")
    make_proposal(component, resident, title="Brouillon", body="<p>ombragés</p>", published_at=None)
    found = search(organization=organization, user=AnonymousUser(), text="ombragés")
    assert _titles(found) == {"Bancs"}
    body = host_client("ville-a.test").get("/search/?q=ombrag%C3%A9s&type=proposals")
    assert body.status_code == 200 and "Bancs" in body.content.decode()


def test_other_organisations_proposals_never_show(
    component, organization, other_organization, resident, now
):
    foreign_admin = make_user(other_organization, admin=True)
    process = ProcessFactory(
        organization=other_organization, slug="budget", title="Budget B", published_at=now
    )
    StepFactory(process=process, title="Dépôt", position=0, active=True)
    theirs = components.add_component(
        actor=foreign_admin, space=process, manifest_name="proposals", name="Idées B"
    )
    configure_proposals(foreign_admin, theirs, settings={})
    components.publish_component(actor=foreign_admin, component=theirs)
    make_proposal(theirs, make_user(other_organization), title="Marché nocturne B")
    make_proposal(component, resident, title="Marché nocturne A")
    assert _titles(search(organization=organization, user=AnonymousUser(), text="nocturne")) == {
        "Marché nocturne A"
    }
    page = host_client("ville-a.test").get("/search/?q=nocturne").content.decode()
    assert "Marché nocturne B" not in page
    assert {item.title for item in recent_activity(organization)} >= {"Marché nocturne A"}
    assert "Marché nocturne B" not in {item.title for item in recent_activity(organization)}
    assert Proposal.objects.filter(title="Marché nocturne B").exists()


def test_feed_shows_published_proposals_of_public_spaces(component, organization, resident):
    make_proposal(component, resident, title="Visible au fil")
    make_proposal(component, resident, title="Pas encore", published_at=None)
    titles = {item.title for item in recent_activity(organization)}
    assert "Visible au fil" in titles and "Pas encore" not in titles
    assert "Visible au fil" in host_client("ville-a.test").get("/activity/").content.decode()
