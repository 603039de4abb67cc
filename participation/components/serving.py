"""The space a component page is served from, and the space's components.

Every component page starts by finding its space (visibility rules), the space's
steps and its components: three statements that cost more, in Python, than many a
page's own content. Those rows come from Django's cache, filed under a
per-organisation version that the services writing spaces, steps and components retire
(``forget_serving``, called by spaces.services and participation.components.services: a
post_save signal would miss their ``update()`` and ``bulk_update()``); publication dates
and visibility are checked afresh on every request. A public or transparent space is the same for everyone; a private one is
read again from the database with the visitor's memberships and roles.
"""

from django.core.cache import cache
from django.utils import timezone

from participation import cache_versions
from participation.components.models import Component
from participation.components.selectors import serving_components
from participation.spaces import visible_spaces

# A safety net only: every change made through a service retires the version.
SERVING_CACHE_SECONDS = 600


def _version_name(organization_id) -> str:
    return f"components:serving:{organization_id}"


def forget_serving(organization_id, using=None) -> None:
    """Retire the cached spaces and components of an organisation."""
    cache_versions.retire(_version_name(organization_id), using=using)


def space_and_component(*, space_type, organization, user, slug: str, component_id: int):
    """(the space the visitor may see, or None; the component ``component_id`` of it or
    None). The space's published components are kept on it for its navigation."""
    space, components = _cached_space(space_type, organization, slug)
    if space is None:
        return None, None
    if not space.is_listed(timezone.now()):
        # Unpublished: nobody's. Private: only for members, role holders and admins, which
        # the database says (``visible_spaces``), never the cache.
        if not user.is_authenticated:
            return None, None
        visible = visible_spaces(space_type=space_type, organization=organization, user=user)
        space = visible.filter(pk=space.pk).first()
        if space is None:
            return None, None
        components = None
    return space, serving_components(space, component_id, components)


def _cached_space(space_type, organization, slug: str):
    version = cache_versions.current(_version_name(organization.pk))
    key = f"components:serving:{organization.pk}:{version}:{space_type.key}:{slug}"
    cached = cache.get(key)
    if cached is None:
        space = space_type.queryset().of(organization).filter(slug=slug).first()
        components = list(Component.objects.of_space(space)) if space else []
        cached = (space, components)
        cache.set(key, cached, SERVING_CACHE_SECONDS)
    space, components = cached
    for component in components:
        component.set_space(space)
    return space, components
