"""Pages in search and files. Plain declarations and functions: ``pages.component`` (the
manifest) puts them in front of the core."""

from django.utils.translation import gettext_lazy as _

from pages.models import Page
from participation.components.media import component_visible
from participation.media import media_owner
from participation.moderation.visibility import attach_spaces, visible_components
from participation.search.registry import Searchable


def visible_pages(organization, user):
    components = visible_components(organization=organization, user=user)
    return Page.objects.filter(
        component__in=components.filter(manifest_name="pages").values("pk")
    ).select_related("component")


SEARCHABLES = (
    Searchable(
        key="pages",
        label=_("Pages"),
        model=Page,
        queryset=visible_pages,
        title="title",
        body=("body",),
        url=lambda page: page.component.url("detail", pk=page.pk),
        in_space=lambda qs, key, pk: qs.filter(component__space_id=pk),
        prepare=lambda pages: attach_spaces([page.component for page in pages]),
        order=30,
    ),
)
MEDIA = (
    media_owner(
        Page,
        "image",
        can_view=lambda request, page: component_visible(request, page.component),
        organization_lookup="component__organization_id",
        select_related=("component",),
    ),
)
