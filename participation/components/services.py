"""State changes on components: permission check, one transaction, an action-log entry.

Every back-office view (and the demo seeder) goes through these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.action_log import diff
from participation.components import events, registry
from participation.components.models import DEFAULT_STEP, Component
from participation.components.serving import forget_serving
from participation.errors import ErrorCode, ServiceError
from participation.spaces import can_manage_space

if TYPE_CHECKING:
    from participation.components.settings_schema import SettingsSchema
    from participation.models import Organization, Space, User


def _check_can_manage(actor: User, space: Space) -> None:
    if not can_manage_space(actor, space):
        raise ServiceError(
            _("You are not allowed to manage the components of this space."),
            ErrorCode.PERMISSION_DENIED,
        )


def _locked(component: Component) -> Component:
    locked = Component.objects.select_for_update().get(pk=component.pk)
    locked.set_space(component.space)
    return locked


def step_keys(*, space: Space) -> list[str]:
    """The keys step settings are stored under: each step's id, or "default" without steps."""
    if hasattr(space, "steps"):
        return [str(step.pk) for step in space.steps.all()]
    return [DEFAULT_STEP]


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the component a name."), ErrorCode.INVALID, field="name")
    if len(name) > 200:
        raise ServiceError(
            _("The name is too long (200 characters at most)."), ErrorCode.INVALID, field="name"
        )
    return name


@transaction.atomic
def add_component(*, actor: User, space: Space, manifest_name: str, name: str = "") -> Component:
    _check_can_manage(actor, space)
    try:
        manifest = registry.get(manifest_name)
    except registry.UnknownComponent:
        raise ServiceError(
            _("This type of component does not exist."), ErrorCode.INVALID, field="manifest_name"
        ) from None
    last = Component.objects.of_space(space).aggregate(last=Max("position"))["last"]
    component = Component(
        organization_id=space.organization_id,
        manifest_name=manifest.name,
        name=_clean_name(name or str(manifest.label)),
        position=0 if last is None else last + 1,
        settings=manifest.settings.defaults(),
        step_settings={key: manifest.step_settings.defaults() for key in step_keys(space=space)},
    )
    component.set_space(space)
    component.save()
    forget_serving(component.organization_id)
    if manifest.on_create is not None:
        manifest.on_create(component)
    events.component_added(
        organization=space.organization,
        actor=actor,
        target=component,
        changes={"type": manifest.name, "space": f"{space.url_prefix}/{space.pk}"},
    )
    return component


@transaction.atomic
def rename_component(*, actor: User, component: Component, name: str) -> Component:
    _check_can_manage(actor, component.space)
    component = _locked(component)
    before = component.name
    component.name = _clean_name(name)
    component.save(update_fields=["name", "updated_at"])
    forget_serving(component.organization_id)
    events.component_renamed(
        organization=component.organization,
        actor=actor,
        target=component,
        changes={"name": [before, component.name]},
    )
    return component


@transaction.atomic
def reorder_components(*, actor: User, space: Space, ordered_ids: list[int]) -> None:
    """Put the space's components in the order of ``ordered_ids`` (all of them, once each)."""
    _check_can_manage(actor, space)
    components = {c.pk: c for c in Component.objects.of_space(space).select_for_update()}
    if sorted(ordered_ids) != sorted(components):
        raise ServiceError(
            _("The order must list every component of this space once."), ErrorCode.INVALID
        )
    for position, pk in enumerate(ordered_ids):
        components[pk].position = position
    Component.objects.bulk_update(components.values(), ["position"])
    forget_serving(space.organization_id)
    events.components_reordered(
        organization=space.organization,
        actor=actor,
        target=space,
        changes={"order": list(ordered_ids)},
    )


def move_component(*, actor: User, component: Component, offset: int) -> None:
    """Move one component up (-1) or down (+1) in its space."""
    space = component.space
    order = [c.pk for c in Component.objects.of_space(space)]
    index = order.index(component.pk)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    reorder_components(actor=actor, space=space, ordered_ids=order)


def _validated(schema: SettingsSchema, data: dict, field_prefix: str = "") -> dict:
    try:
        return schema.validate(data)
    except ValidationError as error:
        raise ServiceError(
            _("Some settings are not valid: %(errors)s"),
            ErrorCode.INVALID,
            params={
                "errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            },
        ) from None


@transaction.atomic
def configure_component(
    *,
    actor: User,
    component: Component,
    settings: dict | None = None,
    step_settings: dict[str, dict] | None = None,
) -> Component:
    """Replace the global settings and/or the settings of the given steps, validated."""
    space = component.space
    _check_can_manage(actor, space)
    component = _locked(component)
    manifest = component.manifest
    before = {"settings": component.settings, "step_settings": component.step_settings}
    if settings is not None:
        component.settings = _validated(manifest.settings, settings)
    if step_settings is not None:
        known = set(step_keys(space=space))
        unknown = set(map(str, step_settings)) - known
        if unknown:
            raise ServiceError(_("No such step in this space."), ErrorCode.INVALID)
        merged = dict(component.step_settings)
        for key, values in step_settings.items():
            merged[str(key)] = _validated(manifest.step_settings, values)
        component.step_settings = merged
    if manifest.check_settings is not None:
        problems = manifest.check_settings(component, component.settings, component.step_settings)
        if problems:
            raise ServiceError(
                _("These settings cannot be used together: %(problems)s"),
                ErrorCode.INVALID,
                params={"problems": " ".join(str(problem) for problem in problems)},
            )
    component.save(update_fields=["settings", "step_settings", "updated_at"])
    forget_serving(component.organization_id)
    events.component_configured(
        organization=component.organization,
        actor=actor,
        target=component,
        changes=diff(
            before, {"settings": component.settings, "step_settings": component.step_settings}
        ),
    )
    return component


def _available_methods(organization: Organization) -> set[str]:
    from participation.components.verification import method_choices

    return {name for name, _label in method_choices(organization)}


@transaction.atomic
def set_action_permissions(
    *, actor: User, component: Component, permissions: dict[str, list[str]]
) -> Component:
    """Which verification methods each action requires: ``{"comment": ["census"]}``."""
    _check_can_manage(actor, component.space)
    component = _locked(component)
    actions = component.manifest.actions
    available = _available_methods(component.organization)
    cleaned = {}
    for action, methods in permissions.items():
        if action not in actions:
            raise ServiceError(_("This component has no such action."), ErrorCode.INVALID)
        methods = sorted(set(methods or []))
        if not set(methods) <= available:
            raise ServiceError(_("This verification method is not available."), ErrorCode.INVALID)
        if methods:
            cleaned[action] = {"verifications": methods}
    before = component.permissions
    component.permissions = cleaned
    component.save(update_fields=["permissions", "updated_at"])
    forget_serving(component.organization_id)
    events.component_permissions_set(
        organization=component.organization,
        actor=actor,
        target=component,
        changes=diff(before, cleaned),
    )
    return component


def _set_published(actor: User, component: Component, published: bool) -> Component:
    """Publish or unpublish; a component already in that state is left untouched."""
    _check_can_manage(actor, component.space)
    component = _locked(component)
    # Publishing also replaces a future publication date; unpublishing clears any date.
    changes = not component.is_published if published else component.published_at is not None
    if not changes:
        return component
    component.published_at = timezone.now() if published else None
    component.save(update_fields=["published_at", "updated_at"])
    forget_serving(component.organization_id)
    event = events.component_published if published else events.component_unpublished
    event(organization=component.organization, actor=actor, target=component)
    return component


@transaction.atomic
def publish_component(*, actor: User, component: Component) -> Component:
    return _set_published(actor, component, True)


@transaction.atomic
def unpublish_component(*, actor: User, component: Component) -> Component:
    return _set_published(actor, component, False)


@transaction.atomic
def delete_component(*, actor: User, component: Component) -> None:
    """Delete the component; the component's own rows go with it (foreign keys cascade)."""
    _check_can_manage(actor, component.space)
    component = _locked(component)
    events.component_deleted(
        organization=component.organization,
        actor=actor,
        target=component,
        changes={"type": component.manifest_name},
    )
    component.delete()
    forget_serving(component.organization_id)
