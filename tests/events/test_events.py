"""Typed events: declared once in each app's events.py, refused when unknown."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from participation import checks, events
from participation.action_log import log_action
from participation.components import registry as components
from participation.models import ActionLog
from participation.notifications import registry as notifications
from participation.notifications.services import build_event, notify
from proposals import events as proposal_events

# Names stored in existing rows: they must stay declared so old entries keep their sentence.
STORED_NAMES = [
    "create",
    "update",
    "delete",
    "publish_proposal",
    "support_proposal",
    "proposals.answered",
    "proposals.merged",
    "proposals.split",
    "proposals.category_changed",
    "cast_budget_ballot",
    "create_post",
    "create_page",
    "invite_member",
    "assign_role",
    "activate",
    "moderation.hidden",
    "privacy.participant_blocked",
    "verifications.grant",
    "oidc.signed_in",
    "accounts.signed_up",
    "system.operator_mfa_activated",
    "add_component",
    "create_comment",
    "follow",
    "send_newsletter",
]


def test_every_app_declares_its_events_in_events_py():
    found = set(events.modules())
    assert {
        "participation.events",
        "participation.accounts.events",
        "participation.comments.events",
        "participation.moderation.events",
        "participation.verifications.events",
        "spaces.events",
        "proposals.events",
        "budgets.events",
        "blogs.events",
        "pages.events",
    } <= found
    for name in STORED_NAMES:
        assert isinstance(events.get(name), events.LoggedEvent), name
    # Only this repository's apps are searched (never an installed package's events module).
    searched = {app.name for app in events._project_apps()}
    assert {"participation", "proposals", "spaces"} <= searched
    assert not searched & {
        "allauth",
        "allauth.account",
        "guardian",
        "leaflet",
        "django.contrib.auth",
    }


def test_every_event_has_a_french_label_and_sentence():
    from django.utils import translation

    for event in events.all_events():
        with translation.override("en"):
            english = [str(event.label)]
            if isinstance(event, events.LoggedEvent):
                english.append(str(event.sentence))
        with translation.override("fr"):
            french = [str(event.label)]
            if isinstance(event, events.LoggedEvent):
                french.append(str(event.sentence))
        for text_en, text_fr in zip(english, french, strict=True):
            assert text_fr != text_en or text_fr.lower() == text_en.lower(), event.name
        for text in french[1:]:
            # French typography: guillemets with non-breaking spaces, never English quotes.
            assert "“" not in text and "”" not in text, event.name
            assert "« " not in text and " »" not in text, event.name


def test_services_call_typed_events(organization):
    entry = proposal_events.note_added(organization=organization, actor=None, target=organization)
    assert (entry.action, entry.actor, entry.target_type) == (
        "proposals.note_added",
        None,
        "participation.organization",
    )


def test_an_undeclared_name_is_refused_and_writes_nothing(organization):
    with pytest.raises(events.UnknownEvent, match="proposals.publish"):
        log_action(
            organization=organization, actor=None, action="proposals.publish", target=organization
        )
    assert not ActionLog.objects.exists()


def test_a_notification_event_is_not_an_action_log_entry(organization):
    with pytest.raises(events.UnknownEvent, match="not an action-log event"):
        log_action(
            organization=organization,
            actor=None,
            action="proposals.proposal_published",
            target=organization,
        )


def test_an_undeclared_payload_field_is_refused(organization):
    with pytest.raises(ValueError, match="carries no password"):
        proposal_events.evaluator_assigned(
            organization=organization,
            actor=None,
            target=organization,
            changes={"evaluator": [None, 1], "password": "x"},
        )
    assert not ActionLog.objects.exists()


def test_two_declarations_of_one_name_are_refused():
    twin = events.LoggedEvent(name="publish_proposal", label="Twin", sentence="%(actor)s")
    with pytest.raises(events.DuplicateEvent, match="publish_proposal"):
        events.register(twin, module="elsewhere.events")
    # The same declaration found twice (an app reloaded) is harmless.
    events.register(proposal_events.proposal_published)


def test_notify_accepts_declared_notification_events_only(organization):
    with pytest.raises(events.UnknownEvent):
        notify(event_name="proposals.no_such_event", target=organization, organization=organization)
    with pytest.raises(events.UnknownEvent):  # an action-log event is not a notification
        notify(event_name="publish_proposal", target=organization, organization=organization)
    with pytest.raises(ValueError, match="carries no secret"):
        build_event(
            event_name=proposal_events.threshold_reached_notification,
            target=organization,
            organization=organization,
            extra={"threshold": 3, "secret": "x"},
        )
    event = build_event(
        event_name=proposal_events.threshold_reached_notification,
        target=organization,
        organization=organization,
        extra={"threshold": 3},
    )
    assert event["event_name"] == "proposals.threshold_reached"


def test_preferences_list_the_declared_notification_events():
    names = notifications.events()
    assert {"spaces.step_changed", "comments.mention", "blogs.post_published"} <= set(names)
    assert "publish_proposal" not in names  # action-log events are not offered
    assert components.get("blogs").notifications == {
        "post_published": events.get("blogs.post_published").label
    }


# --- Start-up checks ------------------------------------------------------------------------


def test_the_project_passes_the_event_checks():
    assert checks.check_event_declarations() == []


def test_code_naming_an_unknown_event_fails_the_checks(tmp_path, monkeypatch):
    source = tmp_path / "services.py"
    source.write_text(
        "def f(x):\n"
        "    notify('proposals.proposal_publishd', target=x, organization=x)\n"
        "    log_action(organization=x, actor=None, action='publish_proposal', target=x)\n"
        "    log_action(organization=x, actor=None, action='proposals.typo', target=x)\n"
    )
    monkeypatch.setattr(checks, "_source_files", lambda: [(Path("app/services.py"), source)])
    errors = checks.check_event_declarations()
    assert [(error.id, error.msg.split(" names")[0]) for error in errors] == [
        ("events.E002", "app/services.py:2"),
        ("events.E002", "app/services.py:4"),
    ]
    with pytest.raises(SystemCheckError, match="proposals.typo"):
        call_command("check")


def test_code_reading_an_event_by_its_string_fails_the_checks(tmp_path, monkeypatch):
    """Reads (filters, metrics, feeds, activity pages) refer to the declared event: a
    renamed or removed declaration is then an import error, never an empty filter."""
    source = tmp_path / "feed.py"
    source.write_text(
        "def f(entry, event, data):\n"
        "    ActionLog.objects.filter(action='privacy.participant_blocked')\n"
        "    Notification.objects.exclude(event_name__in=['comments.mention', 'x.y'])\n"
        "    Q(action='create')\n"
        "    if entry.action == 'publish_proposal':\n"
        "        pass\n"
        "    if event['event_name'] in ('comments.reply',):\n"
        "        pass\n"
        "    participant_blocked.entries().filter(target_id='1')\n"
        "    ActionLog.objects.filter(action=participant_blocked.name)\n"
        "    return data['action'] == 'follow'\n"
    )
    monkeypatch.setattr(checks, "_source_files", lambda: [(Path("app/feed.py"), source)])
    errors = [error for error in checks.check_event_declarations() if error.id == "events.E004"]
    assert sorted(
        (error.msg.split(" reads")[0], error.msg.split("event ")[1]) for error in errors
    ) == [
        ("app/feed.py:2", "'privacy.participant_blocked' by its stored string"),
        ("app/feed.py:3", "'comments.mention' by its stored string"),
        ("app/feed.py:3", "'x.y' by its stored string"),
        ("app/feed.py:4", "'create' by its stored string"),
        ("app/feed.py:5", "'publish_proposal' by its stored string"),
        ("app/feed.py:7", "'comments.reply' by its stored string"),
    ]
    with pytest.raises(SystemCheckError, match="privacy.participant_blocked"):
        call_command("check")


def test_a_logged_event_reads_its_own_rows(organization):
    from participation.privacy import events as privacy_events

    blocked = privacy_events.participant_blocked(
        organization=organization, actor=None, target=organization, changes={"reason": "x"}
    )
    proposal_events.note_added(organization=organization, actor=None, target=organization)
    assert list(privacy_events.participant_blocked.entries()) == [blocked]
    assert privacy_events.participant_unblocked.entries().count() == 0


def test_two_apps_declaring_one_name_fail_the_checks(monkeypatch):
    monkeypatch.setitem(
        events._events,
        "publish_proposal",
        events.LoggedEvent(name="publish_proposal", label="Other", sentence="%(actor)s"),
    )
    assert [error.id for error in checks.check_event_declarations()] == ["events.E001"]


def test_a_sentence_that_does_not_format_fails_the_checks():
    broken = events.LoggedEvent(name="test.broken", label="x", sentence="%(who)s did it")
    events.register(broken)
    try:
        errors = checks.check_event_declarations()
    finally:
        events.unregister("test.broken")
    # Once per language (a translation alone may break a placeholder).
    assert [(error.id, "test.broken" in error.msg) for error in errors] == [
        ("events.E003", True),
        ("events.E003", True),
    ]
