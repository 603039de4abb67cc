from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from participation.components.registry import register
        from proposals.component import MANIFEST

        register(MANIFEST)
        from proposals import hooks

        hooks.connect()  # comments_count follows the comments
