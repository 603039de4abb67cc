"""Public profiles: the activity, follows, followers and groups tabs, each showing only
what the visitor may see, in a fixed number of queries; "about" and the personal website."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from participation.accounts import contributions
from participation.accounts.contributions import Contribution, ContributionSource
from participation.accounts.services import clean_plain_text, update_profile
from participation.components import registry
from participation.components.manifest import ComponentManifest
from participation.moderation.services import hide_item
from participation.notifications.services import auto_follow, follow
from participation.services.groups import add_group_member, create_user_group
from spaces.models import SpaceMember, Visibility
from tests.conftest import host_client
from tests.factories import (
    CommentFactory,
    PostFactory,
    ProcessFactory,
    make_component,
    make_open_proposals,
    make_proposal,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(organization):
    return make_user(organization, nickname="alex", name="Alex Martin")


@pytest.fixture
def private_space(organization, now):
    return ProcessFactory(
        organization=organization,
        slug="huis-clos",
        title="Huis clos",
        published_at=now,
        visibility=Visibility.PRIVATE,
        steps=["Propositions"],
    )


@pytest.fixture
def private_ideas(admin, private_space):
    return make_open_proposals(private_space, actor=admin, name="Idées privées")


def _ago(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def _body(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_activity_lists_proposals_posts_and_comments_newest_first(
    organization, author, ideas, blog, admin
):
    older = make_proposal(
        ideas, author, title="Une fontaine place Plumereau", published_at=_ago(30)
    )
    PostFactory(component=blog, author=author, title="Le mot du maire", published_at=_ago(20))
    CommentFactory(target=older, author=author, body="<p>Je soutiens l’idée des bancs</p>")
    body = _body(host_client(organization.host), "/profiles/alex/")
    fountain = body.index("Une fontaine place Plumereau")
    post = body.index("Le mot du maire")
    comment = body.index("Je soutiens l’idée des bancs")
    assert comment < post < fountain  # newest first
    assert 'aria-current="page"' in body and ">Activité" in body
    assert "Budget 2027" in body  # the space of each contribution
    assert author.email not in body


def test_drafts_hidden_items_private_spaces_and_other_organisations_stay_out(
    organization, other_organization, author, ideas, admin, private_ideas, private_space
):
    make_proposal(ideas, author, title="Un brouillon pas encore publié", published_at=None)
    hidden = make_proposal(ideas, author, title="Une proposition masquée")
    hide_item(actor=admin, item=hidden)
    comment = CommentFactory(target=make_proposal(ideas, admin), author=author, body="Caché")
    hide_item(actor=admin, item=comment)
    CommentFactory(target=hidden, author=author, body="Sur une proposition masquée")
    make_proposal(private_ideas, author, title="Une idée du huis clos")
    make_proposal(ideas, author, title="Une idée visible de tous")
    # Another organisation's person with the same nickname, and their content.
    other_process = ProcessFactory(
        organization=other_organization, slug="ailleurs", published_at=timezone.now()
    )
    other_admin = make_user(other_organization, admin=True)
    stranger = make_user(other_organization, nickname="alex")
    make_proposal(
        make_open_proposals(other_process, actor=other_admin), stranger, title="Une idée d’ailleurs"
    )

    body = _body(host_client(organization.host), "/profiles/alex/")
    assert "Une idée visible de tous" in body
    for absent in (
        "Un brouillon",
        "Une proposition masquée",
        "Caché",
        "Sur une proposition masquée",
        "Une idée du huis clos",
        "Une idée d’ailleurs",
    ):
        assert absent not in body, absent
    # The count of the tab says the same.
    assert contributions.count(organization, author, AnonymousUser()) == 1

    # A member of the private space sees what the author wrote there.
    member = make_user(organization, nickname="membre")
    SpaceMember.objects.create(
        organization=organization,
        space=private_space,
        user=member,
        invited_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    assert "Une idée du huis clos" in _body(
        host_client(organization.host, member), "/profiles/alex/"
    )


def test_blog_posts_are_listed_only_where_the_blog_shows_its_authors(
    organization, author, process, admin
):
    blog = make_component(process, "blogs", actor=admin, name="Sans signature", published=True)
    blog.settings = {**blog.settings, "show_author": False}
    blog.save(update_fields=["settings"])
    PostFactory(component=blog, author=author, title="Un billet anonyme", published_at=_ago(5))
    PostFactory(
        component=make_component(process, "blogs", actor=admin, name="Actus", published=True),
        author=author,
        title="Un billet à venir",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    body = _body(host_client(organization.host), "/profiles/alex/")
    assert "Un billet anonyme" not in body and "Un billet à venir" not in body


def test_activity_is_paginated_in_a_fixed_number_of_queries(
    organization, author, ideas, blog, django_assert_max_num_queries
):
    client = host_client(organization.host)

    def add(count):
        for number in range(count):
            proposal = make_proposal(ideas, author, title=f"Proposition numéro {number:03}")
            CommentFactory(target=proposal, author=author, body=f"Commentaire {number}")
            PostFactory(component=blog, author=author, published_at=_ago(number + 1))

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get("/profiles/alex/")
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = _body(client, "/profiles/alex/")
    assert "Page 1 sur 5" in body.replace("\xa0", " ")
    assert "Page 5 sur 5" in _body(client, "/profiles/alex/?page=5").replace("\xa0", " ")
    # Out-of-range and junk page numbers: a page, never an error.
    assert client.get("/profiles/alex/?page=999").status_code == 200
    assert client.get("/profiles/alex/?page=abc").status_code == 200


def test_follows_tab_lists_only_what_the_visitor_may_see(
    organization, author, ideas, private_ideas, process, admin, django_assert_max_num_queries
):
    public = make_proposal(ideas, admin, title="Une proposition suivie")
    secret = make_proposal(private_ideas, admin, title="Une proposition secrète")
    other = make_user(organization, nickname="camille", name="Camille Roux")
    follow(user=author, organization=organization, key="proposals.proposal", object_id=public.pk)
    follow(user=author, organization=organization, key="participation.user", object_id=other.pk)
    auto_follow(user=author, target=process)
    # Followed while it was visible to the author (then a member); the visitor is not.
    auto_follow(user=author, target=secret)
    client = host_client(organization.host)
    with django_assert_max_num_queries(30):
        body = _body(client, "/profiles/alex/follows/")
    assert "Une proposition suivie" in body and "Budget 2027" in body and "Camille Roux" in body
    assert "Une proposition secrète" not in body
    assert '<span class="profile-count">3</span>' in body
    # Hidden by moderation: gone from the list.
    hide_item(actor=admin, item=public)
    assert "Une proposition suivie" not in _body(client, "/profiles/alex/follows/")


def test_followers_tab_lists_people_with_a_public_profile(
    organization, author, django_assert_max_num_queries
):
    fans = [make_user(organization, nickname=f"fan-{n}", name=f"Fan {n}") for n in range(3)]
    for fan in fans:
        follow(user=fan, organization=organization, key="participation.user", object_id=author.pk)
    fans[0].is_active = False
    fans[0].save(update_fields=["is_active"])
    client = host_client(organization.host)
    with django_assert_max_num_queries(20):
        body = _body(client, "/profiles/alex/followers/")
    assert "Fan 2" in body and "@fan-1" in body and "Fan 0" not in body
    assert "/profiles/fan-2/" in body
    for fan in fans:
        assert fan.email not in body


def test_groups_tab_lists_the_persons_public_groups(organization, admin, author):
    committee = create_user_group(
        actor=admin, organization=organization, name="Comité de quartier", is_public=True
    )
    private = create_user_group(actor=admin, organization=organization, name="Groupe discret")
    create_user_group(actor=admin, organization=organization, name="Autre groupe", is_public=True)
    for group in (committee, private):
        add_group_member(actor=admin, group=group, identifier=author.nickname)
    body = _body(host_client(organization.host), "/profiles/alex/groups/")
    assert "Comité de quartier" in body and "Autre groupe" not in body
    # A group that is not public is the person's own business.
    assert "Groupe discret" not in body
    assert 'href="/profiles/alex/groups/" aria-current="page"' in body
    own = _body(host_client(organization.host, author), "/profiles/alex/groups/")
    assert "Groupe discret" in own


def test_profile_without_anything_says_so_in_every_tab(organization, author):
    client = host_client(organization.host)
    for path, empty in (
        ("/profiles/alex/", "Aucune contribution"),
        ("/profiles/alex/follows/", "Ne suit rien"),
        ("/profiles/alex/followers/", "Personne ne suit"),
        ("/profiles/alex/groups/", "Ne fait partie d’aucun groupe"),
    ):
        assert empty in _body(client, path)


def test_hidden_and_blocked_people_have_no_tabs(organization, author, admin):
    hide_item(actor=admin, item=author)
    client = host_client(organization.host)
    for path in ("/profiles/alex/", "/profiles/alex/follows/", "/profiles/alex/groups/"):
        assert client.get(path).status_code == 404
    # Administrators, who moderate people, still open it.
    assert host_client(organization.host, admin).get("/profiles/alex/followers/").status_code == 200


def test_about_and_website_are_edited_in_the_settings_and_shown_escaped(organization, author):
    client = host_client(organization.host, author)
    response = client.post(
        "/account/",
        {
            "name": "Alex Martin",
            "nickname": "alex",
            "about": "J’aime <b>ma</b> ville\r\n\r\n\r\n\r\nEt ses jardins\x07",
            "personal_url": "https://alex.example.org/",
        },
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.about == "J’aime <b>ma</b> ville\n\nEt ses jardins"
    body = _body(host_client(organization.host), "/profiles/alex/")
    assert "J’aime &lt;b&gt;ma&lt;/b&gt; ville<br><br>Et ses jardins" in body
    assert 'href="https://alex.example.org/" rel="nofollow ugc noopener noreferrer me"' in body


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example.org/", "pas une adresse"]
)
def test_a_website_must_be_an_http_address(organization, author, url):
    client = host_client(organization.host, author)
    response = client.post("/account/", {"name": "A", "nickname": "alex", "personal_url": url})
    assert response.status_code == 400
    author.refresh_from_db()
    assert author.personal_url == "" and author.name == "Alex Martin"


def test_about_is_limited_in_length(organization, author):
    client = host_client(organization.host, author)
    response = client.post("/account/", {"name": "A", "nickname": "alex", "about": "x" * 501})
    assert response.status_code == 400 and "500" in response.content.decode()
    author.refresh_from_db()
    assert author.about == ""
    with pytest.raises(ValidationError):  # the service refuses it too (model validation)
        update_profile(actor=author, user=author, name="A", nickname="alex", about="y" * 501)


def test_clean_plain_text_removes_controls_and_bidi_overrides():
    assert clean_plain_text(value="  a\u202eb\x00c \r\nd\n\n\n\ne  ") == "abc\nd\n\ne"


def test_deleting_an_account_erases_about_and_website(organization, author):
    from participation.privacy.deletion import _erase_row

    author.about, author.personal_url = "Ma vie", "https://alex.example.org/"
    author.save()
    _erase_row(author)
    author.refresh_from_db()
    assert author.about == "" and author.personal_url == ""


# --- a component the platform has never heard of -------------------------------------


def _gadgets_made(organization, author, viewer):
    """A throw-away component's "contributions": log entries naming gadgets it made, of
    components of its type the viewer may see."""
    from participation.models import ActionLog
    from participation.moderation.visibility import visible_components

    components = visible_components(organization=organization, user=viewer).filter(
        manifest_name="gadgets"
    )
    return ActionLog.objects.filter(
        organization=organization,
        actor=author,
        action="gadgets.made",
        target_id__in=components.values("pk")
        .annotate(as_text=Cast("pk", CharField()))
        .values("as_text"),
    )


GADGETS = ComponentManifest(
    name="gadgets",
    label="Gadgets",
    contributions=(
        ContributionSource(
            key="gadgets",
            queryset=_gadgets_made,
            describe=lambda entry: Contribution(
                kind="Gadget", title=entry.target_label, url="/g/", date=entry.created_at
            ),
        ),
    ),
)


@pytest.fixture
def gadgets():
    registry.register(GADGETS)
    yield GADGETS
    registry.unregister(GADGETS.name)


def test_a_new_component_declares_its_contributions_through_its_manifest(
    gadgets, organization, author, admin, process, private_space, ideas
):
    from participation.models import ActionLog

    public = make_component(process, "gadgets", actor=admin, name="Atelier", published=True)
    secret = make_component(private_space, "gadgets", actor=admin, name="Secret", published=True)
    for component, label in ((public, "Un gadget pour tous"), (secret, "Un gadget caché")):
        ActionLog.objects.create(
            organization=organization,
            actor=author,
            action="gadgets.made",
            target_type="components.component",
            target_id=str(component.pk),
            target_label=label,
        )
    make_proposal(ideas, author, title="Une proposition ancienne", published_at=_ago(60))
    body = _body(host_client(organization.host), "/profiles/alex/")
    assert "Un gadget pour tous" in body and "Gadget" in body
    assert "Un gadget caché" not in body
    assert body.index("Un gadget pour tous") < body.index("Une proposition ancienne")
    registry.unregister("gadgets")
    assert "Un gadget pour tous" not in _body(host_client(organization.host), "/profiles/alex/")
    registry.register(gadgets)


def test_follows_and_followers_cost_the_same_whatever_their_number(
    organization, author, ideas, process, admin, django_assert_max_num_queries
):
    from participation.models import Category

    client = host_client(organization.host)

    def add(start, count):
        for number in range(start, start + count):
            auto_follow(
                user=author,
                target=make_proposal(ideas, admin, title=f"Proposition {number:03}"),
            )
            auto_follow(
                user=author,
                target=Category.objects.create(
                    organization=organization, space=process, name=f"Catégorie {number}"
                ),
            )
            fan = make_user(organization, nickname=f"fan-{number}")
            auto_follow(user=fan, target=author)
            auto_follow(user=author, target=fan)

    add(0, 1)
    costs = {}
    for path in ("/profiles/alex/follows/", "/profiles/alex/followers/"):
        with django_assert_max_num_queries(40) as few:
            client.get(path)
        costs[path] = len(few.captured_queries)
    add(1, 20)
    for path, cost in costs.items():
        with django_assert_max_num_queries(cost):
            body = _body(client, path)
        assert "fan-20" in body or "Proposition 020" in body
