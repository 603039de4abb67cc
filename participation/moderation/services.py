"""Reporting, hiding, unhiding, clearing reports, blocking people, the hiding threshold.

Every function checks permission, writes in one transaction (the moderation row
locked) and leaves an activity-log entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.moderation import events
from participation.moderation.errors import ModerationError
from participation.moderation.models import Moderation, ModerationSettings, Report, ReportReason
from participation.moderation.permissions import can_moderate
from participation.moderation.registry import reportable_for
from participation.moderation.selectors import hide_threshold
from participation.spaces import can_moderate_space

if TYPE_CHECKING:
    from django.db.models import Model

    from participation.models import Organization, User


def _denied() -> ServiceError:
    return ServiceError(
        _("You are not allowed to moderate this item."), ModerationError.PERMISSION_DENIED
    )


def _apply(moderation: Moderation, hook_name: str) -> None:
    model = moderation.content_type.model_class()
    reportable = reportable_for(model) if model else None
    hook = getattr(reportable, hook_name, None) if reportable else None
    if hook is not None and model is not None:
        target = model._default_manager.filter(pk=moderation.object_id).first()
        if target is not None:
            hook(target)


def report(
    *, actor: User, organization: Organization, item: Model, reason: str, details: str = ""
) -> Moderation:
    """A signed-in resident reports ``item`` once; past the threshold it is hidden."""
    reportable = reportable_for(item)
    if reportable is None or not (
        actor.is_authenticated and actor.is_active and actor.organization_id == organization.pk
    ):
        raise ServiceError(_("You cannot report this item."), ModerationError.PERMISSION_DENIED)
    if not reportable.queryset(organization, actor).filter(pk=item.pk).exists():
        raise ServiceError(_("This item does not exist."), ModerationError.NOT_FOUND)
    if reason not in ReportReason.values:
        raise ServiceError(
            _("Choose a reason from the list."), ModerationError.INVALID, field="reason"
        )
    if item == actor or getattr(item, "author_id", None) == actor.pk:
        raise ServiceError(_("You cannot report your own content."), ModerationError.OWN_ITEM)
    details = (details or "").strip()[:1000]
    space = reportable.space(item)
    content_type = ContentType.objects.get_for_model(item)
    with transaction.atomic():
        moderation, _created = Moderation.objects.get_or_create(
            content_type=content_type,
            object_id=item.pk,
            defaults={"organization": organization},
        )
        moderation = Moderation.objects.select_for_update().get(pk=moderation.pk)
        if Report.objects.filter(moderation=moderation, user=actor).exists():
            raise ServiceError(
                _("You have already reported this item."), ModerationError.ALREADY_REPORTED
            )
        try:
            with transaction.atomic():
                Report.objects.create(
                    moderation=moderation, user=actor, reason=reason, details=details
                )
        except IntegrityError as error:
            raise ServiceError(
                _("You have already reported this item."), ModerationError.ALREADY_REPORTED
            ) from error
        moderation.report_count += 1
        moderation.target_label = str(item)[:255]
        moderation.target_url = reportable.url(item)[:500]
        moderation.space_id = space.pk if space is not None else None
        auto_hide = moderation.hidden_at is None and moderation.report_count >= hide_threshold(
            organization
        )
        if auto_hide:
            moderation.hidden_at = timezone.now()
        moderation.save()
        events.reported(
            organization=organization,
            actor=actor,
            target=moderation,
            changes={"reason": reason, "reports": moderation.report_count},
        )
        if auto_hide:
            events.hidden_automatically(
                organization=organization,
                actor=None,
                target=moderation,
                changes={"reports": moderation.report_count},
            )
            transaction.on_commit(lambda: _apply(moderation, "on_hide"))
    return moderation


def _locked(moderation: Moderation) -> Moderation:
    return (
        Moderation.objects.select_for_update().select_related("content_type").get(pk=moderation.pk)
    )


def hide(*, actor: User, moderation: Moderation) -> Moderation:
    if not can_moderate(user=actor, moderation=moderation):
        raise _denied()
    with transaction.atomic():
        moderation = _locked(moderation)
        if moderation.hidden_at is not None:
            return moderation
        moderation.hidden_at = timezone.now()
        moderation.save(update_fields=["hidden_at", "updated_at"])
        events.hidden(
            organization=moderation.organization,
            actor=actor,
            target=moderation,
            changes={"hidden": [False, True]},
        )
        transaction.on_commit(lambda: _apply(moderation, "on_hide"))
    return moderation


def hide_item(*, actor: User, item: Model) -> Moderation:
    """Hide ``item`` from a back-office list, reported or not: the same hiding as ``hide``."""
    reportable = reportable_for(item)
    organization_id = getattr(item, "organization_id", None)
    if (
        reportable is None
        or organization_id is None
        or not (
            getattr(actor, "is_authenticated", False) and actor.organization_id == organization_id
        )
    ):
        raise _denied()
    space = reportable.space(item)
    allowed = can_moderate_space(actor, space) if space is not None else actor.is_org_admin
    if not allowed:
        raise _denied()
    with transaction.atomic():
        moderation, _created = Moderation.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            defaults={
                "organization_id": organization_id,
                "target_label": str(item)[:255],
                "target_url": reportable.url(item)[:500],
                "space_id": space.pk if space is not None else None,
            },
        )
        return hide(actor=actor, moderation=moderation)


def unhide(*, actor: User, moderation: Moderation) -> Moderation:
    if not can_moderate(user=actor, moderation=moderation):
        raise _denied()
    with transaction.atomic():
        moderation = _locked(moderation)
        if moderation.hidden_at is None:
            return moderation
        moderation.hidden_at = None
        # Unhiding is a decision: the reports that led to it are settled too.
        moderation.reports.all().delete()
        moderation.report_count = 0
        moderation.save(update_fields=["hidden_at", "report_count", "updated_at"])
        events.unhidden(
            organization=moderation.organization,
            actor=actor,
            target=moderation,
            changes={"hidden": [True, False]},
        )
        transaction.on_commit(lambda: _apply(moderation, "on_unhide"))
    return moderation


def unreport(*, actor: User, moderation: Moderation) -> Moderation:
    """Dismiss the reports: the item stays (or becomes) visible."""
    if not can_moderate(user=actor, moderation=moderation):
        raise _denied()
    with transaction.atomic():
        moderation = _locked(moderation)
        before = moderation.report_count
        moderation.reports.all().delete()
        moderation.report_count = 0
        moderation.save(update_fields=["report_count", "updated_at"])
        events.reports_dismissed(
            organization=moderation.organization,
            actor=actor,
            target=moderation,
            changes={"reports": [before, 0]},
        )
    return moderation


def set_hide_threshold(
    *, actor: User, organization: Organization, value: int
) -> ModerationSettings:
    if not actor.is_admin_of(organization):
        raise _denied()
    if not isinstance(value, int) or not 1 <= value <= 100:
        raise ServiceError(
            _("Choose a number between 1 and 100."), ModerationError.INVALID, field="hide_threshold"
        )
    with transaction.atomic():
        row, _created = ModerationSettings.objects.select_for_update().get_or_create(
            organization=organization
        )
        before = row.hide_threshold
        row.hide_threshold = value
        row.save()
        events.threshold_changed(
            organization=organization,
            actor=actor,
            target=row,
            changes={"hide_threshold": [before, value]},
        )
    return row


def block_user(*, actor: User, organization: Organization, user_id: int, reason: str) -> User:
    """Block an account: the participants back-office's service, which records the reason."""
    from participation.privacy.participants import set_blocked

    return set_blocked(
        actor=actor, organization=organization, user_id=user_id, blocked=True, reason=reason
    )
