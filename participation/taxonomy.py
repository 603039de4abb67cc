"""Reading categories and areas: what every component files its content under.

A space's categories and its organisation's areas (``participation.models.Category``
and ``Scope``) are the choices of forms and filters and what services check content
against. Pages that cache those choices file them under ``taxonomy_version``, which the
services writing categories and areas (and the organisation's other lists) retire.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from participation import cache_versions
from participation.models import Category, Scope


def space_categories(space) -> QuerySet[Category]:
    """The categories (and sub-categories) of ``space``: form choices, filters, checks."""
    return Category.objects.filter(organization_id=space.organization_id, space=space)


def organization_scopes(organization_id: int) -> QuerySet[Scope]:
    """The areas (scopes) of an organisation, shared by all its spaces."""
    return Scope.objects.filter(organization_id=organization_id)


def taxonomy_errors(*, space, category=None, scope=None) -> dict[str, str]:
    """One message per field when ``category`` is not one of ``space``'s categories or
    ``scope`` not one of its organisation's areas (a model instance or a primary key;
    ``None`` is always fine). A form's choices already say so; services check again
    because imports and the API do not go through the form."""
    errors = {}
    if (
        category is not None
        and not space_categories(space).filter(pk=getattr(category, "pk", category)).exists()
    ):
        errors["category"] = _("Choose a category of this space.")
    if (
        scope is not None
        and not organization_scopes(space.organization_id)
        .filter(pk=getattr(scope, "pk", scope))
        .exists()
    ):
        errors["scope"] = _("Choose an area of this organisation.")
    return errors


# --- Cache version ----------------------------------------------------------------------


def _taxonomy_version_name(organization_id: int) -> str:
    return f"taxonomy:{organization_id}"


def taxonomy_version(organization_id: int) -> int:
    """Changes whenever a category or an area of the organisation is added, changed or
    deleted."""
    return cache_versions.current(_taxonomy_version_name(organization_id))


def forget_taxonomy(organization_id: int) -> None:
    """Retire what was cached from the organisation's categories and areas."""
    cache_versions.retire(_taxonomy_version_name(organization_id))
