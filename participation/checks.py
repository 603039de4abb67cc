"""System checks on typed events (``manage.py check``, run by ``runserver``, ``migrate``...).

Code may still name an event by its stored string (``notify("comments.mention")``,
``log_action(action="...")``): such a name must be declared somewhere, or the
start-up fails here instead of a page failing later. Sentences are formatted in
every language, so a translation that breaks a placeholder is caught too.
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
        if not any(f"{call}(" in source for call in _NAMING_CALLS):
            continue
        for line, name in _named_events(ast.parse(source, filename=str(path))):
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
