"""Reading components: a fixed number of queries whatever the number of components."""

from django.db.models import QuerySet

from participation.components import registry
from participation.components.models import Component


def _known(components) -> list[Component]:
    # A component whose app was removed from INSTALLED_APPS stays in the database
    # but is not served: skipping it keeps the space usable.
    known = {manifest.name for manifest in registry.all_manifests()}
    return [component for component in components if component.manifest_name in known]


def published_components(space) -> list[Component]:
    """Published components of ``space`` in order, for its navigation: one query."""
    components = _known(Component.objects.of_space(space).published())
    for component in components:
        component.set_space(space)
    return components


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


def collect_search_documents(space) -> list[dict]:
    documents = []
    for component in published_components(space):
        hook = component.manifest.search
        if hook is not None:
            documents.extend(hook(component))
    return documents
