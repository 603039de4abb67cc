"""Reading components: a fixed number of queries whatever the number of components."""

from django.db.models import QuerySet

from participation.components import registry
from participation.components.models import Component


def _known(components) -> list[Component]:
    # A component whose app was removed from INSTALLED_APPS stays in the database
    # but is not served: skipping it keeps the space usable.
    known = {manifest.name for manifest in registry.all_manifests()}
    return [component for component in components if component.manifest_name in known]


# Where ``serving_components`` leaves the space's published components for the navigation.
_NAVIGATION_ATTRIBUTE = "_published_components"


def published_components(space) -> list[Component]:
    """Published components of ``space`` in order, for its navigation: one query (none when
    ``serving_components`` loaded them already for this request)."""
    known = getattr(space, _NAVIGATION_ATTRIBUTE, None)
    if known is not None:
        return list(known)
    components = _known(Component.objects.of_space(space).published())
    for component in components:
        component.set_space(space)
    return components


def serving_components(space, component_id: int, components=None) -> Component | None:
    """The component ``component_id`` of ``space`` (published or not), loaded with the
    space's other components in one query (none when ``components`` holds them); the
    published ones are kept on ``space`` for its navigation, so serving a component page
    costs one query for both."""
    from django.utils import timezone

    now = timezone.now()
    if components is None:
        components = list(Component.objects.of_space(space))
    wanted = None
    for component in components:
        component.set_space(space)
        if component.pk == component_id:
            wanted = component
    published = [c for c in components if c.published_at is not None and c.published_at <= now]
    setattr(space, _NAVIGATION_ATTRIBUTE, _known(published))
    return wanted


def space_components(space) -> list[Component]:
    """Every component of ``space`` (drafts too), for its back-office: one query."""
    components = list(Component.objects.of_space(space))
    for component in components:
        component.set_space(space)
    return components


def component_of_space(space, component_id: int) -> QuerySet:
    return Component.objects.of_space(space).filter(pk=component_id)


def collect_metrics(space) -> dict[str, dict[str, int]]:
    """Each published component's metrics hook, by component id (empty hooks skipped)."""
    result = {}
    for component in published_components(space):
        hook = component.manifest.metrics
        if hook is not None:
            result[component.pk] = dict(hook(component))
    return result


def any_of_user_ids(*subqueries: QuerySet) -> QuerySet:
    """One lazy queryset of the user ids found in any of ``subqueries`` (each one column of
    user ids): what a manifest's ``participants`` hook returns, still a single sub-query."""
    from django.db.models import Q

    from participation.models import User

    wanted = Q(pk__in=[])
    for subquery in subqueries:
        wanted |= Q(pk__in=subquery)
    return User.objects.filter(wanted).values("pk")
