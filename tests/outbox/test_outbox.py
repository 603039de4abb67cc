"""The outbox: recorded with the write, run once, swept again; e-mails sent at most once."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from participation.comments.models import Comment
from participation.notifications.models import Notification
from participation.outbox import emails as outgoing
from participation.outbox import services as outbox
from participation.outbox.models import EmailStatus, MessageStatus, OutboxMessage, OutgoingEmail
from tests.conftest import host_client
from tests.notifications.conftest import committing

pytestmark = pytest.mark.django_db

CALLS: list[dict] = []


@outbox.handler(name="tests.record")
def _record(**payload):
    CALLS.append(payload)


@outbox.handler(name="tests.broken")
def _broken(**payload):
    raise RuntimeError("bug")


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()


@pytest.fixture
def broker_down(settings):
    """Celery publishes to a port where no broker listens (tasks not run in-process)."""
    previous = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    celery_app.conf.task_always_eager = False
    celery_app._pool = None
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    celery_app._pool = None


def _comment_url(proposal):
    return reverse(
        "comments:create", kwargs={"key": "proposals-proposal", "object_id": proposal.pk}
    )


def test_a_message_exists_only_if_the_write_commits():
    with committing():
        try:
            with transaction.atomic():
                outbox.enqueue(task="tests.record", payload={"n": 1}, key="rolled-back")
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
    assert not OutboxMessage.objects.exists() and CALLS == []
    with committing():
        with transaction.atomic():
            outbox.enqueue(task="tests.record", payload={"n": 2}, key="kept")
        assert CALLS == []  # nothing before the commit
    assert CALLS == [{"n": 2}]
    assert OutboxMessage.objects.get().status == MessageStatus.DONE


def test_a_key_is_recorded_and_run_once():
    with committing():
        first = outbox.enqueue(task="tests.record", payload={"n": 1}, key="once")
        assert outbox.enqueue(task="tests.record", payload={"n": 1}, key="once") is None
    assert CALLS == [{"n": 1}]
    assert outbox.run_message(pk=first) is False  # a redelivered message does nothing
    assert CALLS == [{"n": 1}]


def test_a_failing_handler_is_retried_later_then_given_up(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with committing():
        pk = outbox.enqueue(task="tests.broken", payload={}, key="broken")
    message = OutboxMessage.objects.get(pk=pk)
    assert message.status == MessageStatus.PENDING and message.attempts == 1
    assert "RuntimeError: bug" in message.last_error
    assert message.available_at > timezone.now()
    outbox.run_message(pk=pk)
    assert OutboxMessage.objects.get(pk=pk).status == MessageStatus.FAILED


def test_the_broker_down_a_comment_answers_normally_and_its_follow_ups_come_after(
    broker_down, settings, proposal, author, followers
):
    """The reported fault: a 500 for a saved comment, a stale count, notifications lost."""
    settings.OUTBOX_REDISPATCH_AFTER = 0
    client = host_client("ville-a.test", followers[0])
    with committing():
        response = client.post(_comment_url(proposal), {"body": "Une bonne idée"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    proposal.refresh_from_db()
    assert proposal.comments_count == 1  # derived data in the comment's own transaction
    assert not Notification.objects.exists()  # the broker is down: nothing ran yet...
    pending = OutboxMessage.objects.get()
    assert pending.status == MessageStatus.PENDING and pending.task == "notifications.fan_out"
    # ...the broker comes back (here: tasks run in-process), the sweeper hands it over.
    celery_app.conf.task_always_eager = True
    with committing():
        call_command("dispatch_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    told = set(Notification.objects.filter(subject_id=comment.pk).values_list("user", flat=True))
    assert told == {author.pk, *(user.pk for user in followers[1:])}
    with committing():
        call_command("dispatch_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.count() == len(told)  # swept again: nothing twice


def test_the_sweeper_waits_for_the_delay(settings):
    settings.OUTBOX_REDISPATCH_AFTER = 60
    OutboxMessage.objects.create(
        task="tests.record",
        payload={"n": 1},
        key="later",
        available_at=timezone.now() + timedelta(seconds=60),
    )
    assert outbox.sweep() == 0 and CALLS == []
    OutboxMessage.objects.update(available_at=timezone.now() - timedelta(seconds=1))
    with committing():
        assert outbox.sweep() == 1
    assert CALLS == [{"n": 1}]


def test_the_sweeper_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["outbox.sweep"]["task"] == "outbox.sweep"
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] > settings.OUTBOX_REDISPATCH_AFTER


# --- E-mails ---------------------------------------------------------------------------------


def _email(key="test:1", to="rose@example.org"):
    return OutgoingEmail.objects.get(
        pk=outbox.record_email(key=key, to=to, subject="Objet", body="Corps")
    )


def test_an_email_is_sent_once_with_a_message_id_from_its_key():
    row = _email()
    mail.outbox.clear()
    assert outgoing.deliver([row.pk]) == 1
    assert outgoing.deliver([row.pk]) == 0  # sent: a second delivery sends nothing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id
    row.refresh_from_db()
    assert row.status == EmailStatus.SENT and row.sent_at


def test_a_claimed_email_is_left_alone_until_its_lease_runs_out():
    """A worker died after claiming it: nobody sends it while the lease holds; then one does."""
    row = _email()
    OutgoingEmail.objects.filter(pk=row.pk).update(
        status=EmailStatus.SENDING, lease_until=timezone.now() + timedelta(minutes=1)
    )
    mail.outbox.clear()
    assert outgoing.deliver([row.pk]) == 0 and mail.outbox == []
    assert outgoing.unfinished([row.pk])[0] == 1
    OutgoingEmail.objects.filter(pk=row.pk).update(lease_until=timezone.now())
    assert outgoing.deliver([row.pk]) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id  # same id: dedupable


def test_an_email_the_server_refused_is_not_marked_sent(settings, monkeypatch):
    row = _email()

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert outgoing.deliver([row.pk]) == 0
    row.refresh_from_db()
    assert row.status == EmailStatus.PENDING and "gone" in row.last_error
    monkeypatch.undo()
    assert outgoing.deliver([row.pk]) == 1


def test_the_send_message_stays_pending_until_every_email_went(settings, monkeypatch):
    settings.OUTBOX_REDISPATCH_AFTER = 0

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with committing():
        outbox.send_email(subject="Objet", body="Corps", recipients=["a@example.org"])
    message = OutboxMessage.objects.get()
    assert message.status == MessageStatus.PENDING
    monkeypatch.undo()
    mail.outbox.clear()
    OutboxMessage.objects.update(available_at=timezone.now())
    with committing():
        outbox.sweep()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert OutboxMessage.objects.get().status == MessageStatus.DONE


def test_deleting_an_account_erases_its_emails_but_sends_the_confirmation(followers):
    from participation.privacy import deletion
    from tests.conftest import PASSWORD

    user = followers[0]
    sent = _email(key="old", to=user.email)
    outgoing.deliver([sent.pk])
    waiting = _email(key="notification:x", to=user.email)
    Notification.objects.create(
        organization=user.organization,
        user=user,
        event_id="00000000-0000-0000-0000-000000000001",
        event_name="comments.comment_created",
        email=waiting,
        email_status="queued",
    )
    other = _email(key="other", to="someone@example.org")
    mail.outbox.clear()
    with committing():
        deletion.delete_account(user=user, password=PASSWORD)
    assert not OutgoingEmail.objects.filter(pk__in=[sent.pk, waiting.pk]).exists()
    assert OutgoingEmail.objects.filter(pk=other.pk).exists()
    # The confirmation goes to the old address (recorded after the erasure), once.
    assert [m.to for m in mail.outbox] == [[sent.to]]


def test_newsletter_progress_counts_only_what_the_mail_server_accepted(
    admin, organization, settings, monkeypatch
):
    from participation.accounts.models import NewsletterConsent
    from participation.notifications import newsletters
    from participation.notifications.models import Newsletter
    from tests.conftest import make_user

    settings.OUTBOX_REDISPATCH_AFTER = 0
    readers = [make_user(organization) for _ in range(3)]
    for user in readers:
        NewsletterConsent.objects.create(user=user, consented_at=timezone.now())
    newsletter = Newsletter.objects.create(
        organization=organization, title="Lettre", body="<p>Bonjour</p>", created_by=admin
    )

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with committing():
        newsletters.start_sending(actor=admin, newsletter=newsletter)
    newsletter.refresh_from_db()
    assert newsletter.status == "sending" and newsletter.total == 3
    assert newsletter.deliveries.count() == 3 and newsletters.sent_count(newsletter) == 0
    monkeypatch.undo()
    mail.outbox.clear()
    OutboxMessage.objects.filter(status="pending").update(available_at=timezone.now())
    with committing():
        outbox.sweep()
    newsletter.refresh_from_db()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user.email for user in readers)
    assert newsletters.sent_count(newsletter) == 3 and newsletter.status == "sent"


def test_a_row_whose_lease_ran_out_in_a_slow_batch_is_not_sent_by_the_late_sender():
    """A sender held up past its lease finds the row taken by another: it sends nothing."""
    row = _email()
    (claimed,) = outgoing._claim([row.pk])
    # Meanwhile the lease ran out and another sender claimed it again.
    OutgoingEmail.objects.filter(pk=row.pk).update(lease_until=timezone.now() - timedelta(1))
    (other,) = outgoing._claim([row.pk])
    claimed.lease_until = timezone.now()  # the late sender's view of its lease
    assert outgoing._still_ours(claimed) is False
    assert outgoing._still_ours(other) is True


def test_a_file_deletion_promised_by_a_write_survives_a_lost_hook(followers, settings):
    from django.core.files.base import ContentFile

    settings.OUTBOX_REDISPATCH_AFTER = 0
    user = followers[0]
    user.avatar.save("face.png", ContentFile(b"\x89PNG avatar"), save=True)
    storage, name = user.avatar.storage, user.avatar.name
    outbox.delete_file_later(
        field_file=user.avatar
    )  # the process dies before its on-commit hook runs
    assert storage.exists(name)
    OutboxMessage.objects.update(available_at=timezone.now())
    with committing():
        assert outbox.sweep() == 1
    assert not storage.exists(name)
