"""The notification centre: unread count in the header, read marks, pages, fixed queries."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.notifications.models import Notification
from tests.conftest import host_client
from tests.factories import make_user


def _notify(user, count, actor=None):
    Notification.objects.bulk_create(
        [
            Notification(
                organization_id=user.organization_id,
                user=user,
                event_id=uuid.uuid4(),
                event_name="blogs.post_published",
                actor=actor or make_user(user.organization),
                title=f"Article {index}",
                url="/processes/budget/",
            )
            for index in range(count)
        ]
    )


def test_header_shows_the_unread_count(participant):
    client = host_client("ville-a.test", participant)
    _notify(participant, 3)
    page = client.get("/").content.decode()
    assert 'class="badge notifications-count">3<' in page


def test_centre_lists_with_a_fixed_number_of_queries(participant):
    client = host_client("ville-a.test", participant)
    _notify(participant, 2)
    client.get("/notifications/")
    with CaptureQueriesContext(connection) as small:
        client.get("/notifications/")
    _notify(participant, 30)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/notifications/").content.decode()
    assert len(large) == len(small)
    assert "Article 29" in page and "?page=2" in page


def test_mark_one_and_all_as_read(participant):
    client = host_client("ville-a.test", participant)
    _notify(participant, 3)
    first = Notification.objects.filter(user=participant).first()
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_reads_or_marks_someone_elses_notifications(participant, organization):
    other = make_user(organization)
    _notify(other, 1)
    client = host_client("ville-a.test", participant)
    assert "Article 0" not in client.get("/notifications/").content.decode()
    theirs = Notification.objects.get()
    client.post(f"/notifications/{theirs.pk}/read/")
    client.post("/notifications/read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_pages_need_sign_in_and_get_only(client_a, participant):
    for path in ("/notifications/", "/notifications/following/", "/notifications/settings/"):
        assert "sign-in" in client_a.get(path)["Location"]
    client = host_client("ville-a.test", participant)
    assert client.get("/notifications/read-all/").status_code == 405
    assert client.get("/notifications/?page=<script>").status_code == 200
