"""Issue 12: people on public pages. No e-mail address is ever rendered (an invited
member may have neither name nor nickname), and a person hidden by moderation, blocked
or deleted has no public profile and vanishes from public listings of people."""

import pytest
from django.utils import timezone

from participation.comments.services import create_comment
from participation.comments.targets import target_of
from participation.moderation.services import hide_item
from participation.privacy.deletion import delete_account
from spaces.models import SpaceMember
from spaces.services.members import invite_member
from tests.conftest import host_client
from tests.factories import PASSWORD, AssemblyFactory, make_proposal, make_user

ADDRESS = "sans.nom@example.org"


@pytest.fixture
def nameless(admin, process, django_capture_on_commit_callbacks):
    """Invited to a space by e-mail: an account with neither name nor nickname."""
    with django_capture_on_commit_callbacks(execute=True):
        invite_member(actor=admin, space=process, email=ADDRESS, position="member")
    from participation.models import User

    user = User.objects.get(email=ADDRESS)
    assert (user.name, user.nickname) == ("", "")
    return user


def _member_of(space, user):
    SpaceMember.objects.create(
        organization=space.organization,
        space=space,
        user=user,
        position="president",
        invited_at=timezone.now(),
        accepted_at=timezone.now(),
    )


def test_a_nameless_invited_member_never_shows_an_address(
    organization, admin, process, component, nameless
):
    assembly = AssemblyFactory(
        organization=organization,
        slug="conseil",
        title="Conseil de quartier",
        published_at=timezone.now(),
    )
    _member_of(assembly, nameless)
    _member_of(process, nameless)
    proposal = make_proposal(component, nameless, title="Un banc")
    create_comment(actor=nameless, target=target_of(proposal), body="Je soutiens, @personne")
    pages = [
        "/",
        assembly.get_absolute_url(),
        process.get_absolute_url(),
        component.url("index"),
        component.url("detail", pk=proposal.pk),
        component.url("export_csv"),
        component.url("export_json"),
        "/search/?q=banc",
        "/search/?q=sans",
        "/assemblies/",
    ]
    signed_in = host_client(organization.host, make_user(organization))
    for client in (host_client(organization.host), signed_in):
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            body = response.content.decode()
            assert ADDRESS not in body and "sans.nom" not in body, path
    # The assembly's composition names them neutrally.
    composition = host_client(organization.host).get(assembly.get_absolute_url())
    assert "Participant" in composition.content.decode()
    assert ADDRESS not in str(nameless)
    assert str(nameless) == f"Participant·e n°\u00a0{nameless.pk}" or str(nameless).endswith(
        str(nameless.pk)
    )


def test_str_never_falls_back_to_the_address(organization):
    from participation.models import User

    user = User(organization=organization, email=ADDRESS)
    assert ADDRESS not in str(user)
    user.save()
    assert ADDRESS not in str(user) and str(user.pk) in str(user)


@pytest.fixture
def person(organization):
    return make_user(organization, name="Rose Cachée", nickname="rose")


def _visible_on_public_pages(organization, person, viewer=None) -> dict:
    client = host_client(organization.host, viewer)
    return {
        "profile": client.get(f"/profiles/{person.nickname}/").status_code,
        "search": "/profiles/rose/" in client.get("/search/?q=rose").content.decode(),
    }


def test_a_hidden_person_has_no_public_profile(organization, admin, person):
    assert _visible_on_public_pages(organization, person) == {"profile": 200, "search": True}
    hide_item(actor=admin, item=person)
    for viewer in (None, make_user(organization), person):
        assert _visible_on_public_pages(organization, person, viewer) == {
            "profile": 404,
            "search": False,
        }
    # Their administrators, who moderate people, still reach the page.
    assert host_client(organization.host, admin).get("/profiles/rose/").status_code == 200


def test_mentions_of_a_hidden_person_are_not_links(
    organization, admin, component, person, django_capture_on_commit_callbacks
):
    author = make_user(organization, name="Noé")
    proposal = make_proposal(component, author)
    create_comment(actor=author, target=target_of(proposal), body="Merci @rose !")
    page = host_client(organization.host).get(component.url("detail", pk=proposal.pk))
    assert 'href="/profiles/rose/"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        hide_item(actor=admin, item=person)
    page = host_client(organization.host).get(component.url("detail", pk=proposal.pk))
    assert 'href="/profiles/rose/"' not in page.content.decode()


def test_blocked_and_deleted_people_have_no_public_profile(organization, admin, person):
    person.is_active = False
    person.save()
    assert _visible_on_public_pages(organization, person) == {"profile": 404, "search": False}
    person.is_active = True
    person.save()
    delete_account(user=person, password=PASSWORD)
    assert host_client(organization.host).get("/profiles/rose/").status_code == 404
