"""How people are named on pages once their account may have been deleted.

A deleted account keeps its row (contributions keep their author) with its
e-mail replaced by an address in DELETED_EMAIL_DOMAIN: recognising it from the
row itself costs no query, whatever the number of authors on a page.
"""

from django.utils.translation import gettext as _

from participation import cache_versions

DELETED_EMAIL_DOMAIN = "deleted.invalid"


def is_deleted(user) -> bool:
    email = getattr(user, "email", "") or ""
    return email.endswith("@" + DELETED_EMAIL_DOMAIN)


def deleted_label() -> str:
    return _("Deleted participant")


def display_name(user) -> str:
    """The public name of an author; deleted (or vanished) accounts show a neutral label."""
    if user is None or is_deleted(user):
        return deleted_label()
    return user.name or user.nickname or _("Participant")


def _names_version_name(organization_id) -> str:
    return f"privacy:names:{organization_id}"


def names_version(organization_id) -> int:
    """Changes whenever a person of the organisation may be named differently on a page
    (name, nickname, deletion, deactivation): part of the keys of cached pages that
    name people."""
    return cache_versions.current(_names_version_name(organization_id))


def people_changed(organization_id: int | None) -> None:
    """Retire cached pages that name or link people of the organisation.

    Called by the services that change how a person is named or whether they are shown:
    the profile (``accounts.services.update_profile``), blocking
    (``privacy.participants``), account deletion (``privacy.deletion``), moderation
    hiding or showing a person (mentions link to profiles only while they are shown).
    Nothing else writes those fields (tests/participation/test_cache_writers.py)."""
    if organization_id is not None:
        cache_versions.retire(_names_version_name(organization_id))
