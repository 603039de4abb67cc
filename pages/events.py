"""The pages component's events. Names are stored: never renamed (see participation.events)."""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent

page_created = LoggedEvent(
    name="create_page",
    label=_("Page created"),
    sentence=_("%(actor)s created the page “%(target)s”"),
)
page_updated = LoggedEvent(
    name="update_page",
    label=_("Page updated"),
    sentence=_("%(actor)s updated the page “%(target)s”"),
)
page_deleted = LoggedEvent(
    name="delete_page",
    label=_("Page deleted"),
    sentence=_("%(actor)s deleted the page “%(target)s”"),
)
