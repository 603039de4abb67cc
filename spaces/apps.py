from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "spaces"
    verbose_name = _("Participatory spaces")

    def ready(self) -> None:
        from spaces import search, types

        types.register()  # the five types, in the core's registry (idempotent)
        search.register()  # spaces are searchable
        from participation.backoffice.registry import (
            Section,
            is_org_admin,
            may_enter,
            register_access_rule,
            register_section,
        )
        from spaces.selectors import holds_any_space_role

        register_access_rule(holds_any_space_role)
        register_section(
            Section(
                key="spaces",
                label=_("Participatory spaces"),
                url_name="spaces_backoffice:index",
                order=10,
                visible=may_enter,
            )
        )
        register_section(
            Section(
                key="home",
                label=_("Home page"),
                url_name="home_backoffice:index",
                order=12,
                visible=is_org_admin,
            )
        )
        from spaces import media

        media.register()  # who may fetch hero images, block images and space files
