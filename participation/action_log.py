"""Writing activity-log entries from services.

Services call their app's typed events (``events.proposal_published(...)``, see
``participation.events``); ``log_action`` is the same write by stored name, and
refuses a name no ``events.py`` declares.
"""

from django.db import models

from participation.events import record
from participation.models import ActionLog


def log_action(
    *,
    organization,
    actor,
    action: str,
    target: models.Model,
    changes: dict | None = None,
) -> ActionLog:
    return record(action, organization=organization, actor=actor, target=target, changes=changes)


def diff(before: dict, after: dict) -> dict:
    """The fields whose value changed, as {field: [before, after]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
