"""People can be reported too: their organisation's admins moderate them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models import User
from participation.moderation.registry import register_reportable
from participation.privacy.display import display_name


def _people(organization, user):
    return User.objects.filter(organization=organization, is_active=True).exclude(nickname="")


def _profile_url(person) -> str:
    return reverse("accounts:profile", kwargs={"nickname": person.nickname})


def _shown_differently(person) -> None:
    # Hidden people lose their profile page: pages that link them are built again.
    from participation.privacy.display import people_changed

    people_changed(person.organization_id)


register_reportable(
    User,
    label=_("Participant"),
    queryset=_people,
    space=lambda person: None,
    url=_profile_url,
    on_hide=_shown_differently,
    on_unhide=_shown_differently,
    # A person is their own name; never their e-mail address (``User.__str__``).
    title=display_name,
    excerpt=lambda person: f"@{person.nickname}" if person.nickname else "",
)
