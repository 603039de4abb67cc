"""Participants are searchable (spaces register theirs from the spaces app)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models import User
from participation.moderation.selectors import exclude_hidden
from participation.search.registry import register_searchable


def _people(organization, user):
    return exclude_hidden(
        User.objects.filter(organization=organization, is_active=True).exclude(nickname="")
    )


register_searchable(
    "participants",
    label=_("Participants"),
    model=User,
    # Indexed while active with a public nickname (their profile page exists).
    published=lambda person: person.date_joined if person.is_active and person.nickname else None,
    queryset=_people,
    title="name",
    body=("nickname",),
    url=lambda person: reverse("accounts:profile", kwargs={"nickname": person.nickname}),
    excerpt=lambda person: f"@{person.nickname}",
    display=lambda person: person.name or person.nickname,
    order=90,
)
