"""Everything that changes proposals and supports: checks, one transaction, action log.

Each service checks permissions itself (views, commands and tests call the
same functions), raises ``ServiceError`` with a stable code from
``proposals.errors`` and changes nothing when it refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.models import User
from participation.notifications.services import auto_follow, stable_event_id
from participation.richtext import sanitize_html
from participation.services import attachments
from proposals import events
from proposals.component import VOTE_SIMPLE
from proposals.errors import ProposalError
from proposals.models import (
    Proposal,
    ProposalState,
    ProposalVersion,
    Support,
    SupportValue,
)
from proposals.selectors import forget_counts

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import UploadedFile

    from participation.components.models import Component
    from participation.models import Attachment

EDITABLE_FIELDS = ("title", "body")
DETAIL_FIELDS = ("category", "scope", "address", "latitude", "longitude")


def _refuse(message: str, code: ProposalError, field: str | None = None) -> NoReturn:
    raise ServiceError(message, code, field=field)


def _check_component(component: Component) -> None:
    if component.manifest_name != "proposals":
        _refuse(_("This is not a proposals component."), ProposalError.INVALID)


def _check_same_organization(actor: User, component: Component) -> None:
    if actor is None or getattr(actor, "organization_id", None) != component.organization_id:
        _refuse(_("You are not allowed to do this here."), ProposalError.PERMISSION_DENIED)


# --- Validation ------------------------------------------------------------------------------


def body_length(*, body: str) -> int:
    """Characters a reader sees: tags stripped, entities counted once."""
    from html import unescape

    return len(unescape(strip_tags(body or "")).strip())


def validate_text(*, component: Component, title: str, body: str) -> tuple[str, str]:
    settings = component.typed_settings
    title = " ".join((title or "").split())
    body = sanitize_html(body or "")
    errors = {}
    if len(title) < settings.title_min_length:
        errors["title"] = _("The title needs at least %(count)d characters.") % {
            "count": settings.title_min_length
        }
    elif len(title) > settings.title_max_length:
        errors["title"] = _("The title may not exceed %(count)d characters.") % {
            "count": settings.title_max_length
        }
    length = body_length(body=body)
    if length == 0:
        errors["body"] = _("Describe your proposal.")
    elif length > settings.body_max_length:
        errors["body"] = _(
            "The description may not exceed %(limit)d characters (it has %(count)d)."
        ) % {"limit": settings.body_max_length, "count": length}
    if errors:
        _invalid(errors)
    return title, body


def _invalid(errors: dict) -> None:
    """Refuse with one message per field (forms show them next to their fields)."""
    error = ServiceError(_("Please correct the errors below."), ProposalError.INVALID)
    ValidationError.__init__(
        error,
        {name: [ValidationError(message, code="invalid")] for name, message in errors.items()},
    )
    raise error


def validate_details(*, component: Component, data: dict) -> dict:
    """Category and scope of this space/organisation, a point inside the world."""
    from participation.taxonomy import taxonomy_errors

    cleaned = {}
    category, scope = data.get("category"), data.get("scope")
    errors = taxonomy_errors(space=component.space, category=category, scope=scope)
    geolocation = component.typed_settings.geolocation_enabled
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    elif (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        errors["latitude"] = _("This point is outside the map.")
    if errors:
        _invalid(errors)
    cleaned["category"] = category
    cleaned["scope"] = scope
    cleaned["address"] = (data.get("address") or "").strip()[:300] if geolocation else ""
    cleaned["latitude"] = latitude if geolocation else None
    cleaned["longitude"] = longitude if geolocation else None
    return cleaned


# --- Creation --------------------------------------------------------------------------------


def _check_can_create(actor: User, component: Component) -> None:
    _check_component(component)
    _check_same_organization(actor, component)
    if not component.can(actor, "create"):
        _refuse(_("Proposals cannot be created here now."), ProposalError.CREATION_CLOSED)


def _locked_draft(actor: User, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.author_id != getattr(actor, "pk", None):
        _refuse(_("Only the author may change this proposal."), ProposalError.NOT_AUTHOR)
    if proposal.published_at is not None:
        _refuse(_("This proposal is already published."), ProposalError.ALREADY_PUBLISHED)
    return proposal


@transaction.atomic
def create_draft(*, actor: User, component: Component, title: str, body: str) -> Proposal:
    """Step 1 of the wizard: a draft only its author sees (published_at is null)."""
    _check_can_create(actor, component)
    title, body = validate_text(component=component, title=title, body=body)
    proposal = Proposal.objects.create(
        organization_id=component.organization_id,
        component=component,
        author=actor,
        title=title,
        body=body,
    )
    events.draft_created(
        organization=component.organization,
        actor=actor,
        target=proposal,
    )
    return proposal


@transaction.atomic
def update_draft(*, actor: User, proposal: Proposal, data: dict) -> Proposal:
    """Change a draft's text and/or details (category, scope, address, point)."""
    _check_can_create(actor, proposal.component)
    locked = _locked_draft(actor, proposal)
    component = proposal.component
    if "title" in data or "body" in data:
        locked.title, locked.body = validate_text(
            component=component,
            title=data.get("title", locked.title),
            body=data.get("body", locked.body),
        )
    if any(name in data for name in DETAIL_FIELDS):
        for name, value in validate_details(component=component, data=data).items():
            setattr(locked, name, value)
    locked.save()
    return locked


MAX_ATTACHMENTS = 5


@transaction.atomic
def add_attachment(
    *, actor: User, proposal: Proposal, upload: UploadedFile, description: str = ""
) -> Attachment:
    """An image or a document on the author's draft (``participation.services.attachments``
    checks and stores it)."""
    _check_can_create(actor, proposal.component)
    locked = _locked_draft(actor, proposal)
    if not proposal.component.typed_settings.attachments_allowed:
        _refuse(_("Attachments are not accepted here."), ProposalError.ATTACHMENTS_CLOSED)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        _invalid({"file": _("A proposal has at most 5 attachments.")})
    locked.component = proposal.component
    return attachments.add_attachment(
        actor=actor,
        target=locked,
        space=proposal.component.space,
        upload=upload,
        description=description,
    )


@transaction.atomic
def remove_attachment(*, actor: User, attachment: Attachment) -> None:
    proposal = (
        Proposal.objects.select_related("component")
        .filter(pk=attachment.object_id, organization_id=attachment.organization_id)
        .first()
    )
    if proposal is None:  # not a proposal's file (the core checks its type too)
        _refuse(_("You are not allowed to do this here."), ProposalError.PERMISSION_DENIED)
    locked = _locked_draft(actor, proposal)
    locked.component = proposal.component
    attachments.remove_attachment(actor=actor, attachment=attachment, target=locked)


def _store_version(proposal: Proposal, editor: User | None) -> ProposalVersion:
    number = proposal.versions.count() + 1
    return ProposalVersion.objects.create(
        proposal=proposal, number=number, title=proposal.title, body=proposal.body, editor=editor
    )


@transaction.atomic
def publish_proposal(*, actor: User, proposal: Proposal) -> Proposal:
    _check_can_create(actor, proposal.component)
    locked = _locked_draft(actor, proposal)
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at", "updated_at"])
    forget_counts(locked.organization_id)
    _store_version(locked, actor)
    events.proposal_published(
        organization=proposal.component.organization,
        actor=actor,
        target=locked,
    )
    locked.component = proposal.component
    auto_follow(user=actor, target=locked)
    _notify_published(actor, locked)
    return locked


@transaction.atomic
def discard_draft(*, actor: User, proposal: Proposal) -> None:
    locked = _locked_draft(actor, proposal)
    attachments.delete_attachments_of(targets=[locked])
    locked.delete()


# --- Author's changes --------------------------------------------------------------------------


def edit_deadline(*, proposal: Proposal) -> datetime | None:
    minutes = proposal.component.typed_settings.edit_time_limit
    return proposal.published_at + timedelta(minutes=minutes) if proposal.published_at else None


def _in_edit_time(proposal: Proposal) -> bool:
    deadline = edit_deadline(proposal=proposal)  # None: not published
    return deadline is not None and timezone.now() <= deadline


def can_edit(*, user: User | AnonymousUser | None, proposal: Proposal) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and proposal.author_id == user.pk
        and proposal.published_at is not None
        and not proposal.is_withdrawn
        and _in_edit_time(proposal)
        and proposal.component.can(user, "edit")
    )


def _locked_own(actor: User, proposal: Proposal) -> Proposal:
    _check_component(proposal.component)
    _check_same_organization(actor, proposal.component)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.author_id != actor.pk or locked.published_at is None:
        _refuse(_("Only the author may change this proposal."), ProposalError.NOT_AUTHOR)
    if locked.is_withdrawn:
        _refuse(_("This proposal has been withdrawn."), ProposalError.WITHDRAWN)
    return locked


@transaction.atomic
def edit_proposal(*, actor: User, proposal: Proposal, data: dict) -> Proposal:
    locked = _locked_own(actor, proposal)
    locked.component = proposal.component
    if not proposal.component.can(actor, "edit"):
        _refuse(_("You are not allowed to edit here."), ProposalError.PERMISSION_DENIED)
    if not _in_edit_time(locked):
        _refuse(_("The time to edit this proposal is over."), ProposalError.EDIT_TIME_OVER)
    before = {"title": locked.title, "body": locked.body}
    locked.title, locked.body = validate_text(
        component=proposal.component,
        title=data.get("title", locked.title),
        body=data.get("body", locked.body),
    )
    if any(name in data for name in DETAIL_FIELDS):
        for name, value in validate_details(component=proposal.component, data=data).items():
            setattr(locked, name, value)
    locked.save()
    forget_counts(locked.organization_id)
    if before != {"title": locked.title, "body": locked.body}:
        _store_version(locked, actor)
    events.proposal_edited(
        organization=proposal.component.organization,
        actor=actor,
        target=locked,
    )
    return locked


@transaction.atomic
def withdraw_proposal(*, actor: User, proposal: Proposal) -> Proposal:
    locked = _locked_own(actor, proposal)
    locked.state = ProposalState.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["state", "withdrawn_at", "updated_at"])
    forget_counts(locked.organization_id)
    events.proposal_withdrawn(
        organization=proposal.component.organization,
        actor=actor,
        target=locked,
    )
    locked.component = proposal.component
    events.proposal_withdrawn_notification(
        target=locked,
        actor=actor,
        organization=proposal.component.organization,
        space_followers=False,
    )
    return locked


# --- Supports -----------------------------------------------------------------------------------

_COUNTER = {
    SupportValue.FOR: "supports_count",
    SupportValue.AGAINST: "against_count",
    SupportValue.NEUTRAL: "neutral_count",
}


def _check_supports_open(actor: User, proposal: Proposal) -> None:
    component = proposal.component
    _check_component(component)
    _check_same_organization(actor, component)
    if proposal.published_at is None or proposal.organization_id != component.organization_id:
        _refuse(_("This proposal cannot be supported."), ProposalError.NOT_SUPPORTABLE)
    if not component.can(actor, "support"):
        _refuse(_("Supports are not open here now."), ProposalError.SUPPORTS_CLOSED)
    if component.active_step_settings().supports_blocked:
        _refuse(_("Supports are frozen during this step."), ProposalError.SUPPORTS_BLOCKED)
    if proposal.state in (ProposalState.WITHDRAWN, ProposalState.REJECTED):
        _refuse(_("A withdrawn or rejected proposal cannot be supported."), ProposalError.WITHDRAWN)


def _shift_counters(supports: Iterable[Support], delta: int) -> None:
    """Add ``delta`` to the counter of each support's proposal (F(): no lost update)."""
    raised = []
    for support in supports:
        field = _COUNTER[SupportValue(support.value)]
        Proposal.objects.filter(pk=support.proposal_id).update(**{field: F(field) + delta})
        if field == "supports_count" and delta > 0:
            raised.append(support.proposal_id)
    if raised:
        _notify_thresholds(raised)


def _recount_participant(actor: User, component: Component, given: int) -> None:
    """Count or uncount the participant's supports when they cross the minimum."""
    minimum = component.typed_settings.minimum_supports
    should_count = given >= minimum
    changing = list(
        Support.objects.select_for_update().filter(
            user=actor, component=component, counted=not should_count
        )
    )
    if not changing:
        return
    Support.objects.filter(pk__in=[s.pk for s in changing]).update(counted=should_count)
    _shift_counters(changing, 1 if should_count else -1)


@transaction.atomic
def support_proposal(*, actor: User, proposal: Proposal, value: int = SupportValue.FOR) -> Support:
    component = proposal.component
    _check_supports_open(actor, proposal)
    settings = component.typed_settings
    allowed = {SupportValue.FOR} if settings.vote_kind == VOTE_SIMPLE else set(SupportValue)
    if value not in allowed:
        _refuse(_("This kind of support is not offered here."), ProposalError.BAD_VALUE)
    # The participant's row serialises their own supports (the limit holds under double
    # clicks); the proposal's row serialises the threshold check.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    given = Support.objects.filter(user=actor, component=component).count()
    if settings.support_limit and given >= settings.support_limit:
        _refuse(
            _("You have used all your %(limit)d supports. Remove one to support this proposal.")
            % {"limit": settings.support_limit},
            ProposalError.SUPPORT_LIMIT,
        )
    if (
        settings.threshold
        and not settings.accumulate_beyond_threshold
        and locked.supports_count >= settings.threshold
    ):
        _refuse(
            _("This proposal already has the supports it needed."),
            ProposalError.THRESHOLD_REACHED,
        )
    counted = given + 1 >= settings.minimum_supports
    try:
        with transaction.atomic():
            support = Support.objects.create(
                proposal=locked, component=component, user=actor, value=value, counted=counted
            )
    except IntegrityError:
        _refuse(_("You already support this proposal."), ProposalError.ALREADY_SUPPORTED)
    if counted:
        _shift_counters([support], 1)
        _recount_participant(actor, component, given + 1)
    events.proposal_supported(organization=component.organization, actor=actor, target=locked)
    return support


@transaction.atomic
def unsupport_proposal(*, actor: User, proposal: Proposal) -> None:
    component = proposal.component
    _check_supports_open(actor, proposal)
    User.objects.select_for_update().filter(pk=actor.pk).first()
    support = Support.objects.select_for_update().filter(proposal=proposal, user=actor).first()
    if support is None:
        _refuse(_("You do not support this proposal."), ProposalError.NOT_SUPPORTED)
    support.delete()
    if support.counted:
        _shift_counters([support], -1)
    given = Support.objects.filter(user=actor, component=component).count()
    _recount_participant(actor, component, given)
    events.proposal_unsupported(
        organization=component.organization,
        actor=actor,
        target=proposal,
    )


def erase_supports(*, user: User) -> None:
    """Account deletion: remove the person's supports and take them off the counters."""
    supports = list(Support.objects.select_for_update().filter(user=user))
    _shift_counters([s for s in supports if s.counted], -1)
    Support.objects.filter(pk__in=[s.pk for s in supports]).delete()


# --- Notifications (sent once the transaction commits) ----------------------------------------


def _notify_published(actor: User, proposal: Proposal) -> None:
    """Followers of the space or of the category hear of it, then the author's followers.

    Each person hears once: the author's followers who also follow the space or
    the category only get ``proposal_published``.
    """
    organization = proposal.component.organization
    space = proposal.component.space
    events.proposal_published_notification(
        target=proposal,
        actor=actor,
        organization=organization,
        also_followers_of=[proposal.category],
    )
    events.proposal_by_followed_user_notification(
        target=proposal,
        actor=actor,
        organization=organization,
        space_followers=False,
        also_followers_of=[actor],
        exclude_followers_of=[space, proposal.category],
    )


def _notify_thresholds(proposal_ids: list[int]) -> None:
    """Proposals whose supports just reached their component's threshold (exactly: +1 steps).

    The event id is the same for a proposal whatever happens next (supports
    withdrawn, then given again, or two racing transactions): its followers and
    author hear of it once.
    """
    for proposal in Proposal.objects.filter(pk__in=proposal_ids).select_related(
        "component", "author"
    ):
        threshold = proposal.component.typed_settings.threshold
        if not threshold or proposal.supports_count != threshold:
            continue
        events.threshold_reached_notification(
            target=proposal,
            organization=proposal.component.organization,
            space_followers=False,
            recipients=[proposal.author] if proposal.author else [],
            event_id=stable_event_id(
                name=events.threshold_reached_notification.name, parts=[proposal.pk]
            ),
            extra={"threshold": threshold},
        )
