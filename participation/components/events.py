"""The component framework's events (adding, configuring, publishing components).

Names are stored: never renamed (see participation.events).
"""

from django.utils.translation import gettext_lazy as _

from participation.events import FIELDS, LoggedEvent

component_added = LoggedEvent(
    name="add_component",
    label=_("Component added"),
    sentence=_("%(actor)s added the component “%(target)s”"),
    payload=("type", "space"),
)
component_renamed = LoggedEvent(
    name="rename_component",
    label=_("Component renamed"),
    sentence=_("%(actor)s renamed the component “%(target)s”"),
    payload=("name",),
)
components_reordered = LoggedEvent(
    name="reorder_components",
    label=_("Components reordered"),
    sentence=_("%(actor)s reordered the components of “%(target)s”"),
    payload=("order",),
)
component_configured = LoggedEvent(
    name="configure_component",
    label=_("Component configured"),
    sentence=_("%(actor)s changed the settings of the component “%(target)s”"),
    payload=("settings", "step_settings"),
)
component_permissions_set = LoggedEvent(
    name="set_component_permissions",
    label=_("Component permissions changed"),
    sentence=_("%(actor)s changed who may act in the component “%(target)s”"),
    payload=(FIELDS,),  # one entry per action of the component
)
component_published = LoggedEvent(
    name="publish_component",
    label=_("Component published"),
    sentence=_("%(actor)s published the component “%(target)s”"),
)
component_unpublished = LoggedEvent(
    name="unpublish_component",
    label=_("Component unpublished"),
    sentence=_("%(actor)s unpublished the component “%(target)s”"),
)
component_deleted = LoggedEvent(
    name="delete_component",
    label=_("Component deleted"),
    sentence=_("%(actor)s deleted the component “%(target)s”"),
    payload=("type",),
)
