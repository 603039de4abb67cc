from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "spaces"
    verbose_name = _("Participatory spaces")

    def ready(self) -> None:
        from spaces import follows, search, types

        types.register()  # the five types, in the core's registry (idempotent)
        search.register()  # spaces are searchable
        follows.register()  # so are their categories
        self._steps_retire_serving_cache()
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

    @staticmethod
    def _steps_retire_serving_cache() -> None:
        """A concertation's steps are cached with it for component pages
        (participation.components.serving): changing one retires that cache."""
        from django.db.models.signals import post_delete, post_save

        from participation.components.serving import forget_serving_of_space
        from spaces.models import ProcessStep

        def changed(sender, instance, using=None, **kwargs) -> None:
            forget_serving_of_space(instance.process_id, using=using)

        for signal in (post_save, post_delete):
            signal.connect(
                changed,
                sender=ProcessStep,
                dispatch_uid=f"serving_ProcessStep_{signal}",
                weak=False,
            )
