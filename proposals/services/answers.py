"""Official answers and the states a component adds to the built-in ones.

Each service checks permission itself, writes in one transaction, logs the
change (before/after) and notifies only once the transaction commits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NoReturn

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.action_log import diff
from participation.colours import contrast_ratio
from participation.errors import ServiceError
from participation.richtext import sanitize_html
from participation.search import index as search_index
from proposals import events
from proposals.errors import BackofficeError
from proposals.models import (
    Proposal,
    ProposalAnswer,
    ProposalCustomState,
    ProposalState,
    StateMeaning,
)
from proposals.permissions import can_evaluate, can_manage
from proposals.selectors import forget_counts
from proposals.services import body_length

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from participation.components.models import Component
    from participation.models import User

MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_TOKEN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,29}$")
# What an answer may set (withdrawing is the author's).
ANSWER_STATES = (
    ProposalState.NOT_ANSWERED,
    ProposalState.EVALUATING,
    ProposalState.ACCEPTED,
    ProposalState.REJECTED,
)
CUSTOM_PREFIX = "custom-"


def _refuse(
    message: str, code: BackofficeError = BackofficeError.INVALID, field: str | None = None
) -> NoReturn:
    raise ServiceError(message, code, field=field)


def _invalid(errors: dict[str, str]) -> NoReturn:
    from django.core.exceptions import ValidationError

    error = ServiceError(_("Please correct the errors below."), BackofficeError.INVALID)
    ValidationError.__init__(
        error,
        {name: [ValidationError(message, code="invalid")] for name, message in errors.items()},
    )
    raise error


def _check_component(actor: User, component: Component) -> None:
    if (
        component.manifest_name != "proposals"
        or getattr(actor, "organization_id", None) != component.organization_id
    ):
        _refuse(_("You are not allowed to do this here."), BackofficeError.PERMISSION_DENIED)


# --- Custom states ---------------------------------------------------------------------------


def validate_state_data(
    *, component: Component, data: dict[str, Any], instance: ProposalCustomState | None = None
) -> dict[str, Any]:
    """Code, names, colours with readable contrast, meaning; one message per field."""
    token = (data.get("token") or "").strip().lower()
    cleaned = {
        "token": token,
        "name_fr": " ".join((data.get("name_fr") or "").split())[:100],
        "name_en": " ".join((data.get("name_en") or "").split())[:100],
        "background_color": (data.get("background_color") or "").strip().lower(),
        "text_color": (data.get("text_color") or "").strip().lower(),
        "counts_as": data.get("counts_as") or StateMeaning.EVALUATING,
    }
    errors: dict[str, str] = {}
    if not _TOKEN.match(token):
        errors["token"] = _(
            "Use 2 to 30 lower-case letters, digits, hyphens or underscores for the code."
        )
    elif token in ProposalState.values:
        errors["token"] = _("This code belongs to a built-in state; choose another one.")
    elif (
        ProposalCustomState.objects.filter(component=component, token=token)
        .exclude(pk__in=[instance.pk] if instance is not None else [])
        .exists()
    ):
        errors["token"] = _("This component already has a state with this code.")
    if not cleaned["name_fr"]:
        errors["name_fr"] = _("Give the state a French name.")
    if not cleaned["name_en"]:
        errors["name_en"] = _("Give the state an English name.")
    for field in ("background_color", "text_color"):
        if not _HEX.match(cleaned[field]):
            errors[field] = _("Give a colour as #rrggbb.")
    if "background_color" not in errors and "text_color" not in errors:
        ratio = contrast_ratio(cleaned["background_color"], cleaned["text_color"])
        if ratio < MIN_CONTRAST:
            errors["text_color"] = _(
                "The text is not readable on this background (contrast %(ratio).1f:1; "
                "at least 4.5:1 is needed)."
            ) % {"ratio": ratio}
    if cleaned["counts_as"] not in StateMeaning.values:
        errors["counts_as"] = _("Choose what this state counts as.")
    if errors:
        _invalid(errors)
    return cleaned


@transaction.atomic
def create_custom_state(
    *, actor: User, component: Component, data: dict[str, Any]
) -> ProposalCustomState:
    _check_component(actor, component)
    if not can_manage(user=actor, space=component.space):
        _refuse(_("Only administrators manage states."), BackofficeError.PERMISSION_DENIED)
    cleaned = validate_state_data(component=component, data=data)
    state = ProposalCustomState.objects.create(
        organization_id=component.organization_id, component=component, **cleaned
    )
    forget_counts(component.organization_id)  # the filter form lists the states
    events.state_created(
        organization=component.organization,
        actor=actor,
        target=state,
        changes=diff({}, cleaned),
    )
    return state


def _state_fields(state: ProposalCustomState) -> dict[str, Any]:
    return {
        name: getattr(state, name)
        for name in (
            "token",
            "name_fr",
            "name_en",
            "background_color",
            "text_color",
            "counts_as",
        )
    }


@transaction.atomic
def update_custom_state(
    *, actor: User, state: ProposalCustomState, data: dict[str, Any]
) -> ProposalCustomState:
    component = state.component
    _check_component(actor, component)
    if not can_manage(user=actor, space=component.space):
        _refuse(_("Only administrators manage states."), BackofficeError.PERMISSION_DENIED)
    locked = ProposalCustomState.objects.select_for_update().get(pk=state.pk)
    before = _state_fields(locked)
    cleaned = validate_state_data(component=component, data=data, instance=locked)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save()
    if before["counts_as"] != locked.counts_as:
        # Proposals showing this state now count as its new meaning.
        Proposal.objects.filter(custom_state=locked).update(state=locked.counts_as)
        ProposalAnswer.objects.filter(custom_state=locked).update(state=locked.counts_as)
        # update() sends no save signal: the search results' state badges follow here.
        search_index.reindex(Proposal.objects.filter(custom_state=locked))
    forget_counts(component.organization_id)
    events.state_updated(
        organization=component.organization,
        actor=actor,
        target=locked,
        changes=diff(before, cleaned),
    )
    return locked


@transaction.atomic
def delete_custom_state(*, actor: User, state: ProposalCustomState) -> None:
    component = state.component
    _check_component(actor, component)
    if not can_manage(user=actor, space=component.space):
        _refuse(_("Only administrators manage states."), BackofficeError.PERMISSION_DENIED)
    locked = ProposalCustomState.objects.select_for_update().get(pk=state.pk)
    in_use = (
        Proposal.objects.filter(custom_state=locked).exists()
        or ProposalAnswer.objects.filter(custom_state=locked).exists()
    )
    if in_use:
        _refuse(
            _("Answers use this state: change them before deleting it."),
            BackofficeError.STATE_IN_USE,
        )
    events.state_deleted(
        organization=component.organization,
        actor=actor,
        target=locked,
        changes=diff(_state_fields(locked), {}),
    )
    locked.delete()
    forget_counts(component.organization_id)


def custom_states(*, component: Component) -> list[ProposalCustomState]:
    return list(ProposalCustomState.objects.filter(component=component))


def state_choices(
    *, component: Component, states: Iterable[ProposalCustomState] | None = None
) -> list[tuple[str, str | StrPromise]]:
    """The states an answer may give: built-in ones, then the component's own."""
    states = custom_states(component=component) if states is None else states
    built_in: list[tuple[str, str | StrPromise]] = [
        (value, label) for value, label in ProposalState.choices if value in ANSWER_STATES
    ]
    return built_in + [(f"{CUSTOM_PREFIX}{state.pk}", state.name) for state in states]


def parse_state(*, component: Component, value: str) -> tuple[str, ProposalCustomState | None]:
    """A form's state value ("accepted", "custom-12") as (built-in state, custom state)."""
    value = value or ""
    if value in ANSWER_STATES:
        return value, None
    if value.startswith(CUSTOM_PREFIX) and value[len(CUSTOM_PREFIX) :].isdigit():
        state = ProposalCustomState.objects.filter(
            component=component, pk=int(value[len(CUSTOM_PREFIX) :])
        ).first()
        if state is not None:
            return state.counts_as, state
    _invalid({"state": _("Choose a state from the list.")})


# --- Answers -------------------------------------------------------------------------------


def _answer_fields(answer: ProposalAnswer | None) -> dict[str, Any]:
    if answer is None:
        return {}
    return {
        "state": answer.state,
        "custom_state": answer.custom_state_id,
        "text": answer.text,
        "cost": str(answer.cost) if answer.cost is not None else None,
        "cost_report": answer.cost_report,
        "execution_period": answer.execution_period,
        "published": answer.published_at is not None,
    }


def _decimal(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return Decimal("NaN")


def _locked_answerable(actor: User, proposal: Proposal) -> Proposal:
    component = proposal.component
    _check_component(actor, component)
    if proposal.organization_id != component.organization_id:
        _refuse(_("You are not allowed to do this here."), BackofficeError.PERMISSION_DENIED)
    if not can_evaluate(user=actor, proposal=proposal, space=component.space):
        _refuse(
            _("Only administrators and the evaluators assigned to it answer this proposal."),
            BackofficeError.PERMISSION_DENIED,
        )
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.component = component
    if locked.published_at is None:
        _refuse(_("A draft cannot be answered."), BackofficeError.NOT_ANSWERABLE)
    if locked.state == ProposalState.WITHDRAWN:
        _refuse(_("A withdrawn proposal cannot be answered."), BackofficeError.NOT_ANSWERABLE)
    return locked


def answer_proposal(
    *,
    actor: User,
    proposal: Proposal,
    state: str,
    custom_state: ProposalCustomState | None = None,
    text: str = "",
    cost: Decimal | str | None = None,
    cost_report: str = "",
    execution_period: str = "",
    publish: bool | None = None,
) -> ProposalAnswer:
    """Write (or rewrite) the official answer; publish it now when asked or set so."""
    with transaction.atomic():
        locked = _locked_answerable(actor, proposal)
        component = locked.component
        settings = component.typed_settings
        if custom_state is not None:
            if custom_state.component_id != component.pk:
                _invalid({"state": _("Choose a state from the list.")})
            state = custom_state.counts_as
        if state not in ANSWER_STATES:
            _invalid({"state": _("Choose a state from the list.")})
        text = sanitize_html(text or "")
        cost_value = _decimal(cost)
        cost_report = sanitize_html(cost_report or "")
        execution_period = sanitize_html(execution_period or "")
        errors: dict[str, str] = {}
        if state == ProposalState.REJECTED and not body_length(body=text):
            errors["text"] = _("Explain why the proposal is rejected.")
        if cost_value is not None and (not cost_value.is_finite() or cost_value < 0):
            errors["cost"] = _("Give the cost as a positive amount, e.g. 1500.50.")
        elif cost_value is not None and abs(cost_value) >= Decimal("1e12"):
            errors["cost"] = _("This amount is too large.")
        if state == ProposalState.ACCEPTED and settings.answers_with_costs:
            if cost_value is None:
                errors["cost"] = _("Give the cost of an accepted proposal.")
            if not body_length(body=cost_report):
                errors["cost_report"] = _("Give the cost report of an accepted proposal.")
            if not body_length(body=execution_period):
                errors["execution_period"] = _("Give the execution period of an accepted proposal.")
        if errors:
            _invalid(errors)
        if state != ProposalState.ACCEPTED:
            cost_value, cost_report, execution_period = None, "", ""
        answer = ProposalAnswer.objects.select_for_update().filter(proposal=locked).first()
        before = _answer_fields(answer)
        if answer is None:
            answer = ProposalAnswer(organization_id=locked.organization_id, proposal=locked)
        answer.state = state
        answer.custom_state = custom_state
        answer.text = text
        answer.cost = cost_value.quantize(Decimal("0.01")) if cost_value is not None else None
        answer.cost_report = cost_report
        answer.execution_period = execution_period
        answer.answered_by = actor
        answer.answered_at = timezone.now()
        answer.published_at = None
        answer.save()
        publish = settings.publish_answers_immediately if publish is None else publish
        if publish:
            _publish(actor, locked, answer)
        elif locked.state != ProposalState.NOT_ANSWERED or locked.custom_state_id:
            # An answer being rewritten is not shown until it is published again.
            locked.state, locked.custom_state = ProposalState.NOT_ANSWERED, None
            locked.save(update_fields=["state", "custom_state", "updated_at"])
            forget_counts(locked.organization_id)
        events.answered(
            organization=component.organization,
            actor=actor,
            target=locked,
            changes=diff(before, _answer_fields(answer)),
        )
    return answer


def _publish(actor: User, proposal: Proposal, answer: ProposalAnswer) -> None:
    answer.published_at = timezone.now()
    answer.save(update_fields=["published_at"])
    before = {"state": proposal.state, "custom_state": proposal.custom_state_id}
    proposal.state, proposal.custom_state = answer.state, answer.custom_state
    proposal.save(update_fields=["state", "custom_state", "updated_at"])
    forget_counts(proposal.organization_id)
    events.answer_published(
        organization=proposal.component.organization,
        actor=actor,
        target=proposal,
        changes=diff(before, {"state": proposal.state, "custom_state": proposal.custom_state_id}),
    )
    if answer.state != ProposalState.NOT_ANSWERED:
        _notify_answered(actor, proposal, answer)


def _notify_answered(actor: User, proposal: Proposal, answer: ProposalAnswer) -> None:
    """The author and the proposal's followers (not the whole space's) hear of it."""
    from participation.models import User
    from participation.notifications.models import Follow

    followers = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=proposal.pk,
        organization_id=proposal.organization_id,
    ).values("user_id")
    people = list(
        User.objects.filter(organization_id=proposal.organization_id)
        .filter(pk__in=followers)
        .only("pk")
    )
    if proposal.author_id and proposal.author is not None:
        people.append(proposal.author)
    label = answer.custom_state.name if answer.custom_state else ProposalState(answer.state).label
    events.proposal_answered_notification(
        target=proposal,
        actor=actor,
        organization=proposal.component.organization,
        extra={"state": str(label)},
        recipients=people,
        followers=False,
    )


@transaction.atomic
def publish_answer(*, actor: User, proposal: Proposal) -> ProposalAnswer:
    locked = _locked_answerable(actor, proposal)
    answer = ProposalAnswer.objects.select_for_update().filter(proposal=locked).first()
    if answer is None or answer.published_at is not None:
        _refuse(_("There is no unpublished answer to publish."), BackofficeError.NOTHING_TO_PUBLISH)
    _publish(actor, locked, answer)
    return answer


def publish_answers(*, actor: User, component: Component, proposal_ids: Iterable[int | str]) -> int:
    """Publish the saved answers among ``proposal_ids`` (bulk action); returns how many."""
    from proposals.services.bulk import selected

    with transaction.atomic():
        proposals = selected(actor=actor, component=component, proposal_ids=proposal_ids)
        answers = {
            answer.proposal_id: answer
            for answer in ProposalAnswer.objects.select_for_update().filter(
                proposal__in=proposals, published_at__isnull=True
            )
        }
        count = 0
        for proposal in proposals:
            if proposal.pk in answers and proposal.state != ProposalState.WITHDRAWN:
                locked = _locked_answerable(actor, proposal)
                _publish(actor, locked, answers[proposal.pk])
                count += 1
    return count
