from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation core")

    def ready(self) -> None:
        # The cached host → organisation answers are retired when organisations change.
        from participation import tenancy  # noqa: F401
        from participation.backoffice import context_processors

        context_processors.connect()  # the cached back-office link follows role changes
        from participation.backoffice.registry import Section, is_org_admin, register_section

        register_section(
            Section(
                key="groups",
                label=_("Groups"),
                url_name="organization_backoffice:groups",
                order=84,
                visible=is_org_admin,
            )
        )
        from participation import media

        media.register_core()  # who may fetch logos, favicons and avatars
        # Every app's events.py, once all apps are loaded (a name declared twice stops here).
        from participation import checks, events  # noqa: F401  (checks registers itself)

        events.discover()
