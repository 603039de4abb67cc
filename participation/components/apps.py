from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComponentsConfig(AppConfig):
    """The component framework: registry, settings per step, permissions per action."""

    name = "participation.components"
    label = "components"
    verbose_name = _("Components")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from participation.components.receivers import delete_components_of_space
        from spaces.types import SPACE_TYPES

        # Components point at their space by type key and id (no foreign key to cascade),
        # so they are removed with it; otherwise a reused id could adopt them.
        for space_type in SPACE_TYPES.values():
            post_delete.connect(
                delete_components_of_space,
                sender=space_type.model,
                dispatch_uid=f"components-of-{space_type.key}",
            )
