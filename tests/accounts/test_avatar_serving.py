"""A person's avatar is served like their profile: not once they are hidden, blocked
or deleted — except to the organisation's administrators and moderators."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.moderation.services import block_user, hide_item
from participation.privacy.deletion import delete_account
from spaces.models import SpaceRole
from spaces.services import assign_space_role
from tests.accounts.test_profile import png_bytes
from tests.conftest import host_client
from tests.factories import PASSWORD, make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_DELIVERY = "django"


@pytest.fixture
def moderator(organization, admin, process):
    person = make_user(organization)
    assign_space_role(actor=admin, space=process, role=SpaceRole.MODERATOR, user=person)
    return person


@pytest.fixture
def person(organization):
    user = make_user(organization, name="Camille", nickname="camille")
    client = host_client(organization.host, user)
    upload = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    response = client.post(
        "/account/", {"name": "Camille", "nickname": "camille", "avatar": upload}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.avatar
    return user


def status_for(organization, url, viewer=None) -> int:
    return host_client(organization.host, viewer).get(url).status_code


def test_a_visible_persons_avatar_is_served_to_everyone(organization, person):
    url = person.avatar.url
    assert status_for(organization, url) == 200
    assert status_for(organization, url, make_user(organization)) == 200


def test_a_hidden_persons_avatar_is_404_except_for_admins_and_moderators(
    organization, person, admin, moderator
):
    url = person.avatar.url
    hide_item(actor=admin, item=person)
    assert status_for(organization, url) == 404
    assert status_for(organization, url, make_user(organization)) == 404
    assert status_for(organization, url, person) == 404
    assert status_for(organization, url, admin) == 200
    assert status_for(organization, url, moderator) == 200


def test_a_blocked_persons_avatar_is_404_except_for_admins(organization, person, admin):
    url = person.avatar.url
    block_user(actor=admin, organization=organization, user_id=person.pk, reason="Spam")
    assert status_for(organization, url) == 404
    assert status_for(organization, url, make_user(organization)) == 404
    assert status_for(organization, url, admin) == 200


def test_a_deleted_persons_avatar_is_404_to_everyone(organization, person, admin):
    url = person.avatar.url
    delete_account(user=person, password=PASSWORD)
    assert status_for(organization, url) == 404
    assert status_for(organization, url, admin) == 404
