from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Reports, hidden content, blocked accounts, the activity log and the public feed."""

    name = "participation.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation.backoffice.registry import (
            Section,
            is_org_admin,
            register_access_rule,
            register_section,
        )
        from participation.moderation import core_hooks  # noqa: F401
        from participation.moderation.permissions import may_moderate_something

        register_access_rule(may_moderate_something)
        register_section(
            Section(
                key="moderation",
                label=_("Moderation"),
                url_name="moderation:queue",
                order=30,
                visible=may_moderate_something,
            )
        )
        register_section(
            Section(
                key="activity",
                label=_("Activity log"),
                url_name="moderation:activity_log",
                order=90,
                visible=is_org_admin,
            )
        )
