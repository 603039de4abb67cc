"""What moderators read: the reported text, its author, where it lives and why it is reported,
in the queue (organisation and space level), on the moderation page and on the report form."""

import pytest

from participation.moderation import services
from participation.moderation.models import Moderation
from participation.moderation.registry import all_reportables, plain_excerpt
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.conftest import host_client
from tests.factories import CommentFactory, PostFactory, make_proposal, make_user


def _report(item, reason="spam", details="", *, organization):
    return services.report(
        actor=make_user(organization),
        organization=organization,
        item=item,
        reason=reason,
        details=details,
    )


@pytest.fixture
def proposal(ideas, alice):
    return make_proposal(
        ideas, alice, title="Des bancs partout", body="<p>Des <b>bancs</b> &amp; des arbres</p>"
    )


@pytest.fixture
def comment(proposal, bob):
    return CommentFactory(target=proposal, author=bob, body="<p>Quelle <em>idée</em> stupide</p>")


@pytest.fixture
def post(blog, carol):
    return PostFactory(
        component=blog, author=carol, title="Travaux rue Haute", body="<p>Chantier <i>long</i></p>"
    )


@pytest.fixture
def space_moderator(admin, process):
    person = make_user(admin.organization, name="Mona Modératrice")
    assign_space_role(actor=admin, space=process, role=SpaceRole.MODERATOR, user=person)
    return person


def test_every_reportable_says_what_moderators_read():
    keys = {reportable.key for reportable in all_reportables()}
    assert {"comments.comment", "participation.user", "proposals.proposal", "blogs.post"} <= keys
    for reportable in all_reportables():
        if reportable.key != "participation.user":
            assert reportable.excerpt.__name__ != "_no_excerpt", reportable.key
            assert reportable.author.__name__ != "_no_author", reportable.key
            assert reportable.context.__name__ != "_no_context", reportable.key


def test_plain_excerpt_strips_markup_and_cuts():
    assert plain_excerpt("<p>Un <b>mot</b> &amp;\n<script>x</script> deux</p>") == "Un mot & x deux"
    assert len(plain_excerpt("<p>" + "a" * 1500 + "</p>")) == 1000
    assert len(plain_excerpt("<p>" + "a" * 500 + "</p>", 300)) == 300


def test_queue_shows_text_author_context_and_reasons(
    organization, admin, proposal, comment, post, alice
):
    _report(proposal, "offensive", "Insultant", organization=organization)
    _report(proposal, "offensive", organization=organization)
    _report(proposal, "spam", organization=organization)
    _report(comment, "does_not_belong", organization=organization)
    _report(post, "spam", organization=organization)
    _report(alice, "spam", organization=organization)
    body = host_client(organization.host, user=admin).get("/admin/moderation/").content.decode()
    # The proposal: title, plain text (no markup), author, its space and component, reasons.
    assert "Des bancs partout" in body
    assert "Des bancs &amp; des arbres" in body and "<b>bancs</b>" not in body
    assert "Alice Martin" in body and "Budget 2027" in body and "Idées" in body
    assert "Offensant, haineux ou injurieux (2 signalements)" in body
    assert "Spam (1 signalement)" in body
    # The comment: its text, author and the proposal it is on.
    assert "Quelle idée stupide" in body and "Bob Durand" in body
    assert "Commentaire sur «\u00a0Des bancs partout\u00a0»" in body
    assert "pas sa place ici (1 signalement)" in body
    # The blog post and the person.
    assert "Travaux rue Haute" in body and "Chantier long" in body and "Carole Petit" in body
    assert "@alice" in body
    assert alice.email not in body


def test_detail_page_shows_the_text_every_report_and_hidden_content(
    organization, admin, comment, space_moderator
):
    services.set_hide_threshold(actor=admin, organization=organization, value=2)
    _report(comment, "offensive", "Propos blessants", organization=organization)
    moderation = _report(comment, "spam", "Pub", organization=organization)
    assert moderation.is_hidden
    client = host_client(organization.host, user=space_moderator)
    body = client.get(f"/admin/moderation/{moderation.pk}/").content.decode()
    assert "Quelle idée stupide" in body and "Bob Durand" in body
    assert "Propos blessants" in body and "Pub" in body and "Spam" in body
    assert 'href="/' in body and "Des bancs partout" in body
    assert "seuls les modérateurs" in body.lower() or "Masqué" in body
    # Residents no longer reach it: the report form answers 404 for a hidden comment.
    resident = host_client(organization.host, user=make_user(organization))
    assert resident.get(f"/report/comments.comment/{comment.pk}/").status_code == 404


def test_space_moderator_queue_shows_context(organization, space_moderator, post):
    _report(post, "spam", organization=organization)
    body = (
        host_client(organization.host, user=space_moderator)
        .get("/admin/moderation/")
        .content.decode()
    )
    assert "Travaux rue Haute" in body and "Chantier long" in body and "Carole Petit" in body
    assert "Budget 2027" in body and "Actus" in body


def test_report_form_shows_what_is_reported(organization, comment, proposal):
    client = host_client(organization.host, user=make_user(organization))
    body = client.get(f"/report/comments.comment/{comment.pk}/").content.decode()
    assert "Quelle idée stupide" in body and "Bob Durand" in body
    assert "Commentaire sur «\u00a0Des bancs partout\u00a0»" in body
    body = client.get(f"/report/proposals.proposal/{proposal.pk}/").content.decode()
    assert "Des bancs &amp; des arbres" in body and "Alice Martin" in body


def test_other_organisations_reports_never_shown(
    organization, other_organization, admin, proposal, post
):
    _report(proposal, "spam", "Secret de la ville A", organization=organization)
    other_admin = make_user(other_organization, admin=True)
    client = host_client(other_organization.host, user=other_admin)
    body = client.get("/admin/moderation/").content.decode()
    assert "Des bancs partout" not in body and "Alice Martin" not in body
    moderation = Moderation.objects.get()
    assert client.get(f"/admin/moderation/{moderation.pk}/").status_code == 404


def test_queue_queries_do_not_grow_with_reports(
    organization, admin, ideas, blog, django_assert_max_num_queries
):
    client = host_client(organization.host, user=admin)

    def add_round():
        author = make_user(organization, name="Autrice")
        proposal = make_proposal(ideas, author, title="Idée")
        _report(proposal, "spam", organization=organization)
        _report(proposal, "offensive", organization=organization)
        _report(CommentFactory(target=proposal, author=author), organization=organization)
        post = PostFactory(component=blog, author=author)
        _report(CommentFactory(target=post, author=author), organization=organization)
        _report(post, organization=organization)
        _report(author, organization=organization)

    add_round()
    client.get("/admin/moderation/")  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get("/admin/moderation/").status_code == 200
    for _ in range(4):
        add_round()
    with django_assert_max_num_queries(len(first.captured_queries)):
        body = client.get("/admin/moderation/").content.decode()
    assert body.count("Autrice") >= 20


def test_long_texts_are_cut_in_the_queue_and_markup_never_runs(organization, admin, ideas, alice):
    long_text = "mot " * 300  # 1,200 characters
    proposal = make_proposal(
        ideas,
        alice,
        title="Longue",
        body=f"<p>&lt;script&gt;alert(1)&lt;/script&gt; {long_text}</p>",
    )
    moderation = _report(proposal, organization=organization)
    client = host_client(organization.host, user=admin)
    queue = client.get("/admin/moderation/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in queue and "<script>alert" not in queue
    assert "mot " * 60 not in queue  # cut at 200 characters
    detail = client.get(f"/admin/moderation/{moderation.pk}/").content.decode()
    assert "mot " * 200 in detail and "<script>alert" not in detail
