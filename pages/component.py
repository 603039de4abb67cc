"""The "pages" component's manifest: what it declares to the component framework."""

from django.utils.translation import gettext_lazy as _

from participation.components.manifest import ComponentManifest
from participation.components.settings_schema import BooleanSetting, SettingsSchema


def _metrics(component) -> dict[str, int]:
    return {"pages": component.pages.count()}


def _search(component):
    for page in component.pages.all():
        yield {
            "title": page.title,
            "body": page.body,
            "url": component.url("detail", pk=page.pk),
        }


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
    exports={"pages": _export},
    metrics=_metrics,
    metric_labels={"pages": _("Pages")},
    search=_search,
)
