"""Moderation's events. Names are stored: never renamed (see participation.events)."""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent

reported = LoggedEvent(
    name="moderation.reported",
    label=_("Content reported"),
    sentence=_("%(actor)s reported “%(target)s”"),
    payload=("reason", "reports"),
)
hidden_automatically = LoggedEvent(
    name="moderation.hidden_automatically",
    label=_("Content hidden after reports"),
    sentence=_("“%(target)s” was hidden automatically after too many reports"),
    payload=("reports",),
)
hidden = LoggedEvent(
    name="moderation.hidden",
    label=_("Content hidden"),
    sentence=_("%(actor)s hid “%(target)s”"),
    payload=("hidden",),
)
unhidden = LoggedEvent(
    name="moderation.unhidden",
    label=_("Content shown again"),
    sentence=_("%(actor)s showed “%(target)s” again"),
    payload=("hidden",),
)
reports_dismissed = LoggedEvent(
    name="moderation.reports_dismissed",
    label=_("Reports dismissed"),
    sentence=_("%(actor)s dismissed the reports on “%(target)s”"),
    payload=("reports",),
)
threshold_changed = LoggedEvent(
    name="moderation.threshold_changed",
    label=_("Automatic hiding threshold changed"),
    sentence=_("%(actor)s changed the number of reports that hide content automatically"),
    payload=("hide_threshold",),
)
