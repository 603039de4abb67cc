"""The steps of a concertation: added, edited, reordered, activated, deleted."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from participation import events as core_events
from participation.action_log import diff
from participation.components.serving import forget_serving
from participation.errors import ErrorCode, ServiceError
from participation.events import LoggedEvent
from participation.models import User
from spaces import events
from spaces.models import ParticipatoryProcess, ProcessStep
from spaces.services._common import check_can_manage, full_clean, snapshot

STEP_FIELDS = ["title", "description", "start_date", "end_date"]


def _lock(process: ParticipatoryProcess) -> ParticipatoryProcess:
    """Lock the process row: step order and the active step change under this lock only."""
    return ParticipatoryProcess.objects.select_for_update().get(pk=process.pk)


def _validate(step: ProcessStep) -> None:
    if step.start_date and step.end_date and step.end_date < step.start_date:
        raise ServiceError(
            _("The end date must be after the start date."), ErrorCode.INVALID, field="end_date"
        )
    full_clean(instance=step, exclude=["process"])


def outside_process_dates(*, step: ProcessStep, process: ParticipatoryProcess) -> bool:
    """A warning only: steps may sensibly start before the concertation is announced."""
    if process.start_date and step.start_date and step.start_date < process.start_date:
        return True
    return bool(process.end_date and step.end_date and step.end_date > process.end_date)


def _log(step: ProcessStep, actor: User, event: LoggedEvent, changes: dict | None = None) -> None:
    event(
        organization=step.process.organization,
        actor=actor,
        target=step,
        changes={"process": step.process_id, **(changes or {})},
    )


@transaction.atomic
def create_step(*, actor: User, process: ParticipatoryProcess, data: dict) -> ProcessStep:
    check_can_manage(actor=actor, space=process)
    process = _lock(process)
    last = process.steps.aggregate(last=Max("position"))["last"]
    step = ProcessStep(process=process, position=0 if last is None else last + 1)
    for name in STEP_FIELDS:
        setattr(step, name, data.get(name, getattr(step, name)))
    _validate(step)
    step.save()
    forget_serving(process.organization_id)
    _log(step, actor, core_events.created, snapshot(instance=step, fields=STEP_FIELDS))
    return step


@transaction.atomic
def update_step(*, actor: User, step: ProcessStep, data: dict) -> ProcessStep:
    check_can_manage(actor=actor, space=step.process)
    _lock(step.process)
    step = ProcessStep.objects.select_related("process").get(pk=step.pk)
    before = snapshot(instance=step, fields=STEP_FIELDS)
    for name in STEP_FIELDS:
        if name in data:
            setattr(step, name, data[name])
    _validate(step)
    step.save()
    forget_serving(step.process.organization_id)
    _log(
        step, actor, core_events.updated, diff(before, snapshot(instance=step, fields=STEP_FIELDS))
    )
    return step


def _renumber(process: ParticipatoryProcess, ordered: list[ProcessStep]) -> None:
    for position, step in enumerate(ordered):
        if step.position != position:
            step.position = position
            step.save(update_fields=["position"])
    forget_serving(process.organization_id)


@transaction.atomic
def delete_step(*, actor: User, step: ProcessStep) -> None:
    check_can_manage(actor=actor, space=step.process)
    process = _lock(step.process)
    _log(step, actor, core_events.deleted, {"title": step.title})
    step.delete()
    forget_serving(process.organization_id)
    _renumber(process, list(process.steps.order_by("position", "id")))


@transaction.atomic
def move_step(*, actor: User, step: ProcessStep, direction: str) -> None:
    """Swap the step with its neighbour; ``direction`` is "up" or "down"."""
    check_can_manage(actor=actor, space=step.process)
    if direction not in ("up", "down"):
        raise ServiceError(_("Unknown direction."), ErrorCode.INVALID)
    process = _lock(step.process)
    ordered = list(process.steps.order_by("position", "id"))
    index = next(i for i, s in enumerate(ordered) if s.pk == step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(process, ordered)
        _log(step, actor, core_events.moved, {"direction": direction})


@transaction.atomic
def activate_step(*, actor: User, step: ProcessStep) -> ProcessStep:
    """Make ``step`` the one active step.

    The process row lock serialises concurrent activations; the previous step
    is switched off before this one is switched on, so the partial unique
    constraint (one active step per process) holds at every statement.
    """
    check_can_manage(actor=actor, space=step.process)
    process = _lock(step.process)
    active_ids = list(process.steps.filter(active=True).values_list("pk", flat=True))
    previous = process.steps.filter(active=True).exclude(pk=step.pk)
    previous_ids = [pk for pk in active_ids if pk != step.pk]
    previous.update(active=False)
    ProcessStep.objects.filter(pk=step.pk).update(active=True)
    step.active = True
    forget_serving(process.organization_id)
    _log(step, actor, events.step_activated, {"previous": previous_ids})
    if step.pk not in active_ids:  # followers hear of a new step, not of a repeated click
        events.step_changed_notification(
            target=process,
            actor=actor,
            organization=process.organization,
            extra={"step": step.title},
        )
    return step
