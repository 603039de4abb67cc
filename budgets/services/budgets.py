"""Back-office writes on budgets, projects and their files.

Each function checks that the actor manages the component's space, writes in one
transaction and leaves an action-log entry with the fields before and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgets import events
from budgets.models import (
    Ballot,
    BallotLine,
    BallotStatus,
    Budget,
    Project,
)
from budgets.rules import VoteRule
from participation.action_log import diff
from participation.errors import ErrorCode, ServiceError
from participation.numbers import format_money
from participation.services import attachments
from spaces.permissions import can_manage_space

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from participation.components.models import Component
    from participation.models import Attachment, User

BUDGET_FIELDS = ("title", "description", "total", "scope", "position")
PROJECT_FIELDS = (
    "title",
    "description",
    "cost",
    "category",
    "scope",
    "address",
    "latitude",
    "longitude",
    "position",
)
MAX_ATTACHMENTS = 10


def check_can_manage(*, actor: User, component: Component) -> None:
    if component.manifest_name != "budgets" or not can_manage_space(actor, component.space):
        raise ServiceError(
            _("You are not allowed to manage this participatory budget."),
            ErrorCode.PERMISSION_DENIED,
        )


def _invalid(errors: dict) -> None:
    raise ValidationError(errors)


def _snapshot(instance: Budget | Project, fields: Iterable[str]) -> dict:
    values = {}
    for name in fields:
        value = getattr(instance, name + "_id" if name in ("scope", "category") else name)
        values[name] = str(value) if isinstance(value, Decimal) else value
    return values


def _validate_taxonomy(component: Component, data: dict, errors: dict) -> None:
    from participation.taxonomy import taxonomy_errors

    errors.update(
        taxonomy_errors(
            space=component.space, category=data.get("category"), scope=data.get("scope")
        )
    )


# --- Budgets ---------------------------------------------------------------------------------


def _apply_budget(budget: Budget, data: dict) -> None:
    errors: dict = {}
    for name in BUDGET_FIELDS:
        if name in data:
            setattr(budget, name, data[name])
    if not (budget.title or "").strip():
        errors["title"] = _("Give the budget a title.")
    if budget.total is None or budget.total < 0:
        errors["total"] = _("The amount must be zero or more.")
    _validate_taxonomy(budget.component, {"scope": data.get("scope")}, errors)
    if budget.pk and budget.total is not None and "total" not in errors:
        dearest = budget.projects.order_by("-cost").first()
        if dearest is not None and dearest.cost > budget.total:
            errors["total"] = _(
                "The project “%(title)s” costs %(cost)s, more than this amount: "
                "lower its cost first."
            ) % {"title": dearest.title, "cost": format_money(dearest.cost)}
    if errors:
        _invalid(errors)


@transaction.atomic
def create_budget(*, actor: User, component: Component, data: dict) -> Budget:
    check_can_manage(actor=actor, component=component)
    budget = Budget(organization_id=component.organization_id, component=component)
    _apply_budget(budget, data)
    budget.full_clean()
    budget.save()
    events.budget_created(
        organization=component.organization,
        actor=actor,
        target=budget,
        changes=diff({}, _snapshot(budget, BUDGET_FIELDS)),
    )
    return budget


@transaction.atomic
def update_budget(*, actor: User, budget: Budget, data: dict) -> Budget:
    check_can_manage(actor=actor, component=budget.component)
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    locked.component = budget.component
    before = _snapshot(locked, BUDGET_FIELDS)
    _apply_budget(locked, data)
    locked.full_clean()
    locked.save()
    events.budget_updated(
        organization=locked.component.organization,
        actor=actor,
        target=locked,
        changes=diff(before, _snapshot(locked, BUDGET_FIELDS)),
    )
    return locked


@transaction.atomic
def delete_budget(*, actor: User, budget: Budget) -> None:
    check_can_manage(actor=actor, component=budget.component)
    cast = Ballot.objects.filter(budget=budget, status=BallotStatus.CHECKED_OUT).count()
    if cast:
        raise ServiceError(
            ngettext(
                "This budget holds %(count)d cast ballot: it cannot be deleted.",
                "This budget holds %(count)d cast ballots: it cannot be deleted.",
                cast,
            ),
            ErrorCode.INVALID,
            params={"count": cast},
        )
    events.budget_deleted(
        organization=budget.component.organization,
        actor=actor,
        target=budget,
        changes=diff(_snapshot(budget, BUDGET_FIELDS), {}),
    )
    attachments.delete_attachments_of(targets=budget.projects.all())
    budget.delete()


# --- Projects --------------------------------------------------------------------------------


def _apply_project(project: Project, data: dict) -> None:
    budget = project.budget
    component = budget.component
    errors: dict = {}
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    if not (project.title or "").strip():
        errors["title"] = _("Give the project a title.")
    if project.cost is None or project.cost < 0:
        errors["cost"] = _("The cost must be zero or more.")
    elif project.cost > budget.total:
        errors["cost"] = _(
            "This project costs %(cost)s, more than the budget's amount (%(total)s): "
            "no ballot could choose it."
        ) % {"cost": format_money(project.cost), "total": format_money(budget.total)}
    _validate_taxonomy(
        component, {"category": data.get("category"), "scope": data.get("scope")}, errors
    )
    latitude, longitude = project.latitude, project.longitude
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    elif (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        errors["latitude"] = _("This point is outside the map.")
    if not component.typed_settings.geolocation_enabled:
        project.address, project.latitude, project.longitude = "", None, None
    project.address = (project.address or "").strip()[:300]
    if errors:
        _invalid(errors)


@transaction.atomic
def create_project(*, actor: User, budget: Budget, data: dict) -> Project:
    check_can_manage(actor=actor, component=budget.component)
    project = Project(organization_id=budget.organization_id, budget=budget)
    _apply_project(project, data)
    project.full_clean(exclude=["external_id"])
    project.save()
    events.project_created(
        organization=budget.component.organization,
        actor=actor,
        target=project,
        changes=diff({}, _snapshot(project, PROJECT_FIELDS)),
    )
    return project


@transaction.atomic
def update_project(*, actor: User, project: Project, data: dict) -> Project:
    budget = project.budget
    check_can_manage(actor=actor, component=budget.component)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.budget = budget
    before = _snapshot(locked, PROJECT_FIELDS)
    _apply_project(locked, data)
    locked.full_clean(exclude=["external_id"])
    locked.save()
    events.project_updated(
        organization=budget.component.organization,
        actor=actor,
        target=locked,
        changes=diff(before, _snapshot(locked, PROJECT_FIELDS)),
    )
    return locked


@transaction.atomic
def delete_project(*, actor: User, project: Project) -> None:
    budget = project.budget
    check_can_manage(actor=actor, component=budget.component)
    in_ballots = BallotLine.objects.filter(
        project=project,
        ballot__status__in=[BallotStatus.IN_PROGRESS, BallotStatus.CHECKED_OUT],
    ).count()
    if in_ballots:
        raise ServiceError(
            ngettext(
                "%(count)d ballot names this project: it cannot be deleted.",
                "%(count)d ballots name this project: it cannot be deleted.",
                in_ballots,
            ),
            ErrorCode.INVALID,
            params={"count": in_ballots},
        )
    events.project_deleted(
        organization=budget.component.organization,
        actor=actor,
        target=project,
        changes=diff(_snapshot(project, PROJECT_FIELDS), {}),
    )
    attachments.delete_attachments_of(targets=[project])
    project.delete()


# --- Project files ---------------------------------------------------------------------------


@transaction.atomic
def add_project_attachment(
    *, actor: User, project: Project, upload: UploadedFile, description: str = ""
) -> Attachment:
    """An image (checked by content) or a document; anything else is refused."""
    component = project.budget.component
    check_can_manage(actor=actor, component=component)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        _invalid(
            {"attachment": _("A project has at most %(count)d files.") % {"count": MAX_ATTACHMENTS}}
        )
    locked.budget = project.budget
    return attachments.add_attachment(
        actor=actor,
        target=locked,
        space=component.space,
        upload=upload,
        description=description,
        field="attachment",
        event=events.project_file_added,
    )


@transaction.atomic
def remove_project_attachment(*, actor: User, attachment: Attachment) -> None:
    project = (
        Project.objects.select_related("budget__component")
        .filter(pk=attachment.object_id, organization_id=attachment.organization_id)
        .first()
    )
    if project is None:  # not a project's file (the core checks its type too)
        raise ServiceError(_("You are not allowed to do this here."), ErrorCode.PERMISSION_DENIED)
    check_can_manage(actor=actor, component=project.budget.component)
    attachments.remove_attachment(
        actor=actor, attachment=attachment, target=project, event=events.project_file_removed
    )


# --- Consistency of the settings with the budgets --------------------------------------------


def budget_problems(
    *, budget: Budget, rule: VoteRule, count: int | None = None, total_cost: Decimal | None = None
) -> list[str]:
    """Why no ballot could be valid in ``budget`` under ``rule`` (empty: fine)."""
    if count is None or total_cost is None:
        aggregate = budget.projects.aggregate(total=Sum("cost"))
        count = budget.projects.count()
        total_cost = aggregate["total"] or Decimal(0)
    problems = []
    name = budget.title
    if not count:
        return [_("“%(budget)s” has no project yet.") % {"budget": name}]
    if rule.minimum_count() > count:
        problems.append(
            ngettext(
                "“%(budget)s” has %(count)d project but a ballot must choose at least %(needed)d.",
                "“%(budget)s” has %(count)d projects but a ballot must choose at least %(needed)d.",
                count,
            )
            % {"budget": name, "count": count, "needed": rule.minimum_count()}
        )
    minimum = rule.minimum_amount(budget.total)
    if total_cost < minimum:
        problems.append(
            _(
                "All the projects of “%(budget)s” together cost %(cost)s, less than the "
                "%(percent)s %% of its amount a ballot must reach."
            )
            % {"budget": name, "cost": format_money(total_cost), "percent": rule.minimum_share}
        )
    return problems


def settings_problems(*, component: Component, settings: dict | None = None) -> list[str]:
    """The rule's own inconsistencies plus, for each budget, why no ballot could be valid."""
    values = component.manifest.settings.read(settings) if settings else component.typed_settings
    rule = VoteRule.from_settings(values)
    problems = list(rule.inconsistencies())
    if problems:
        return problems
    stats: dict[int, Mapping[str, Any]] = {
        row["budget"]: row
        for row in Project.objects.filter(budget__component=component)
        .values("budget")
        .annotate(count=Count("id"), total=Sum("cost"))
    }
    for budget in component.budgets.all():
        row = stats.get(budget.pk, {})
        problems += budget_problems(
            budget=budget,
            rule=rule,
            count=row.get("count", 0),
            total_cost=row.get("total") or Decimal(0),
        )
    return problems


def check_component_settings(
    *, component: Component, settings: dict, step_settings: dict
) -> list[str]:
    """The manifest hook: refuse a vote rule that contradicts itself.

    Budgets that no ballot could satisfy yet (no projects, too few) are not refused
    here: admins often set the calendar up before entering projects. The budgets
    back-office lists those problems instead (``settings_problems``).
    """
    values = component.manifest.settings.read(settings)
    return list(VoteRule.from_settings(values).inconsistencies())
