"""Following proposals, participants and categories: buttons, rules, the followers counter."""

import contextlib
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.comments.services import create_comment
from participation.comments.targets import target_of
from participation.models import Category
from participation.moderation.models import Moderation
from participation.notifications import services
from participation.notifications.models import Follow
from participation.notifications.personal_data import erase
from participation.notifications.services import auto_follow, is_following
from proposals import services as proposals
from proposals.models import Proposal
from spaces.models import SpaceMember
from tests.conftest import host_client
from tests.factories import (
    ProcessFactory,
    make_open_proposals,
    make_proposal,
    make_user,
)

FOLLOW_URL = "/notifications/follow/"


def _post(client, key, pk, action="follow", next_url="/"):
    return client.post(
        FOLLOW_URL, {"key": key, "object_id": pk, "action": action, "next": next_url}
    )


def _count(proposal) -> int:
    return Proposal.objects.values_list("followers_count", flat=True).get(pk=proposal.pk)


def _category(space, name="Mobilité"):
    return Category.objects.create(
        organization=space.organization,
        space=space,
        name=name,
    )


# --- Proposals ------------------------------------------------------------------------------


def test_a_proposal_is_followed_from_its_page_with_a_plain_form(ideas, alice, bob):
    proposal = make_proposal(ideas, alice)
    client = host_client("ville-a.test", bob)
    url = proposal.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'name="key" value="proposals.proposal"' in page
    assert "csrfmiddlewaretoken" in page
    response = _post(client, "proposals.proposal", proposal.pk, next_url=url)
    assert response.status_code == 302 and response["Location"] == url
    assert is_following(user=bob, target=proposal) and _count(proposal) == 1
    page = client.get(url).content.decode()
    assert 'aria-pressed="true"' in page and "1 abonné·e" in page
    # Following twice counts once; stopping takes it off.
    _post(client, "proposals.proposal", proposal.pk)
    assert _count(proposal) == 1
    _post(client, "proposals.proposal", proposal.pk, action="unfollow")
    assert not is_following(user=bob, target=proposal) and _count(proposal) == 0
    # Stopping again is refused with a message and changes nothing.
    response = _post(client, "proposals.proposal", proposal.pk, action="unfollow")
    assert response.status_code == 400 and _count(proposal) == 0


def test_drafts_hidden_and_foreign_proposals_cannot_be_followed(
    ideas, alice, bob, admin, other_organization
):
    from participation.moderation.models import Moderation

    draft = make_proposal(ideas, alice, published_at=None)
    hidden = make_proposal(ideas, alice, title="Une proposition masquée ici")
    Moderation.objects.create(
        organization=ideas.organization,
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=hidden.pk,
        hidden_at=hidden.published_at,
    )
    client = host_client("ville-a.test", bob)
    for proposal in (draft, hidden):
        assert _post(client, "proposals.proposal", proposal.pk).status_code == 400
    stranger = make_user(other_organization)
    assert (
        auto_follow(
            user=stranger, target=make_proposal(ideas, alice, title="Encore une autre idée")
        )
        is None
    )
    assert not Follow.objects.exists()
    assert Proposal.objects.filter(followers_count__gt=0).count() == 0


def test_authors_follow_what_they_publish(ideas, bob):
    draft = proposals.create_draft(
        actor=bob, component=ideas, title="Un composteur de quartier", body="<p>Rue Haute.</p>"
    )
    assert not is_following(user=bob, target=draft)  # a draft is nobody's news yet
    published = proposals.publish_proposal(actor=bob, proposal=draft)
    assert is_following(user=bob, target=published) and _count(published) == 1


def test_commenters_follow_what_they_comment_on(ideas, alice, bob):
    from tests.notifications.conftest import committing

    proposal = make_proposal(ideas, alice)
    with committing():
        create_comment(actor=bob, target=target_of(proposal), body="<p>Bonne idée</p>")
        create_comment(actor=bob, target=target_of(proposal), body="<p>Et encore</p>")
    assert is_following(user=bob, target=proposal) and _count(proposal) == 1


def test_erasing_an_account_takes_its_follows_off_the_counters(ideas, alice, bob, carol):
    first, second = make_proposal(ideas, alice), make_proposal(ideas, alice, title="Deuxième idée")
    for proposal in (first, second):
        auto_follow(user=bob, target=proposal)
        auto_follow(user=carol, target=proposal)
    auto_follow(user=carol, target=bob)
    erase(bob)
    assert (_count(first), _count(second)) == (1, 1)
    # Nobody follows an erased account any more.
    assert not Follow.objects.filter(object_id=bob.pk, content_type__model="user").exists()


def _retry_if_sqlite_locked(call):
    """SQLite locks whole tables: it serialises the threads (PostgreSQL really races them)."""
    import time

    from django.db import OperationalError

    for _attempt in range(200):
        try:
            return call()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("SQLite stayed locked")


@pytest.mark.django_db(transaction=True)
def test_parallel_follows_and_unfollows_keep_the_counter_exact(organization, now):
    """Threads race on the same proposal (PostgreSQL: real row locks and unique index waits)."""
    import threading

    from django.db import close_old_connections

    admin = make_user(organization, admin=True)
    process = ProcessFactory(
        organization=organization, slug="p", title="P", published_at=now, steps=["S"]
    )
    component = make_open_proposals(process, actor=admin, name="I")
    proposal = make_proposal(component, admin)
    people = [make_user(organization) for _ in range(4)]
    errors = []

    def run(action, user):
        try:
            barrier.wait(timeout=10)
            for _ in range(3):
                # "You do not follow this": the other thread unfollowed first.
                with contextlib.suppress(services.ServiceError):
                    _retry_if_sqlite_locked(
                        lambda: action(
                            user=user,
                            organization=organization,
                            key="proposals.proposal",
                            object_id=proposal.pk,
                        )
                    )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()

    # Each person follows from two threads at once, then unfollows from two threads at once.
    for action, expected in ((services.follow, 4), (services.unfollow, 0)):
        barrier = threading.Barrier(len(people) * 2)
        threads = [
            threading.Thread(target=run, args=(action, user)) for user in people for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        assert _count(proposal) == expected
        assert Follow.objects.filter(object_id=proposal.pk).count() == expected


# --- Participants ---------------------------------------------------------------------------


def test_a_participant_is_followed_from_their_profile(alice, bob):
    client = host_client("ville-a.test", bob)
    page = client.get("/profiles/alice/").content.decode()
    assert 'name="key" value="participation.user"' in page
    assert _post(client, "participation.user", alice.pk, next_url="/profiles/alice/").status_code
    assert is_following(user=bob, target=alice)
    assert 'aria-pressed="true"' in client.get("/profiles/alice/").content.decode()
    # Nobody follows themselves: no button on one's own profile, the service refuses.
    own = client.get("/profiles/bob/").content.decode()
    assert 'value="participation.user"' not in own
    assert _post(client, "participation.user", bob.pk).status_code == 400
    assert Follow.objects.count() == 1


def test_people_of_another_organisation_cannot_be_followed(bob, other_organization):
    stranger = make_user(other_organization, nickname="stranger")
    client = host_client("ville-a.test", bob)
    assert _post(client, "participation.user", stranger.pk).status_code == 400
    assert not Follow.objects.exists()


# --- Categories -----------------------------------------------------------------------------


def test_a_category_is_followed_from_the_filtered_proposals_list(ideas, process, bob):
    category = _category(process)
    client = host_client("ville-a.test", bob)
    listing = ideas.url("index")
    assert 'value="participation.category"' not in client.get(listing).content.decode()
    page = client.get(f"{listing}?category={category.pk}").content.decode()
    assert 'name="key" value="participation.category"' in page
    _post(client, "participation.category", category.pk)
    assert is_following(user=bob, target=category)


def test_categories_of_private_spaces_need_membership(admin, private_process, bob):
    category = _category(private_process)
    client = host_client("ville-a.test", bob)
    assert _post(client, "participation.category", category.pk).status_code == 400
    SpaceMember.objects.create(
        organization=private_process.organization,
        space=private_process,
        user=bob,
        invited_at=private_process.published_at,
        accepted_at=private_process.published_at,
    )
    assert _post(client, "participation.category", category.pk).status_code == 302
    assert is_following(user=bob, target=category)


# --- The "Following" page --------------------------------------------------------------------


def _follow_one_of_each(user, ideas, process, author, index):
    proposal = make_proposal(ideas, author, title=f"Proposition numéro {index}")
    auto_follow(user=user, target=proposal)
    auto_follow(user=user, target=_category(process, name=f"Catégorie {index}"))
    auto_follow(
        user=user,
        target=make_user(ideas.organization, nickname=f"voisin-{index}", name=f"V{index}"),
    )
    space = ProcessFactory(
        organization=ideas.organization,
        slug=f"espace-{index}",
        title=f"Espace {index}",
        published_at=process.published_at,
    )
    auto_follow(user=user, target=space)


def test_following_page_groups_by_type_with_a_fixed_number_of_queries(ideas, process, alice, bob):
    client = host_client("ville-a.test", bob)
    _follow_one_of_each(bob, ideas, process, alice, 0)
    client.get("/notifications/following/")
    with CaptureQueriesContext(connection) as small:
        page = client.get("/notifications/following/").content.decode()
    for title in ("Proposition numéro 0", "Catégorie 0 · Budget 2027", "V0", "Espace 0"):
        assert title in page
    for index in range(1, 6):
        _follow_one_of_each(bob, ideas, process, alice, index)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/notifications/following/").content.decode()
    assert "Proposition numéro 5" in page and "/profiles/voisin-5/" in page
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    # Grouped: one heading per type, spaces first, then categories, proposals, people.
    headings = re.findall(r'<h2 id="following-group-\d+">([^<]*)</h2>', page)
    assert headings == ["Concertation", "Catégorie", "Proposition", "Participant·e"]
    # Each item has its own stop-following button.
    assert page.count('value="unfollow"') == Follow.objects.filter(user=bob).count() == 24


def test_following_page_unfollow_button_works_for_each_type(ideas, process, alice, bob):
    _follow_one_of_each(bob, ideas, process, alice, 0)
    client = host_client("ville-a.test", bob)
    for follow in list(Follow.objects.filter(user=bob).select_related("content_type")):
        key = f"{follow.content_type.app_label}.{follow.content_type.model}"
        response = _post(client, key, follow.object_id, "unfollow", "/notifications/following/")
        assert response.status_code == 302
    assert not Follow.objects.exists()
    assert Proposal.objects.get().followers_count == 0


def test_following_page_is_linked_from_the_user_menu(bob):
    page = host_client("ville-a.test", bob).get("/").content.decode()
    assert 'href="/notifications/following/"' in page


def test_hidden_items_show_as_no_longer_available_on_the_following_page(ideas, alice, bob, carol):
    proposal = make_proposal(ideas, alice, title="Une proposition bientôt masquée")
    auto_follow(user=bob, target=proposal)
    auto_follow(user=bob, target=carol)
    for item in (proposal, carol):
        Moderation.objects.create(
            organization=ideas.organization,
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            hidden_at=timezone.now(),
        )
    page = host_client("ville-a.test", bob).get("/notifications/following/").content.decode()
    assert "Une proposition bientôt masquée" not in page and "Carole Petit" not in page
    assert page.count("plus disponible") >= 2 and page.count('value="unfollow"') == 2
