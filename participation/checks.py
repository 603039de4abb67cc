"""System checks on typed events (``manage.py check``, run by ``runserver``, ``migrate``...).

Code may still name an event by its stored string when it writes one
(``notify("comments.mention")``, ``log_action(action="...")``): such a name must be
declared somewhere, or the start-up fails here instead of a page failing later.
Code that reads the action log or notifications (filters, metrics, feeds, activity
pages) never names an event by a string at all: it refers to the declared event
(``events.participant_blocked.entries()``, ``event.name``), so renaming or removing a
declaration fails at import instead of a filter silently matching nothing. Sentences
are formatted in every language, so a translation that breaks a placeholder is caught too.
"""

import ast
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.utils import translation

from participation import events

# Calls whose first argument (or ``action=``) is an event name.
_NAMING_CALLS = {"notify", "build_event", "log_action", "record", "logged", "notification"}


def _named_events(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in _NAMING_CALLS:
            continue
        candidates = [node.args[0]] if node.args else []
        candidates += [kw.value for kw in node.keywords if kw.arg in ("action", "event_name")]
        for value in candidates:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield node.lineno, value.value


# Fields holding a stored event name, and the calls that read rows by them.
_NAME_FIELDS = {"action", "action__in", "event_name", "event_name__in"}
_READING_CALLS = {"filter", "exclude", "get", "Q"}


def _literal_strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [s for element in node.elts for s in _literal_strings(element)]
    return []


def _is_name_field(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in _NAME_FIELDS
    if isinstance(node, ast.Subscript):  # a plain-data event (``event["event_name"]``)
        key = node.slice
        return isinstance(key, ast.Constant) and key.value == "event_name"
    return False


def _events_read_by_string(tree: ast.AST):
    """(line, name) for each stored event name written as a string where rows are read:
    ``.filter(action="x")``, ``Q(event_name__in=["x"])``, ``entry.action == "x"``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _READING_CALLS:
                for keyword in node.keywords:
                    if keyword.arg in _NAME_FIELDS:
                        for value in _literal_strings(keyword.value):
                            yield node.lineno, value
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_is_name_field(side) for side in sides):
                for side in sides:
                    for value in _literal_strings(side):
                        yield node.lineno, value


def _source_files():
    root = Path(settings.BASE_DIR).resolve()
    for app_config in events._project_apps():
        for path in Path(app_config.path).rglob("*.py"):
            relative = path.resolve().relative_to(root)
            if "migrations" in relative.parts or "tests" in relative.parts:
                continue
            yield relative, path


@checks.register()
def check_event_declarations(app_configs=None, **kwargs):
    errors = []
    try:
        events.discover()
    except events.DuplicateEvent as error:
        errors.append(checks.Error(str(error), id="events.E001"))
    seen: set[Path] = set()
    for relative, path in _source_files():
        if path in seen:
            continue
        seen.add(path)
        source = path.read_text(encoding="utf-8")
        names_events = any(f"{call}(" in source for call in _NAMING_CALLS)
        reads_events = "action" in source or "event_name" in source
        if not (names_events or reads_events):
            continue
        tree = ast.parse(source, filename=str(path))
        for line, name in _events_read_by_string(tree):
            errors.append(
                checks.Error(
                    f"{relative}:{line} reads the event {name!r} by its stored string",
                    hint="Refer to the declared event instead (e.g. events.<event>.entries() "
                    "or events.<event>.name).",
                    id="events.E004",
                )
            )
        if not names_events:
            continue
        for line, name in _named_events(tree):
            try:
                events.get(name)
            except events.UnknownEvent:
                errors.append(
                    checks.Error(
                        f"{relative}:{line} names the event {name!r}, which no events.py declares",
                        hint="Declare it in the app's events.py, or fix the name.",
                        id="events.E002",
                    )
                )
    values = {"actor": "A", "target": "T", "type": "x"}
    for event in events.all_events():
        if not isinstance(event, events.LoggedEvent):
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                try:
                    str(event.sentence) % values
                except (KeyError, ValueError, TypeError) as error:
                    errors.append(
                        checks.Error(
                            f"the sentence of {event.name!r} in {language!r} does not format: "
                            f"{error!r}",
                            hint="Use only %(actor)s, %(target)s and %(type)s.",
                            id="events.E003",
                        )
                    )
    for event in events.all_events():
        if not isinstance(event, events.NotificationEvent) or not event.sentence:
            continue
        values = {key: "x" for key in (*event.payload, "space")}
        values.update({"actor": "A", "title": "T"})
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                try:
                    str(event.sentence) % values
                except (KeyError, ValueError, TypeError) as error:
                    errors.append(
                        checks.Error(
                            f"the sentence of {event.name!r} in {language!r} does not format: "
                            f"{error!r}",
                            hint="Use only %(actor)s, %(title)s and the event's payload keys.",
                            id="events.E004",
                        )
                    )
    return errors
