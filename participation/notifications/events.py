"""Follows, notification settings and newsletters: their events.

Names are stored: never renamed (see participation.events). The events people may
hear about are declared by the apps they happen in (each app's events.py).
"""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent

followed = LoggedEvent(
    name="follow",
    label=_("Followed"),
    sentence=_("%(actor)s followed %(type)s “%(target)s”"),
)
unfollowed = LoggedEvent(
    name="unfollow",
    label=_("Stopped following"),
    sentence=_("%(actor)s stopped following something"),
)
settings_updated = LoggedEvent(
    name="update_notification_settings",
    label=_("Notification settings changed"),
    sentence=_("%(actor)s changed their notification settings"),
    payload=("email_mode", "disabled_events"),
)
emails_unsubscribed = LoggedEvent(
    name="unsubscribe_notification_emails",
    label=_("Unsubscribed from notification e-mails"),
    sentence=_("%(actor)s unsubscribed from notification e-mails"),
)
newsletter_saved = LoggedEvent(
    name="save_newsletter",
    label=_("Newsletter saved"),
    sentence=_("%(actor)s saved the newsletter “%(target)s”"),
)
newsletter_sent = LoggedEvent(
    name="send_newsletter",
    label=_("Newsletter sent"),
    sentence=_("%(actor)s sent the newsletter “%(target)s”"),
    payload=("recipients",),
)
