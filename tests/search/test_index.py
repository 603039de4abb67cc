"""The stored search documents: written by every save, checked at query time, accents left
out, ranked, highlighted safely, paginated, rebuilt by a command. Both engines: PostgreSQL
(tsvector in ``french_unaccent``) and SQLite (FTS5) when DATABASE_URL is unset."""

from decimal import Decimal
from html import unescape

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from blogs.services import create_post, update_post
from budgets.services.budgets import create_project, delete_project, update_project
from participation.comments.models import Comment
from participation.comments.services import create_comment, delete_comment
from participation.comments.targets import target_of
from participation.moderation import services as moderation
from participation.moderation.selectors import moderation_of
from participation.search.models import SearchDocument
from participation.search.selectors import PER_PAGE, marked, search
from proposals.services.merging import merge_proposals
from spaces.models import Visibility
from spaces.services.spaces import update_space
from tests.conftest import host_client
from tests.factories import (
    make_budget,
    make_component,
    make_open_budgets,
    make_open_proposals,
    make_proposal,
    make_user,
)


def _titles(organization, user, text, **filters):
    page = search(organization=organization, user=user, text=text, **filters)
    return [unescape(strip_tags(result.title)) or result.caption for result in page.results]


def _keys(organization, user, text):
    page = search(organization=organization, user=user, text=text)
    return {result.searchable.key for result in page.results}


def test_accents_are_left_out_both_ways(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    make_proposal(ideas, admin, title="Fête de la République", body="<p>Place de l'Hôtel</p>")
    anonymous = AnonymousUser()
    assert _titles(organization, anonymous, "republique") == ["Fête de la République"]
    assert _titles(organization, anonymous, "hotel fete") == ["Fête de la République"]
    assert _titles(organization, anonymous, "RÉPUBLIQUE") == ["Fête de la République"]


def test_title_matches_rank_first_and_words_are_marked(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    make_proposal(ideas, admin, title="Des bancs", body="<p>Près du kiosque, un kiosque</p>")
    make_proposal(ideas, admin, title="Un kiosque à musique", body="<p>Place du marché</p>")
    page = search(organization=organization, user=AnonymousUser(), text="kiosque")
    assert [strip_tags(result.title) for result in page.results] == [
        "Un kiosque à musique",
        "Des bancs",
    ]
    first, second = page.results
    assert "<mark>kiosque</mark>" in first.title
    assert "<mark>kiosque</mark>" in second.excerpt
    assert first.state and first.space == process.title
    assert str(first.searchable.label) in {"Proposals", "Propositions"}


def test_highlighting_escapes_the_text(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    make_proposal(
        ideas,
        admin,
        title="<script>alert(1)</script> Jardin <b>bio</b>",
        body="<p>&lt;img src=x onerror=alert(2)&gt; jardin</p>",
    )
    body = host_client(organization.host).get("/search/?q=jardin").content.decode()
    assert "<script>alert(1)" not in body and "<img src=x" not in body and "<b>bio" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<mark>Jardin</mark>" in body
    # Whatever the marks, only <mark> comes out.
    assert marked("\ue000<i>\ue001\ue001 x \ue000") == "<mark>&lt;i&gt;</mark> x <mark></mark>"


def test_documents_follow_the_proposals_and_moderation(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    resident = make_user(organization)
    proposal = make_proposal(ideas, admin, title="Composteur collectif")
    assert SearchDocument.objects.filter(searchable="proposals", object_id=proposal.pk).exists()
    assert _titles(organization, resident, "composteur") == ["Composteur collectif"]

    proposal.title = "Ruche partagée"
    proposal.save()
    assert _titles(organization, resident, "composteur") == []
    assert _titles(organization, resident, "ruche") == ["Ruche partagée"]

    moderation.hide_item(actor=admin, item=proposal)
    assert _titles(organization, resident, "ruche") == []
    moderation.unhide(actor=admin, moderation=moderation_of(proposal))
    assert _titles(organization, resident, "ruche") == ["Ruche partagée"]

    # A counter's save (update_fields without the indexed fields) writes nothing.
    before = SearchDocument.objects.get(searchable="proposals", object_id=proposal.pk)
    proposal.save(update_fields=["supports_count"])
    after = SearchDocument.objects.get(searchable="proposals", object_id=proposal.pk)
    assert after.updated_at == before.updated_at

    draft = make_proposal(ideas, admin, title="Ruche brouillon", published_at=None)
    assert "Ruche brouillon" not in _titles(organization, admin, "ruche")

    pk = proposal.pk
    proposal.delete()
    assert not SearchDocument.objects.filter(searchable="proposals", object_id=pk).exists()
    assert draft.pk


def test_merged_proposals_show_as_withdrawn_in_results(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    first = make_proposal(ideas, admin, title="Composteur rue Haute")
    second = make_proposal(ideas, admin, title="Composteur rue Basse")
    merge_proposals(
        actor=admin,
        component=ideas,
        proposal_ids=[first.pk, second.pk],
        title="Composteurs de quartier",
        body="<p>Un composteur par rue.</p>",
    )
    states = dict(
        SearchDocument.objects.filter(
            searchable="proposals", object_id__in=[first.pk, second.pk]
        ).values_list("object_id", "state_key")
    )
    assert states == {first.pk: "withdrawn", second.pk: "withdrawn"}


def test_budget_projects_follow_their_services(organization, admin, process):
    budgets = make_open_budgets(process, actor=admin)
    budget = make_budget(budgets)
    project = create_project(
        actor=admin,
        budget=budget,
        data={"title": "Aire de jeux", "description": "<p>Toboggan</p>", "cost": Decimal("500")},
    )
    assert _titles(organization, AnonymousUser(), "toboggan") == ["Aire de jeux"]
    update_project(actor=admin, project=project, data={"title": "Skatepark"})
    assert _titles(organization, AnonymousUser(), "skatepark") == ["Skatepark"]
    delete_project(actor=admin, project=project)
    assert _titles(organization, AnonymousUser(), "skatepark") == []
    assert not SearchDocument.objects.filter(searchable="budget_projects").exists()


def test_a_space_made_private_leaves_outsiders_results(organization, admin, process, now):
    blog = make_component(process, "blogs", actor=admin, name="Actus", published=True)
    post = create_post(actor=admin, component=blog, data={"title": "Lavoir rénové", "body": "x"})
    update_post(actor=admin, post=post, data={"title": "Lavoir restauré", "body": "x"})
    resident = make_user(organization)
    assert _titles(organization, resident, "lavoir") == ["Lavoir restauré"]
    update_space(actor=admin, space=process, data={"visibility": Visibility.PRIVATE})
    assert _titles(organization, resident, "lavoir") == []
    assert _titles(organization, AnonymousUser(), "lavoir") == []
    assert _titles(organization, admin, "lavoir") == ["Lavoir restauré"]


def test_comments_are_searchable_and_follow_their_target(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    proposal = make_proposal(ideas, admin, title="Des bancs")
    resident = make_user(organization)
    comment = create_comment(
        actor=resident, target=target_of(proposal), body="Et une fontaine à côté ?"
    )
    page = search(organization=organization, user=AnonymousUser(), text="fontaine")
    [result] = page.results
    assert result.searchable.key == "comments" and result.caption == "Des bancs"
    assert "<mark>fontaine</mark>" in result.excerpt
    assert result.url.endswith(f"/{comment.pk}/") or str(comment.pk) in result.url
    # Hidden comment, hidden target, deleted comment: gone.
    moderation.hide_item(actor=admin, item=comment)
    assert _keys(organization, resident, "fontaine") == set()
    moderation.unhide(actor=admin, moderation=moderation_of(comment))
    moderation.hide_item(actor=admin, item=proposal)
    assert _keys(organization, resident, "fontaine") == set()
    moderation.unhide(actor=admin, moderation=moderation_of(proposal))
    assert _keys(organization, resident, "fontaine") == {"comments"}
    delete_comment(actor=resident, comment=comment)
    assert _keys(organization, resident, "fontaine") == set()
    assert not SearchDocument.objects.filter(searchable="comments").exists()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_stale_document_never_shows_an_item(organization, admin, process):
    """Documents are never trusted: each result's item is read through its visible queryset."""
    ideas = make_open_proposals(process, actor=admin)
    draft = make_proposal(ideas, admin, title="Secret de polichinelle", published_at=None)
    SearchDocument.objects.filter(searchable="proposals", object_id=draft.pk).update(
        published_at=process.published_at
    )
    assert _titles(organization, AnonymousUser(), "polichinelle") == []


def test_other_organisations_documents_are_never_read(
    organization, other_organization, admin, process
):
    ideas = make_open_proposals(process, actor=admin)
    make_proposal(ideas, admin, title="Guinguette au bord de l'eau")
    foreign = make_user(other_organization, admin=True)
    assert _titles(other_organization, foreign, "guinguette") == []
    assert _titles(other_organization, AnonymousUser(), "guinguette") == []
    assert _titles(organization, AnonymousUser(), "guinguette") == ["Guinguette au bord de l'eau"]


def test_results_come_in_pages_in_a_fixed_number_of_queries(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    make_proposal(ideas, admin, title="Lampadaire 0")
    client = host_client(organization.host, user=make_user(organization))
    client.get("/search/?q=lampadaire")
    with CaptureQueriesContext(connection) as few:
        client.get("/search/?q=lampadaire")
    for index in range(1, PER_PAGE + 5):
        proposal = make_proposal(ideas, admin, title=f"Lampadaire {index}")
        create_comment(actor=admin, target=target_of(proposal), body=f"Lampadaire {index} oui")
    with CaptureQueriesContext(connection) as many:
        first = client.get("/search/?q=lampadaire").content.decode()
    # Titles rank first: the first page holds 20 proposals, read as 1 was.
    assert first.count('class="search-result"') == PER_PAGE
    assert len(many) == len(few)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    with CaptureQueriesContext(connection) as second_page:
        second = client.get("/search/?q=lampadaire&page=2").content.decode()
    assert len(second_page) == len(few) + 1  # one more type on the page: comments
    assert 'rel="prev"' in second and second.count('class="search-result"') == PER_PAGE
    third = client.get("/search/?q=lampadaire&page=3").content.decode()
    # 25 proposals and 24 comments match.
    assert third.count('class="search-result"') == 49 - 2 * PER_PAGE
    assert 'rel="next"' not in third
    assert client.get("/search/?q=lampadaire&page=abc").status_code == 200


def test_the_index_is_rebuilt_by_a_command(organization, admin, process):
    ideas = make_open_proposals(process, actor=admin)
    make_proposal(ideas, admin, title="Kiosque")
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(
        organization=organization,
        searchable="proposals",
        object_id=999_999,
        content_type=ContentType.objects.get_for_model(Comment),
        title="Fantôme",
    )
    assert _titles(organization, AnonymousUser(), "kiosque") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _titles(organization, AnonymousUser(), "kiosque") == ["Kiosque"]
    assert not SearchDocument.objects.filter(title="Fantôme").exists()
    assert SearchDocument.objects.filter(searchable="processes").count() == 1
