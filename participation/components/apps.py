from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComponentsConfig(AppConfig):
    """The component framework: registry, settings per step, permissions per action."""

    name = "participation.components"
    label = "components"
    verbose_name = _("Components")
