"""Following: unique per target, automatic for authors, tenancy and visibility, the list page."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blogs.services import create_post
from participation.notifications.models import Follow
from participation.notifications.services import auto_follow, is_following
from tests.conftest import host_client
from tests.factories import ProcessFactory, make_user

FOLLOW_URL = "/notifications/follow/"


def _post(client, target_key, pk, action="follow", next_url="/"):
    return client.post(
        FOLLOW_URL, {"key": target_key, "object_id": pk, "action": action, "next": next_url}
    )


def test_a_resident_follows_and_unfollows_a_space_with_a_plain_form(participant, process):
    client = host_client("ville-a.test", participant)
    page = client.get(process.get_absolute_url()).content.decode()
    assert 'name="key" value="spaces.participatoryprocess"' in page
    response = _post(client, "spaces.participatoryprocess", process.pk, next_url="/processes/")
    assert response.status_code == 302 and response["Location"] == "/processes/"
    assert is_following(user=participant, target=process)
    # Following twice keeps one row.
    _post(client, "spaces.participatoryprocess", process.pk)
    assert Follow.objects.filter(user=participant).count() == 1
    assert "aria-pressed" in client.get(process.get_absolute_url()).content.decode()
    _post(client, "spaces.participatoryprocess", process.pk, action="unfollow")
    assert not is_following(user=participant, target=process)


def test_follow_is_unique_in_the_database(participant, process):
    auto_follow(user=participant, target=process)
    follow = Follow.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(
            organization=follow.organization,
            user=participant,
            content_type=follow.content_type,
            object_id=process.pk,
        )


def test_authors_follow_their_posts(admin, blog):
    post = create_post(actor=admin, component=blog, data={"title": "A", "body": "<p>b</p>"})
    assert is_following(user=admin, target=post)
    assert auto_follow(user=admin, target=post).pk == Follow.objects.get(user=admin).pk


def test_auto_follow_ignores_other_organisations(other_organization, process):
    stranger = make_user(other_organization)
    assert auto_follow(user=stranger, target=process) is None
    assert not Follow.objects.exists()


def test_other_organisation_space_cannot_be_followed(other_organization, participant, now):
    foreign = ProcessFactory(organization=other_organization, slug="x", title="X", published_at=now)
    client = host_client("ville-a.test", participant)
    response = _post(client, "spaces.participatoryprocess", foreign.pk)
    assert response.status_code == 400
    assert not Follow.objects.exists()


def test_private_space_only_followed_by_its_members(participant, private_process):
    client = host_client("ville-a.test", participant)
    assert _post(client, "spaces.participatoryprocess", private_process.pk).status_code == 400
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"key": "participation.user", "object_id": 1, "action": "follow"},
        {"key": "spaces.participatoryprocess", "object_id": "x", "action": "follow"},
        {"key": "spaces.participatoryprocess", "object_id": 1, "action": "delete"},
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(participant, process, data):
    client = host_client("ville-a.test", participant)
    response = client.post(FOLLOW_URL, data)
    assert response.status_code == 400
    assert not Follow.objects.exists()


def test_open_redirects_are_refused(participant, process):
    client = host_client("ville-a.test", participant)
    response = _post(
        client, "spaces.participatoryprocess", process.pk, next_url="https://evil.test/"
    )
    assert response["Location"] == "/notifications/following/"


def test_anonymous_follow_goes_to_sign_in(client_a, process):
    response = _post(client_a, "spaces.participatoryprocess", process.pk)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def _follow_many(user, admin, blog, organization, count, start=0):
    for index in range(count):
        space = ProcessFactory(
            organization=organization,
            slug=f"s-{start + index}",
            title=f"Space {start + index}",
            published_at=timezone.now(),
        )
        auto_follow(user=user, target=space)
        post = create_post(actor=admin, component=blog, data={"title": f"P{index}", "body": "x"})
        auto_follow(user=user, target=post)


def test_following_page_lists_with_a_fixed_number_of_queries(
    participant, admin, blog, organization
):
    client = host_client("ville-a.test", participant)
    _follow_many(participant, admin, blog, organization, 1)
    client.get("/notifications/following/")
    with CaptureQueriesContext(connection) as small:
        response = client.get("/notifications/following/")
    assert "Space 0" in response.content.decode() and "P0" in response.content.decode()
    _follow_many(participant, admin, blog, organization, 8, start=1)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/notifications/following/")
    assert "Space 8" in response.content.decode()
    assert len(large) == len(small)
    # Stop following from the list.
    follow = Follow.objects.filter(user=participant).first()
    key = f"{follow.content_type.app_label}.{follow.content_type.model}"
    _post(client, key, follow.object_id, action="unfollow", next_url="/notifications/following/")
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_personal_data_export_and_erasure(participant, process):
    from participation.notifications.personal_data import erase, export

    auto_follow(user=participant, target=process)
    data = export(participant)
    assert data["follows"] == [{"type": "spaces.participatoryprocess", "id": process.pk}]
    erase(participant)
    assert not Follow.objects.filter(user=participant).exists()
