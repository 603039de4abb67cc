"""A space's categories are followable (registered by SpacesConfig.ready)."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from participation.models import Category
from participation.notifications import registry
from participation.notifications.receivers import space_visible_to


def _resolve_category(organization, user, pk):
    category = Category.objects.filter(organization=organization, pk=pk).first()
    if category is None:
        return None
    return category if space_visible_to(category.space, user) else None


def _prepare_categories(categories) -> None:
    """Their spaces, each as its own type: one query."""
    prefetch_related_objects(categories, "space")


def _describe_category(category):
    space = category.space
    return f"{category.name} · {space.title}", space.get_absolute_url()


def register() -> None:
    registry.register_followable(
        registry.Followable(
            model=Category,
            label=_("Category"),
            resolve=_resolve_category,
            queryset=lambda: Category.objects.all(),
            describe=_describe_category,
            prepare=_prepare_categories,
            order=20,
        )
    )
