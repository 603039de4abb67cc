"""E-mails: at once, in digests or never; one-click unsubscribe bound to person and organisation."""

from django.core import mail, signing

from blogs.services import create_post
from participation.notifications import emails, tasks
from participation.notifications.models import EmailStatus, Notification, NotificationSettings
from participation.notifications.services import (
    auto_follow,
    unsubscribe_token,
    update_settings,
)
from tests.conftest import host_client
from tests.factories import make_user
from tests.notifications.conftest import committing


def _follower(admin, process, mode, **fields):
    user = make_user(admin.organization, **fields)
    auto_follow(user=user, target=process)
    update_settings(user=user, email_mode=mode, disabled_events=[])
    return user


def _publish(admin, blog, title):
    with committing():
        create_post(actor=admin, component=blog, data={"title": title, "body": "<p>x</p>"})


def test_immediate_mode_sends_one_mail_in_the_persons_language(admin, blog, process):
    user = _follower(admin, process, "immediate", locale="en")
    mail.outbox.clear()
    _publish(admin, blog, "Launch")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Ville de Test: New post: “Launch”"
    assert "Launch" in message.body and "http://ville-a.test/processes/budget/f/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://ville-a.test/notifications/unsubscribe/"
    )
    notification = Notification.objects.get()
    assert notification.email_status == EmailStatus.SENT and notification.emailed_at
    # A retried task sends nothing more.
    with committing():
        emails.send_immediate(str(notification.event_id), [user.pk])
    assert len(mail.outbox) == 1


def test_french_by_default(admin, blog, process):
    _follower(admin, process, "immediate")
    mail.outbox.clear()
    _publish(admin, blog, "Lancement")
    assert (
        mail.outbox[0].subject
        == "Ville de Test\u00a0: Nouvel article\u00a0: «\u00a0Lancement\u00a0»"
    )


def test_daily_digest_gathers_and_marks(admin, blog, process):
    daily = _follower(admin, process, "daily")
    weekly = _follower(admin, process, "weekly")
    mail.outbox.clear()
    _publish(admin, blog, "Un")
    _publish(admin, blog, "Deux")
    assert mail.outbox == []
    with committing():
        assert tasks.send_daily_digests.delay().get() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [daily.email] and "Un" in digest.body and "Deux" in digest.body
    assert not Notification.objects.filter(user=daily, email_status=EmailStatus.PENDING).exists()
    with committing():
        assert tasks.send_daily_digests.delay().get() == 0  # nothing twice
        assert tasks.send_weekly_digests.delay().get() == 1
    assert [message.to for message in mail.outbox[1:]] == [[weekly.email]]


def test_people_without_settings_get_the_daily_digest(admin, blog, process):
    user = make_user(admin.organization)
    auto_follow(user=user, target=process)
    _publish(admin, blog, "Un")
    mail.outbox.clear()
    with committing():
        tasks.send_daily_digests.delay().get()
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_none_mode_sends_nothing(admin, blog, process):
    _follower(admin, process, "none")
    mail.outbox.clear()
    _publish(admin, blog, "Un")
    with committing():
        tasks.send_daily_digests.delay().get()
        tasks.send_weekly_digests.delay().get()
    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.SKIPPED


def test_unsubscribe_link_asks_then_unsubscribes(admin, process):
    user = _follower(admin, process, "immediate")
    url = f"/notifications/unsubscribe/{unsubscribe_token(user=user)}/"
    client = host_client("ville-a.test")
    page = client.get(url)
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert NotificationSettings.objects.get(user=user).email_mode == "immediate"
    assert client.post(url).status_code == 200
    assert NotificationSettings.objects.get(user=user).email_mode == "none"


def test_tampered_or_foreign_unsubscribe_links_do_nothing(admin, process, other_organization):
    user = _follower(admin, process, "immediate")
    token = unsubscribe_token(user=user)
    client = host_client("ville-a.test")
    assert client.post(f"/notifications/unsubscribe/{token[:-2]}xx/").status_code == 404
    forged = signing.dumps({"u": user.pk, "o": user.organization_id}, salt="other")
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 404
    # A valid token of organisation A is refused on organisation B's host.
    assert (
        host_client("ville-b.test").post(f"/notifications/unsubscribe/{token}/").status_code == 404
    )
    # A token of another organisation's user cannot unsubscribe on A either.
    stranger = make_user(other_organization)
    assert (
        client.post(f"/notifications/unsubscribe/{unsubscribe_token(user=stranger)}/").status_code
        == 404
    )
    assert NotificationSettings.objects.get(user=user).email_mode == "immediate"


def test_settings_page_saves_and_rejects_bad_input(participant):
    client = host_client("ville-a.test", participant)
    page = client.get("/notifications/settings/").content.decode()
    assert "blogs.post_published" in page and "A daily digest" not in page  # French UI
    response = client.post(
        "/notifications/settings/",
        {"email_mode": "weekly", "enabled_events": ["spaces.step_changed"]},
    )
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user=participant)
    assert saved.email_mode == "weekly"
    assert "blogs.post_published" in saved.disabled_events
    assert "spaces.step_changed" not in saved.disabled_events
    bad = client.post(
        "/notifications/settings/", {"email_mode": "hourly", "enabled_events": ["x.<script>"]}
    )
    assert bad.status_code == 400 and "<script>" not in bad.content.decode()
    saved.refresh_from_db()
    assert saved.email_mode == "weekly"
