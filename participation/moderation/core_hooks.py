"""People can be reported too: their organisation's admins moderate them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models import User
from participation.moderation.registry import register_reportable


def _people(organization, user):
    return User.objects.filter(organization=organization, is_active=True).exclude(nickname="")


def _profile_url(person) -> str:
    return reverse("accounts:profile", kwargs={"nickname": person.nickname})


register_reportable(
    User, label=_("Participant"), queryset=_people, space=lambda person: None, url=_profile_url
)
