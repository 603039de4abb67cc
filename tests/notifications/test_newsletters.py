"""Newsletters: admins compose, preview, test and send; only consenting people receive them."""

from django.core import mail
from django.utils import timezone

from participation.accounts.models import NewsletterConsent
from participation.notifications import tasks
from participation.notifications.models import Newsletter, NewsletterDelivery
from participation.notifications.services import auto_follow, unsubscribe_token
from tests.conftest import host_client
from tests.factories import ProcessFactory, make_user
from tests.notifications.conftest import committing


def _consenting(organization, **fields):
    user = make_user(organization, **fields)
    NewsletterConsent.objects.create(user=user, consented_at=timezone.now())
    return user


def _create(client, **data):
    return client.post(
        "/admin/newsletters/new/",
        {"title": "Lettre de mars", "body": "<p>Bonjour<script>x()</script></p>", **data},
    )


def _send(client, newsletter, *, recipients):
    return client.post(
        f"/admin/newsletters/{newsletter.pk}/send/",
        {"confirm": "yes", "recipients": str(recipients)},
    )


def test_admin_composes_previews_tests_and_sends(admin, organization, other_organization):
    consenting = _consenting(organization)
    make_user(organization)  # did not consent
    NewsletterConsent.objects.create(user=make_user(organization), consented_at=None)
    _consenting(other_organization)
    client = host_client("ville-a.test", admin)
    response = _create(client, audience="everyone")
    newsletter = Newsletter.objects.get()
    assert response.status_code == 302 and newsletter.body == "<p>Bonjour</p>"
    page = client.get(f"/admin/newsletters/{newsletter.pk}/").content.decode()
    assert "<p>Bonjour</p>" in page and "1 personne" in page
    mail.outbox.clear()
    with committing():
        client.post(f"/admin/newsletters/{newsletter.pk}/test/")
    assert [m.to for m in mail.outbox] == [[admin.email]] and "[Test]" in mail.outbox[0].subject
    mail.outbox.clear()
    with committing():
        assert _send(client, newsletter, recipients=1).status_code == 302
    assert [m.to for m in mail.outbox] == [[consenting.email]]
    assert "Bonjour" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    newsletter.refresh_from_db()
    assert newsletter.status == "sent" and newsletter.total == 1
    assert (
        "Envoyée à 1 personne sur 1"
        in client.get(f"/admin/newsletters/{newsletter.pk}/").content.decode()
    )
    # Sent: no second sending, no editing; a redelivered chunk e-mails nobody twice.
    mail.outbox.clear()
    with committing():
        _send(client, newsletter, recipients=1)
        tasks.send_newsletter_chunk(newsletter_id=newsletter.pk, user_ids=[consenting.pk])
    assert mail.outbox == []
    assert NewsletterDelivery.objects.count() == 1
    assert client.get(f"/admin/newsletters/{newsletter.pk}/edit/").status_code == 302


def test_followers_audience_keeps_only_consenting_followers(admin, organization, process):
    follower = _consenting(organization)
    auto_follow(user=follower, target=process)
    auto_follow(user=make_user(organization), target=process)  # follows, did not consent
    _consenting(organization)  # consents, does not follow
    client = host_client("ville-a.test", admin)
    _create(client, audience="followers", spaces=[f"processes:{process.pk}"])
    newsletter = Newsletter.objects.get()
    mail.outbox.clear()
    with committing():
        _send(client, newsletter, recipients=1)
    assert [m.to for m in mail.outbox] == [[follower.email]]


def test_bad_input_is_a_400_and_saves_nothing(admin, other_organization, now):

    foreign = ProcessFactory(organization=other_organization, slug="x", title="X", published_at=now)
    client = host_client("ville-a.test", admin)
    assert _create(client, audience="followers").status_code == 400
    assert (
        _create(client, audience="followers", spaces=[f"processes:{foreign.pk}"]).status_code == 400
    )
    assert _create(client, audience="everyone", title="").status_code == 400
    assert not Newsletter.objects.exists()


def test_participants_and_other_organisations_are_kept_out(
    participant, organization, other_organization
):
    theirs = Newsletter.objects.create(organization=other_organization, title="B", body="<p>b</p>")
    client = host_client("ville-a.test", participant)
    assert client.get("/admin/newsletters/").status_code == 403
    admin = make_user(organization, admin=True)
    admin_client = host_client("ville-a.test", admin)
    assert admin_client.get(f"/admin/newsletters/{theirs.pk}/").status_code == 404
    assert admin_client.post(f"/admin/newsletters/{theirs.pk}/send/").status_code == 404


def test_newsletter_unsubscribe_link_withdraws_consent(organization):
    user = _consenting(organization)
    url = f"/notifications/unsubscribe/{unsubscribe_token(user=user, kind='newsletter')}/"
    client = host_client("ville-a.test")
    assert "lettre d" in client.get(url).content.decode().lower()
    client.post(url)
    assert NewsletterConsent.objects.get(user=user).consented_at is None


def test_sending_needs_a_confirmation_for_the_audience_shown(admin, organization):
    first = _consenting(organization)
    client = host_client("ville-a.test", admin)
    _create(client, audience="everyone")
    newsletter = Newsletter.objects.get()
    page = client.get(f"/admin/newsletters/{newsletter.pk}/").content.decode()
    assert 'name="confirm"' in page and 'name="recipients" value="1"' in page
    mail.outbox.clear()
    with committing():
        # Without the box ticked: nothing is sent.
        refused = client.post(
            f"/admin/newsletters/{newsletter.pk}/send/", {"recipients": "1"}, follow=True
        )
        assert "Cochez la case pour confirmer" in refused.content.decode()
        # Someone consented since the page was shown: asked again, nothing sent.
        _consenting(organization)
        changed = client.post(
            f"/admin/newsletters/{newsletter.pk}/send/",
            {"confirm": "yes", "recipients": "1"},
            follow=True,
        )
        assert "2 personnes désormais" in changed.content.decode()
    newsletter.refresh_from_db()
    assert newsletter.status == "draft" and mail.outbox == []
    with committing():
        _send(client, newsletter, recipients=2)
    assert len(mail.outbox) == 2 and first.email in {m.to[0] for m in mail.outbox}
