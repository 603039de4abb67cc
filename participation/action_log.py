"""Writing activity-log entries from services."""

from django.db import models

from participation.models import ActionLog


def log_action(
    *,
    organization,
    actor,
    action: str,
    target: models.Model,
    changes: dict | None = None,
) -> ActionLog:
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return ActionLog.objects.create(
        organization=organization,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:255],
        changes=changes or {},
    )


def diff(before: dict, after: dict) -> dict:
    """The fields whose value changed, as {field: [before, after]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
