"""Spaces of every type and participants are searchable."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models import User
from participation.moderation.selectors import exclude_hidden
from participation.search.registry import register_searchable
from spaces.selectors import visible_spaces
from spaces.types import SPACE_TYPES


def _register_space_type(key, space_type):
    def queryset(organization, user):
        return visible_spaces(space_type=space_type, organization=organization, user=user)

    def in_space(queryset, space_key, space_id):
        return queryset.filter(pk=space_id) if space_key == key else queryset.none()

    register_searchable(
        key,
        label=space_type.label,
        queryset=queryset,
        title="title",
        body=("subtitle", "short_description", "description"),
        url=lambda space: space.get_absolute_url(),
        in_space=in_space,
        order=10,
    )


for _key, _space_type in SPACE_TYPES.items():
    _register_space_type(_key, _space_type)


def _people(organization, user):
    return exclude_hidden(
        User.objects.filter(organization=organization, is_active=True).exclude(nickname="")
    )


register_searchable(
    "participants",
    label=_("Participants"),
    queryset=_people,
    title="name",
    body=("nickname",),
    url=lambda person: reverse("accounts:profile", kwargs={"nickname": person.nickname}),
    excerpt=lambda person: f"@{person.nickname}",
    display=lambda person: person.name or person.nickname,
    order=90,
)
