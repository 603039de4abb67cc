"""Typed events: what happened, declared once, written to the action log or notified.

Every app declares its events in its own ``events.py`` (found at start-up in each
installed app of the project, components included: nothing else to register)::

    proposal_published = LoggedEvent(
        name="publish_proposal",
        label=_("Proposal published"),
        sentence=_("%(actor)s published the proposal “%(target)s”"),
    )

and its services call them like small typed functions::

    events.proposal_published(organization=org, actor=actor, target=proposal)

- ``name`` is stable: it is what the action log (``ActionLog.action``) and
  notifications (``Notification.event_name``) store, so it is never renamed.
- ``label`` is short (filters of the activity log, people's notification settings).
- ``sentence`` (logged events) is how the activity pages tell an entry:
  ``%(actor)s``, ``%(target)s`` (the object's label) and ``%(type)s`` (its kind).
- ``payload`` names what an entry carries in its ``changes``; ``FIELDS`` means
  "the object's own fields" (a snapshot or a {field: [before, after]} diff).

Writing an undeclared name is refused (``UnknownEvent``); two apps declaring the
same name stop the start-up (``DuplicateEvent``); ``checks.py`` (system checks)
refuses code naming an unknown event and sentences whose translation is broken.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from participation.models import ActionLog

# Payload marker: the entry carries the object's own fields, whichever they are.
FIELDS = "*"


class UnknownEvent(LookupError):
    """An event name nobody declared (a typo, or a removed event)."""


class DuplicateEvent(ImproperlyConfigured):
    """Two declarations share one name: stored rows could no longer tell them apart."""


@dataclass(frozen=True, kw_only=True)
class Event:
    name: str
    label: str | Promise
    payload: tuple[str, ...] = ()

    def check_payload(self, data: dict) -> None:
        if FIELDS in self.payload:
            return
        unknown = sorted(set(data) - set(self.payload))
        if unknown:
            raise ValueError(
                f"event {self.name!r} carries no {', '.join(unknown)} "
                f"(declared: {', '.join(self.payload) or 'nothing'})"
            )


@dataclass(frozen=True, kw_only=True)
class LoggedEvent(Event):
    """Something an administrator reads about in the activity log."""

    sentence: str | Promise

    def __call__(
        self,
        *,
        organization: models.Model | None,
        actor: Any,
        target: models.Model,
        changes: dict | None = None,
    ) -> ActionLog:
        return record(self, organization=organization, actor=actor, target=target, changes=changes)

    def entries(self) -> models.QuerySet[ActionLog]:
        """The action-log rows of this event: how code reads the log (never by a string)."""
        return ActionLog.objects.filter(action=self.name)


@dataclass(frozen=True, kw_only=True)
class NotificationEvent(Event):
    """Something people may hear about (``label`` is shown in their notification settings).

    Named ``<app or component>.<event>``; calling it is ``notify(event, ...)``.

    ``sentence`` is how one notification reads (the list, e-mails, digests):
    ``%(actor)s`` is who acted, by their public name, ``%(title)s`` what it is
    about, and the payload's keys; an event caused by a person names them.
    """

    sentence: str | Promise = ""

    def tell(self, *, actor: str, title: str, extra: dict | None = None) -> str:
        """The sentence with its values; the label when there is none or it cannot format
        (a notification stored before its event carried what the sentence reads)."""
        if not self.sentence:
            return str(self.label)
        try:
            return str(self.sentence) % {**(extra or {}), "actor": actor, "title": title}
        except (KeyError, ValueError, TypeError):
            return str(self.label)

    def __call__(self, *, target: models.Model, organization: models.Model, **options) -> str:
        # Imported here: the notifications services import this module (they check names).
        from participation.notifications.services import notify

        return notify(event_name=self, target=target, organization=organization, **options)


# --- The registry --------------------------------------------------------------------------

_events: dict[str, Event] = {}
_modules: list[str] = []


def register(event: Event, *, module: str = "") -> Event:
    existing = _events.get(event.name)
    if existing is not None and existing != event:
        raise DuplicateEvent(
            f"the event {event.name!r} is declared twice (again in {module or 'a test'})"
        )
    _events[event.name] = event
    return event


def unregister(name: str) -> None:
    """For tests that declare a throw-away event."""
    _events.pop(name, None)


def declared_in(module: ModuleType) -> list[Event]:
    """The events a module declares (its module-level Event objects)."""
    return [value for value in vars(module).values() if isinstance(value, Event)]


def _project_apps() -> Iterable[Any]:
    """The installed apps of this repository (not Django's nor third-party ones).

    A virtualenv may live inside the repository: installed packages are left out.
    """
    root = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        installed = {"site-packages", "dist-packages"} & set(path.parts)
        if path.is_relative_to(root) and not installed:
            yield app_config


def discover() -> None:
    """Import every project app's ``events.py`` and register what it declares.

    Called once the apps are loaded (``ParticipationConfig.ready``); a name
    declared twice stops the start-up.
    """
    for app_config in _project_apps():
        if not module_has_submodule(app_config.module, "events"):
            continue
        name = f"{app_config.name}.events"
        module = importlib.import_module(name)
        for event in declared_in(module):
            register(event, module=name)
        if name not in _modules:
            _modules.append(name)


def modules() -> list[str]:
    return list(_modules)


def get(name: str) -> Event:
    try:
        return _events[name]
    except KeyError as error:
        raise UnknownEvent(f"no app declares the event {name!r} (see its events.py)") from error


def all_events() -> list[Event]:
    return sorted(_events.values(), key=lambda event: event.name)


def logged(name: str) -> LoggedEvent:
    event = get(name)
    if not isinstance(event, LoggedEvent):
        raise UnknownEvent(f"{name!r} is not an action-log event")
    return event


def notification(event: str | Event) -> NotificationEvent:
    """The declared notification event ``event`` names (or is); UnknownEvent otherwise."""
    name = event.name if isinstance(event, Event) else event
    found = get(name)
    if not isinstance(found, NotificationEvent) or (isinstance(event, Event) and event != found):
        raise UnknownEvent(f"{name!r} is not a declared notification event")
    return found


def notification_events() -> list[NotificationEvent]:
    return [event for event in all_events() if isinstance(event, NotificationEvent)]


# --- Writing -------------------------------------------------------------------------------


def record(
    event: LoggedEvent | str,
    *,
    organization,
    actor,
    target: models.Model,
    changes: dict | None = None,
) -> ActionLog:
    """Write one action-log entry for a declared event (the only way in)."""
    name = event.name if isinstance(event, Event) else event
    declared = logged(name)
    if isinstance(event, Event) and event != declared:
        raise UnknownEvent(f"{name!r} is declared differently from the event given")
    changes = changes or {}
    declared.check_payload(changes)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return ActionLog.objects.create(
        organization=organization,
        actor=actor,
        action=declared.name,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:255],
        changes=changes,
    )


# --- Reading: how the activity pages tell an entry ----------------------------------------------


def type_label(target_type: str) -> str:
    """The translated kind of object ("proposal", "space"...) an entry is about."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return target_type
    return str(model._meta.verbose_name)


def _humanize(code: str) -> str:
    return code.replace(".", " · ").replace("_", " ")


def sentence_values(entry, *, target_label: str | None = None) -> dict[str, str]:
    actor = entry.actor if entry.actor_id else None
    label = entry.target_label if target_label is None else target_label
    return {
        "actor": str(actor) if actor is not None else gettext("The system"),
        "target": label or "—",
        "type": type_label(entry.target_type),
    }


def describe(entry, *, target_label: str | None = None) -> str:
    """The translated sentence telling ``entry`` (an ActionLog row); never a raw code alone.

    Plain text: templates escape it. Old rows whose event is no longer declared
    keep a readable line with their code. ``target_label`` replaces the stored
    label (e.g. blanked where it names someone else).
    """
    values = sentence_values(entry, target_label=target_label)
    event = _events.get(entry.action)
    if isinstance(event, LoggedEvent):
        return str(event.sentence) % values
    return gettext("%(actor)s: %(action)s (%(type)s “%(target)s”)") % {
        **values,
        "action": _humanize(entry.action),
    }


def action_label(name: str) -> str:
    event = _events.get(name)
    return str(event.label) if event is not None else _humanize(name)


# --- Generic events any app records about its own objects ----------------------------------------
# Their sentence names the kind of object, so one declaration serves spaces, steps,
# categories, blocks, organisations... (these names predate typed events: kept as stored).

created = LoggedEvent(
    name="create",
    label=pgettext_lazy("activity", "Created"),
    sentence=_("%(actor)s created %(type)s “%(target)s”"),
    payload=(FIELDS,),
)
updated = LoggedEvent(
    name="update",
    label=pgettext_lazy("activity", "Updated"),
    sentence=_("%(actor)s updated %(type)s “%(target)s”"),
    payload=(FIELDS,),
)
deleted = LoggedEvent(
    name="delete",
    label=pgettext_lazy("activity", "Deleted"),
    sentence=_("%(actor)s deleted %(type)s “%(target)s”"),
    payload=(FIELDS,),
)
published = LoggedEvent(
    name="publish",
    label=pgettext_lazy("activity", "Published"),
    sentence=_("%(actor)s published %(type)s “%(target)s”"),
)
unpublished = LoggedEvent(
    name="unpublish",
    label=pgettext_lazy("activity", "Unpublished"),
    sentence=_("%(actor)s unpublished %(type)s “%(target)s”"),
)
moved = LoggedEvent(
    name="move",
    label=pgettext_lazy("activity", "Moved"),
    sentence=_("%(actor)s moved %(type)s “%(target)s”"),
    payload=("direction", "process"),
)
enabled = LoggedEvent(
    name="enable",
    label=pgettext_lazy("activity", "Enabled"),
    sentence=_("%(actor)s enabled %(type)s “%(target)s”"),
)
disabled = LoggedEvent(
    name="disable",
    label=pgettext_lazy("activity", "Disabled"),
    sentence=_("%(actor)s disabled %(type)s “%(target)s”"),
)

# --- The core's own events (organisations and groups) -------------------------------------------

appearance_updated = LoggedEvent(
    name="update_appearance",
    label=_("Appearance changed"),
    sentence=_("%(actor)s changed the appearance of “%(target)s”"),
    payload=(FIELDS,),
)

group_members_updated = LoggedEvent(
    name="update_members",
    label=_("Group members changed"),
    sentence=_("%(actor)s changed the members of the group “%(target)s”"),
    payload=("added", "removed"),
)
group_member_added = LoggedEvent(
    name="add_group_member",
    label=_("Group member added"),
    sentence=_("%(actor)s added a member to the group “%(target)s”"),
    payload=("user",),
)

group_member_removed = LoggedEvent(
    name="remove_group_member",
    label=_("Group member removed"),
    sentence=_("%(actor)s removed a member from the group “%(target)s”"),
    payload=("user",),
)

group_role_granted = LoggedEvent(
    name="grant_group_role",
    label=_("Space role given to a group"),
    sentence=_("%(actor)s gave the group “%(target)s” a role on a space"),
    payload=("role", "space"),
)

group_role_revoked = LoggedEvent(
    name="revoke_group_role",
    label=_("Space role withdrawn from a group"),
    sentence=_("%(actor)s withdrew a space role from the group “%(target)s”"),
    payload=("role", "space"),
)

# --- Attachments (participation.services.attachments) -------------------------------------------

attachment_added = LoggedEvent(
    name="add_attachment",
    label=_("File attached"),
    sentence=_("%(actor)s attached a file to %(type)s “%(target)s”"),
    payload=("file", "kind", "title"),
)
attachment_removed = LoggedEvent(
    name="remove_attachment",
    label=_("Attached file removed"),
    sentence=_("%(actor)s removed a file from %(type)s “%(target)s”"),
    payload=("file", "title"),
)
