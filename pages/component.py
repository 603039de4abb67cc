"""The "pages" component's manifest: what it declares to the component framework."""

from django.utils.translation import gettext_lazy as _

from pages import hooks
from participation.components.manifest import ComponentManifest, DemoSeeder, Export
from participation.components.settings_schema import BooleanSetting, SettingsSchema


def _metrics(component) -> dict[str, int]:
    return {"pages": component.pages.count()}


def _export(component):
    for page in component.pages.all():
        yield {"id": page.pk, "title": page.title, "body": page.body}


MANIFEST = ComponentManifest(
    name="pages",
    label=_("Pages"),
    description=_("Information pages: text, images and videos."),
    public_urls="pages.urls",
    admin_urls="pages.admin_urls",
    settings=SettingsSchema(
        {
            "show_updated_at": BooleanSetting(
                label=_("Show when each page was last updated"), default=True
            ),
        }
    ),
    exports={"pages": Export(_("Pages"), _export)},
    metrics=_metrics,
    metric_labels={"pages": _("Pages")},
    searchables=hooks.SEARCHABLES,
    media=hooks.MEDIA,
    demo=(DemoSeeder("pages.demo.seed_pages", order=30),),
)
