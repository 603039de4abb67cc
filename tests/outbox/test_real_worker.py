"""Faults against a real broker, real Celery workers, real gunicorn and a real SMTP server.

Needs PostgreSQL through DATABASE_URL (the worker and gunicorn processes open the
committed test database) and ``redis-server`` on the PATH: each test starts its own
Redis on a spare port as the Celery broker (so stopping it touches nothing else).
E-mails go over SMTP to an aiosmtpd server run by the test, which records each
message's Message-ID and recipients.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection, transaction
from django.utils import timezone

from config.celery import app as celery_app
from participation.accounts.models import NewsletterConsent
from participation.comments.models import Comment
from participation.models import User
from participation.models.users import new_username
from participation.notifications import newsletters
from participation.notifications.models import (
    EmailStatus,
    Newsletter,
    NewsletterStatus,
    Notification,
    NotificationSettings,
)
from participation.notifications.services import auto_follow, notify
from participation.outbox import services as outbox
from participation.outbox.models import OutboxMessage, OutgoingEmail
from tests.factories import ProcessFactory, make_organization, make_user
from tests.notifications.followers import process_with_followers

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def _free_port(candidates=()) -> int:
    for port in [*candidates, 0]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port")


def _wait_for(predicate, timeout: float, every: float = 0.1, sweep: bool = False) -> bool:
    deadline = time.monotonic() + timeout
    last_sweep = 0.0
    while time.monotonic() < deadline:
        if predicate():
            return True
        if sweep and time.monotonic() - last_sweep > 1:
            outbox.sweep()  # what Celery beat's outbox.sweep and dispatch_outbox do
            last_sweep = time.monotonic()
        time.sleep(every)
    return predicate()


class Broker:
    """A redis-server of our own, on a spare port, that the test stops and starts."""

    def __init__(self):
        self.port = _free_port(range(6381, 6390))
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert _wait_for(self._answers, timeout=10)

    def _answers(self) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class SmtpSink:
    """A real SMTP server (aiosmtpd) that counts (Message-ID, recipient) pairs."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                from email import message_from_bytes

                message_id = message_from_bytes(envelope.content).get("Message-ID", "")
                with sink.lock:
                    sink.received += [(message_id, rcpt) for rcpt in envelope.rcpt_tos]
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def pairs(self) -> Counter:
        with self.lock:
            return Counter(self.received)

    def recipients(self) -> set[str]:
        return {rcpt for _id, rcpt in self.pairs()}


@pytest.fixture
def broker(settings):
    """Our own broker for the test process and its workers; the outbox sweeps quickly."""
    found = Broker()
    found.start()
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = found.url
    celery_app._pool = None
    settings.OUTBOX_REDISPATCH_AFTER = 2
    yield found
    found.stop()
    celery_app.conf.broker_url = previous
    celery_app._pool = None


@pytest.fixture
def smtp():
    sink = SmtpSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


def _env(broker: Broker, smtp: SmtpSink | None = None, **extra) -> dict:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres", "pgsql")):
        pytest.skip("the worker process needs a shared database: set DATABASE_URL (PostgreSQL)")
    parts = urlsplit(database_url)
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit(parts._replace(path=f"/{connection.settings_dict['NAME']}")),
        "CELERY_BROKER_URL": broker.url,
        "CELERY_RESULT_BACKEND": "",
        "OUTBOX_REDISPATCH_AFTER": "2",
        "OUTBOX_EMAIL_LEASE": "3",
        "OUTBOX_TEST_VISIBILITY": "3",
        **extra,
    }
    if smtp is not None:
        env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port))
    return env


def _start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.outbox.worker_app",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(*processes) -> None:
    for process in processes:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _kill(process) -> None:
    os.kill(process.pid, signal.SIGKILL)  # no goodbye: its message stays unacknowledged
    process.wait(timeout=10)


def _exactly_once(sink: SmtpSink, expected: set[str]) -> None:
    """Each recipient got its e-mail; a repeat (the kill's millisecond window) keeps its id."""
    pairs = sink.pairs()
    by_recipient = Counter(rcpt for _id, rcpt in pairs)  # distinct Message-IDs per person
    assert set(by_recipient) == expected
    assert set(by_recipient.values()) == {1}, "one Message-ID per person and message"
    # The Message-ID each e-mail carries is its row's, derived from its key.
    by_address = {row.to: row.message_id for row in OutgoingEmail.objects.filter(to__in=expected)}
    assert all(message_id == by_address[rcpt] for message_id, rcpt in pairs)
    repeats = sum(count - 1 for count in pairs.values())
    assert repeats <= 1, f"{repeats} repeats: only the e-mail in flight at the kill may repeat"


# --- A newsletter of 2,000 recipients, its worker killed mid-batch -----------------------------


@pytest.mark.django_db(transaction=True)
def test_a_newsletter_worker_killed_mid_batch_sends_every_email_once(broker, smtp):
    total = 2000
    env = _env(broker, smtp)
    organization = make_organization("Ville Lettre", "ville-lettre.test")
    admin = make_user(organization, admin=True)
    users = User.objects.bulk_create(
        [
            User(organization=organization, username=new_username(), email=f"n{i}@example.org")
            for i in range(total)
        ]
    )
    NewsletterConsent.objects.bulk_create(
        [NewsletterConsent(user=user, consented_at=timezone.now()) for user in users]
    )
    newsletter = Newsletter.objects.create(
        organization=organization, title="Lettre", body="<p>Bonjour</p>", created_by=admin
    )
    first = _start_worker(env)
    second = None
    try:
        newsletters.start_sending(actor=admin, newsletter=newsletter)
        assert _wait_for(lambda: len(smtp.recipients()) >= 300, timeout=60)
        _kill(first)
        at_kill = len(smtp.recipients())
        assert at_kill < total, "the worker must die in the middle of the batch"
        newsletter.refresh_from_db()
        assert newsletter.status == NewsletterStatus.SENDING
        # Progress counts what the mail server accepted, never more.
        assert newsletters.sent_count(newsletter) <= at_kill
        second = _start_worker(env)
        assert _wait_for(
            lambda: Newsletter.objects.get(pk=newsletter.pk).status == NewsletterStatus.SENT,
            timeout=120,
            sweep=True,
        )
        time.sleep(1)  # a late repeat would show here
        _exactly_once(smtp, {user.email for user in users})
        assert newsletters.sent_count(newsletter) == total
    finally:
        _stop(first, second)


# --- A fan-out of 5,000 notifications, its worker killed in the middle ---------------------------


@pytest.mark.django_db(transaction=True)
def test_a_fan_out_worker_killed_midway_notifies_and_emails_everyone_once(broker, smtp):
    total, immediate = 5000, 300
    env = _env(broker, smtp, OUTBOX_TEST_CHUNK="1000", OUTBOX_TEST_CHUNK_DELAY="0.8")
    organization = make_organization("Ville Foule", "ville-foule.test")
    admin = make_user(organization, admin=True)
    process, users = process_with_followers(organization, count=total, email_prefix="f")
    # Spread over every chunk: some want an e-mail for each notification.
    wanting = users[:: total // immediate][:immediate]
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user=user, email_mode="immediate") for user in wanting]
    )
    first = _start_worker(env)
    second = None
    try:
        with transaction.atomic():
            notify(
                event_name="spaces.step_changed",
                target=process,
                actor=admin,
                organization=organization,
            )
        assert _wait_for(lambda: Notification.objects.count() >= 1000, timeout=60)
        _kill(first)
        at_kill = Notification.objects.count()
        assert at_kill < total, "the worker must die in the middle of the fan-out"
        second = _start_worker(env)
        assert _wait_for(
            lambda: (
                Notification.objects.count() >= total
                and len(smtp.recipients()) >= immediate
                and not OutboxMessage.objects.filter(status="pending").exists()
            ),
            timeout=120,
            sweep=True,
        )
        time.sleep(1)
        assert Notification.objects.count() == total
        assert Notification.objects.values("user").distinct().count() == total
        _exactly_once(smtp, {user.email for user in wanting})
        assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == immediate
    finally:
        _stop(first, second)


# --- The broker stopped during 50 writes ------------------------------------------------------


def _commenting_setup(host: str, followers: int = 3):
    from tests.factories import make_open_proposals, make_proposal

    organization = make_organization(f"Ville {host}", host)
    admin = make_user(organization, admin=True)
    process = ProcessFactory(
        organization=organization,
        slug="p",
        title="P",
        published_at=timezone.now(),
        steps=["Propositions"],
    )
    component = make_open_proposals(process, actor=admin)
    author = make_user(organization)
    proposal = make_proposal(component, author)
    readers = [make_user(organization) for _ in range(followers)]
    for user in readers:
        auto_follow(user=user, target=proposal)
    return organization, proposal, readers


def _comment_path(proposal) -> str:
    from django.urls import reverse

    return reverse(
        "comments:create", kwargs={"key": "proposals-proposal", "object_id": proposal.pk}
    )


def _notified_once(comments, readers) -> None:
    """Each comment's notifications: every other reader, exactly once."""
    for comment in comments:
        told = list(
            Notification.objects.filter(subject_id=comment.pk).values_list("user", flat=True)
        )
        expected = {user.pk for user in readers if user.pk != comment.author_id}
        assert sorted(told) == sorted(expected), comment.pk


@pytest.mark.django_db(transaction=True)
def test_writes_during_a_broker_outage_answer_normally_and_their_follow_ups_come_later(broker):
    from tests.conftest import host_client

    env = _env(broker)
    organization, proposal, readers = _commenting_setup("ville-panne.test")
    clients = [host_client(organization.host, user) for user in readers]
    broker.stop()
    statuses = []
    started = time.monotonic()
    for number in range(50):
        response = clients[number % len(clients)].post(
            _comment_path(proposal), {"body": f"Avis {number}"}
        )
        statuses.append(response.status_code)
    elapsed = time.monotonic() - started
    assert statuses == [302] * 50  # never a 500 for a saved write
    assert elapsed < 50, "a broker that is down must not hold each request for long"
    comments = list(Comment.objects.filter(object_id=proposal.pk))
    assert len(comments) == 50
    proposal.refresh_from_db()
    assert proposal.comments_count == 50  # derived data with the write, not after it
    assert not Notification.objects.exists()
    broker.start()  # the broker comes back (empty: whatever it held is gone)
    worker = _start_worker(env)
    try:
        expected = sum(len(readers) - 1 for _comment in comments)
        assert _wait_for(lambda: Notification.objects.count() >= expected, timeout=90, sweep=True)
        time.sleep(1)
        _notified_once(comments, readers)
    finally:
        _stop(worker)


# --- Gunicorn workers killed during writes -------------------------------------------------------


def _session_cookie(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="participation.auth_backends.OrganizationEmailBackend")
    return client.cookies["sessionid"].value


@pytest.mark.django_db(transaction=True)
def test_gunicorn_workers_killed_during_writes_lose_no_notification(broker):
    from django.middleware.csrf import _get_new_csrf_string

    port = _free_port()
    env = _env(broker, OUTBOX_TEST_DISPATCH_PAUSE="0.5", ALLOWED_HOSTS="*")
    organization, proposal, readers = _commenting_setup("ville-gunicorn.test", followers=4)
    sessions = [_session_cookie(user) for user in readers]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tests.outbox.gunicorn_app:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--graceful-timeout=1",
            "--preload",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        assert _wait_for(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, timeout=30)
        token = _get_new_csrf_string()
        answers: list = []

        def post(number: int) -> None:
            body = urllib.parse.urlencode(
                {"body": f"Avis {number}", "csrfmiddlewaretoken": token}
            ).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{_comment_path(proposal)}",
                data=body,
                headers={
                    "Host": organization.host,
                    "Cookie": f"sessionid={sessions[number % len(sessions)]}; csrftoken={token}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            opener = urllib.request.build_opener(NoRedirect)
            try:
                answers.append(opener.open(request, timeout=30).status)
            except urllib.error.HTTPError as error:
                answers.append(error.code)
            except OSError:
                answers.append("killed")

        threads = [threading.Thread(target=post, args=(number,)) for number in range(16)]
        for thread in threads:
            thread.start()
        for _round in range(3):
            # Right after a comment commits, its worker pauses before handing the
            # notifications to the broker: kill every worker then.
            saved = Comment.objects.filter(object_id=proposal.pk).count()
            _wait_for(
                lambda saved=saved: Comment.objects.filter(object_id=proposal.pk).count() > saved,
                timeout=20,
                every=0.02,
            )
            children = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()
            for child in children:
                os.kill(int(child), signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=60)
        comments = list(Comment.objects.filter(object_id=proposal.pk))
        assert "killed" in answers, "a worker must die while answering"
        assert len(comments) > answers.count(302), "some comments were saved by killed workers"
        assert set(answers) <= {302, "killed"}
        worker = _start_worker(env)
        expected = sum(len(readers) - 1 for _comment in comments)
        assert _wait_for(lambda: Notification.objects.count() >= expected, timeout=90, sweep=True)
        time.sleep(1)
        _notified_once(comments, readers)
    finally:
        _stop(server, worker)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
