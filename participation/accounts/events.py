"""Accounts' events. Names are stored: never renamed (see participation.events)."""

from django.utils.translation import gettext_lazy as _

from participation.events import FIELDS, LoggedEvent

signed_up = LoggedEvent(
    name="accounts.signed_up",
    label=_("Account created"),
    sentence=_("%(actor)s created their account"),
)
profile_updated = LoggedEvent(
    name="accounts.profile_updated",
    label=_("Profile updated"),
    sentence=_("%(actor)s updated the profile of “%(target)s”"),
    payload=(FIELDS,),
)
terms_published = LoggedEvent(
    name="accounts.terms_published",
    label=_("Terms of use published"),
    sentence=_("%(actor)s published new terms of use (%(target)s)"),
    payload=("version",),
)
terms_accepted = LoggedEvent(
    name="accounts.terms_accepted",
    label=_("Terms of use accepted"),
    sentence=_("%(actor)s accepted the terms of use"),
    payload=("version",),
)
newsletter_consent = LoggedEvent(
    name="accounts.newsletter_consent",
    label=_("Newsletter consent changed"),
    sentence=_("%(actor)s changed their consent to newsletters"),
    payload=("consent",),
)
admin_mfa_requirement = LoggedEvent(
    name="accounts.admin_mfa_requirement",
    label=_("Two-step verification rule for administrators changed"),
    sentence=_("%(actor)s changed whether administrators must use two-step verification"),
    payload=("require_admin_mfa",),
)
operator_mfa_activated = LoggedEvent(
    name="system.operator_mfa_activated",
    label=_("Operator two-step verification activated"),
    sentence=_("%(actor)s activated two-step verification for an operator account"),
)
legal_page_saved = LoggedEvent(
    name="save_legal_page",
    label=_("Legal page changed"),
    sentence=_("%(actor)s changed a legal page of “%(target)s”"),
    payload=("page", "customised"),
)
