"""How people are named on pages once their account may have been deleted.

A deleted account keeps its row (contributions keep their author) with its
e-mail replaced by an address in DELETED_EMAIL_DOMAIN: recognising it from the
row itself costs no query, whatever the number of authors on a page.
"""

from django.utils.translation import gettext as _

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
