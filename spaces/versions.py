"""Cache versions of what spaces own and others keep in their caches.

A component's cached filter form lists the categories and areas it may filter by: it
files them under ``taxonomy_version``, which the services that write categories and
areas (and the other organisation-wide lists) retire.
"""

from participation import cache_versions


def _taxonomy_version_name(organization_id: int) -> str:
    return f"spaces:taxonomy:{organization_id}"


def taxonomy_version(organization_id: int) -> int:
    """Changes whenever a category or an area of the organisation is added, changed or
    deleted."""
    return cache_versions.current(_taxonomy_version_name(organization_id))


def forget_taxonomy(organization_id: int) -> None:
    """Retire what was cached from the organisation's categories and areas."""
    cache_versions.retire(_taxonomy_version_name(organization_id))
