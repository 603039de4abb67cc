"""Notifications name who acted: "Claire Admin vous a mentionné·e dans un commentaire sur
« Titre »", in French and English, on the list, in e-mails and digests; by their public
name, never their e-mail; hidden or deleted, as an anonymous participant."""

import uuid

import pytest
from django.core import mail
from django.utils import translation

from participation import events
from participation.comments.services import create_comment
from participation.comments.targets import target_of
from participation.moderation.services import hide_item
from participation.notifications import emails
from participation.notifications.models import Notification, NotificationSettings
from participation.notifications.services import update_settings
from participation.notifications.tasks import send_daily_digests
from participation.privacy import deletion
from tests.conftest import host_client
from tests.factories import PASSWORD, make_proposal, make_user
from tests.notifications.conftest import committing

NBSP = "\u00a0"

# (event, French, English) with the actor "Claire Admin" and the title "Titre".
SENTENCES = [
    (
        "comments.comment_created",
        f"Claire Admin a commenté «{NBSP}Titre{NBSP}»",
        "Claire Admin commented on “Titre”",
    ),
    (
        "comments.mention",
        f"Claire Admin vous a mentionné·e dans un commentaire sur «{NBSP}Titre{NBSP}»",
        "Claire Admin mentioned you in a comment on “Titre”",
    ),
    (
        "comments.reply",
        f"Claire Admin a répondu à votre commentaire sur «{NBSP}Titre{NBSP}»",
        "Claire Admin replied to your comment on “Titre”",
    ),
    (
        "proposals.proposal_published",
        f"Claire Admin a publié la proposition «{NBSP}Titre{NBSP}»",
        "Claire Admin published the proposal “Titre”",
    ),
    (
        "proposals.proposal_by_followed_user",
        f"Claire Admin a publié la proposition «{NBSP}Titre{NBSP}»",
        "Claire Admin published the proposal “Titre”",
    ),
    (
        "proposals.proposal_withdrawn",
        f"Claire Admin a retiré la proposition «{NBSP}Titre{NBSP}»",
        "Claire Admin withdrew the proposal “Titre”",
    ),
    (
        "proposals.amendment_created",
        f"Claire Admin propose un amendement à votre proposition{NBSP}: «{NBSP}Titre{NBSP}»",
        "Claire Admin proposes an amendment to your proposal: “Titre”",
    ),
    (
        "proposals.amendment_accepted",
        f"Claire Admin a accepté votre amendement «{NBSP}Titre{NBSP}»",
        "Claire Admin accepted your amendment “Titre”",
    ),
    (
        "proposals.amendment_rejected",
        f"Claire Admin a refusé votre amendement «{NBSP}Titre{NBSP}»",
        "Claire Admin rejected your amendment “Titre”",
    ),
    (
        "spaces.invitation",
        f"Claire Admin vous invite à rejoindre «{NBSP}Titre{NBSP}»",
        "Claire Admin invites you to join “Titre”",
    ),
    # Said by the organisation, not by a person: nobody is named.
    (
        "proposals.threshold_reached",
        f"La proposition «{NBSP}Titre{NBSP}» a atteint le nombre de soutiens requis",
        "The proposal “Titre” reached the supports it needed",
    ),
    (
        "proposals.proposal_answered",
        f"«{NBSP}Titre{NBSP}» a reçu une réponse officielle",
        "“Titre” received an official answer",
    ),
    ("blogs.post_published", f"Nouvel article{NBSP}: «{NBSP}Titre{NBSP}»", "New post: “Titre”"),
    (
        "spaces.step_changed",
        f"«{NBSP}Titre{NBSP}» passe à l’étape «{NBSP}Vote{NBSP}»",
        "“Titre” moves to the step “Vote”",
    ),
]


def test_every_notification_event_has_a_tested_sentence():
    declared = {event.name for event in events.notification_events()}
    assert declared == {name for name, _fr, _en in SENTENCES}
    assert all(event.sentence for event in events.notification_events())


@pytest.mark.parametrize(("name", "french", "english"), SENTENCES)
def test_each_sentence_in_both_languages(name, french, english):
    event = events.notification(name)
    for language, expected in (("fr", french), ("en", english)):
        with translation.override(language):
            told = event.tell(actor="Claire Admin", title="Titre", extra={"step": "Vote"})
        assert told == expected


def test_a_sentence_missing_a_value_reads_as_the_label():
    event = events.notification("spaces.step_changed")
    with translation.override("en"):
        assert event.tell(actor="A", title="T", extra={}) == str(event.label)


def _comment(actor, obj, body, parent=None):
    with committing():
        return create_comment(actor=actor, target=target_of(obj), body=body, parent=parent)


def _page(user) -> str:
    response = host_client(user.organization.host, user).get("/notifications/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def proposal(ideas, alice):
    return make_proposal(ideas, alice, title="Des bancs")


def test_the_list_names_who_mentions_and_who_replies(proposal, admin, alice, bob):
    parent = _comment(bob, proposal, "<p>Premier avis</p>")
    _comment(admin, proposal, "<p>Merci @alice</p>", parent=parent)
    page = _page(alice)
    assert (
        f"Claire Admin vous a mentionné·e dans un commentaire sur «{NBSP}Des bancs{NBSP}»" in page
    )
    assert "Quelqu" not in page and admin.email not in page
    page = _page(bob)
    assert f"Claire Admin a répondu à votre commentaire sur «{NBSP}Des bancs{NBSP}»" in page
    # In English for who reads in English.
    bob.locale = "en"
    bob.save(update_fields=["locale"])
    client = host_client(bob.organization.host, bob)
    body = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Claire Admin replied to your comment on “Des bancs”" in body


def test_a_person_without_a_name_is_named_by_nickname_never_by_e_mail(proposal, alice):
    nameless = make_user(alice.organization, nickname="zoe", name="", email="zoe@example.org")
    _comment(nameless, proposal, "<p>Bonjour @alice</p>")
    page = _page(alice)
    assert f"zoe vous a mentionné·e dans un commentaire sur «{NBSP}Des bancs{NBSP}»" in page
    assert "zoe@example.org" not in page


def test_hidden_or_deleted_people_read_as_anonymous(proposal, admin, alice, bob, carol):
    _comment(bob, proposal, "<p>@alice regarde</p>")
    _comment(carol, proposal, "<p>@alice aussi</p>")
    hide_item(actor=admin, item=bob)
    deletion.delete_account(user=carol, password=PASSWORD)
    page = _page(alice)
    anonymous = "Participant·e anonyme vous a mentionné·e dans un commentaire sur"
    assert page.count(anonymous) == 2
    assert "Bob Durand" not in page and "Carole Petit" not in page


def test_immediate_e_mail_names_the_person_in_their_language(proposal, admin, alice):
    update_settings(user=alice, email_mode="immediate", disabled_events=[])
    alice.locale = "en"
    alice.save(update_fields=["locale"])
    mail.outbox.clear()
    _comment(admin, proposal, "<p>Merci @alice</p>")
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    expected = "Claire Admin mentioned you in a comment on “Des bancs”"
    assert message.subject == f"Ville de Test: {expected}"
    assert f"- {expected}" in message.body
    assert admin.email not in message.body


def test_digest_names_each_person_and_hides_the_hidden(proposal, admin, alice, bob, carol):
    NotificationSettings.objects.update_or_create(user=alice, defaults={"email_mode": "daily"})
    _comment(bob, proposal, "<p>@alice un</p>")
    _comment(carol, proposal, "<p>@alice deux</p>")
    hide_item(actor=admin, item=bob)
    mail.outbox.clear()
    with committing():
        send_daily_digests()
    [digest] = [m for m in mail.outbox if m.to == [alice.email]]
    assert (
        f"- Carole Petit vous a mentionné·e dans un commentaire sur «{NBSP}Des bancs{NBSP}»"
        in digest.body
    )
    assert (
        f"- Participant·e anonyme vous a mentionné·e dans un commentaire sur «{NBSP}Des bancs"
        in digest.body
    )
    assert "Bob Durand" not in digest.body


def test_a_notification_built_without_its_actor_loaded_still_hides_them(alice, bob, admin):
    row = Notification.objects.create(
        organization_id=alice.organization_id,
        user=alice,
        event_id=uuid.uuid4(),
        event_name="comments.reply",
        actor=bob,
        title="Des bancs",
    )
    hide_item(actor=admin, item=bob)
    message = emails.build_message(alice, [Notification.objects.get(pk=row.pk)], digest=False)
    assert "Participant·e anonyme a répondu" in message["subject"]
    assert "Bob Durand" not in message["body"]


def test_a_notification_sentence_that_does_not_format_fails_the_checks():
    from participation import checks

    broken = events.NotificationEvent(name="test.broken", label="x", sentence="%(who)s did it")
    events.register(broken)
    try:
        errors = checks.check_event_declarations()
    finally:
        events.unregister("test.broken")
    assert [(error.id, "test.broken" in error.msg) for error in errors] == [
        ("events.E004", True),
        ("events.E004", True),
    ]
