"""Personal data and participants' accounts: their events. Names are stored: never renamed."""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent

participants_exported = LoggedEvent(
    name="privacy.participants_exported",
    label=_("Participants exported"),
    sentence=_("%(actor)s exported the list of participants"),
    payload=("rows",),
)
account_deleted = LoggedEvent(
    name="privacy.account_deleted",
    label=_("Account deleted"),
    sentence=_("%(actor)s deleted their account"),
)
export_requested = LoggedEvent(
    name="privacy.export_requested",
    label=_("Personal data export requested"),
    sentence=_("%(actor)s asked for an export of their personal data"),
)
export_downloaded = LoggedEvent(
    name="privacy.export_downloaded",
    label=_("Personal data export downloaded"),
    sentence=_("%(actor)s downloaded the export of their personal data"),
)
participant_blocked = LoggedEvent(
    name="privacy.participant_blocked",
    label=_("Participant blocked"),
    sentence=_("%(actor)s blocked the account of “%(target)s”"),
    payload=("is_active", "reason"),
)
participant_unblocked = LoggedEvent(
    name="privacy.participant_unblocked",
    label=_("Participant unblocked"),
    sentence=_("%(actor)s unblocked the account of “%(target)s”"),
    payload=("is_active", "reason"),
)
admin_granted = LoggedEvent(
    name="privacy.admin_granted",
    label=_("Administrator added"),
    sentence=_("%(actor)s made “%(target)s” an administrator"),
    payload=("is_org_admin",),
)
admin_removed = LoggedEvent(
    name="privacy.admin_removed",
    label=_("Administrator removed"),
    sentence=_("%(actor)s removed “%(target)s” from the administrators"),
    payload=("is_org_admin",),
)
