"""A name changed through the account settings page (``accounts.services.update_profile``),
a blocked or a deleted account: the cached comment thread an anonymous visitor reads
shows it on the very next request (the services retire the names version; issue 13)."""

from participation.comments import services
from participation.comments.targets import target_of
from participation.privacy.deletion import delete_account
from participation.privacy.participants import set_blocked
from tests.conftest import host_client
from tests.factories import PASSWORD


def _page(post) -> str:
    return (
        host_client("ville-a.test").get(post.component.url("detail", pk=post.pk)).content.decode()
    )


def _comment(person, post, body="Bravo pour ce lancement"):
    services.create_comment(actor=person, target=target_of(post), body=body)


def test_a_new_name_from_the_account_page_shows_in_the_cached_thread(alice, post):
    _comment(alice, post)
    assert "Alice Martin" in _page(post)
    assert "Alice Martin" in _page(post)  # the thread's HTML is cached now
    response = host_client("ville-a.test", alice).post(
        "/account/", {"name": "Alice Nouvelle", "nickname": "alice"}
    )
    assert response.status_code == 302
    page = _page(post)
    assert "Alice Nouvelle" in page and "Alice Martin" not in page


def test_a_deleted_account_shows_as_deleted_in_the_cached_thread(alice, post):
    _comment(alice, post)
    assert "Alice Martin" in _page(post)
    delete_account(user=alice, password=PASSWORD)
    page = _page(post)
    assert "Alice Martin" not in page and "Participant·e supprimé·e" in page


def test_a_blocked_person_is_no_longer_linked_from_a_mention(admin, alice, bob, post):
    _comment(bob, post, body="Je suis d’accord avec @alice")
    assert "/profiles/alice/" in _page(post)
    assert "/profiles/alice/" in _page(post)  # cached
    set_blocked(
        actor=admin, organization=admin.organization, user_id=alice.pk, blocked=True, reason="x"
    )
    assert "/profiles/alice/" not in _page(post)
