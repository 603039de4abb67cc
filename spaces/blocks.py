"""The kinds of content blocks a space landing page (and the home page) is built from.

Each kind declares a label, a form validating its data and a template. A
kind's ``prepare`` hook fills what its blocks need for display, for all the
blocks of a page at once, so a page costs a fixed number of queries whatever
the number of blocks. The kinds below are the core's; a component adds its own in its
manifest's ``blocks``, and feeds the map, statistics and meetings blocks through its
manifest's ``map_layer``, ``metrics`` and ``meetings`` hooks.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participation.embeds import embed_url, parse_video_url, watch_url
from participation.richtext import sanitize_html
from participation.uploads import validate_document, validate_image


def validate_internal_path(value: str) -> None:
    """Only a path of this site: ``/something``; no scheme, host, ``//`` or backslash."""
    value = (value or "").strip()
    refused = ValidationError(
        _("Enter an address of this site starting with “/” (for example /processes/)."),
        code="external_url",
    )
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        raise refused
    if any(ord(ch) < 32 or ch.isspace() for ch in value):
        raise refused
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        raise refused


class BlockForm(forms.Form):
    """The common part of every block form: an optional heading."""

    title = forms.CharField(label=_("Heading"), max_length=200, required=False)
    data_fields: tuple[str, ...] = ("title",)

    def __init__(self, *args, space=None, block=None, **kwargs):
        self.space = space
        self.block = block
        if block is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(block)
        super().__init__(*args, **kwargs)

    def initial_from(self, block) -> dict:
        return dict(block.data or {})

    def to_data(self) -> dict:
        """The JSON stored on the block: only declared fields, JSON-friendly values."""
        return {name: self.cleaned_data.get(name) for name in self.data_fields}


class TextBlockForm(BlockForm):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Basic formatting is kept; anything else is removed."),
    )
    data_fields = ("title", "body")

    def clean_body(self):
        body = sanitize_html(self.cleaned_data["body"])
        if not body.strip():
            raise ValidationError(_("Write some text."), code="required")
        return body


class ImageBlockForm(BlockForm):
    image = forms.ImageField(label=_("Image"), required=False, validators=[validate_image])
    alt = forms.CharField(
        label=_("Image description (alternative text)"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it."),
        error_messages={"required": _("Describe the image: the alternative text is required.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)
    data_fields = ("title", "alt", "caption")

    def clean(self):
        cleaned = super().clean()
        has_image = self.block is not None and bool(self.block.image)
        if not cleaned.get("image") and not has_image:
            self.add_error("image", _("Choose an image to upload."))
        return cleaned


class VideoBlockForm(BlockForm):
    url = forms.CharField(
        label=_("Video address"),
        max_length=500,
        help_text=_("A link to a video on YouTube, Vimeo, Dailymotion or an allowed PeerTube."),
    )
    data_fields = ("title",)

    def initial_from(self, block) -> dict:
        data = dict(block.data or {})
        data["url"] = watch_url(data.get("provider", ""), data.get("video_id", "")) or ""
        return data

    def clean_url(self):
        video = parse_video_url(self.cleaned_data["url"])
        self.video = video
        return self.cleaned_data["url"]

    def to_data(self) -> dict:
        return {
            "title": self.cleaned_data.get("title"),
            "provider": self.video.provider,
            "video_id": self.video.video_id,
        }


class DocumentsBlockForm(BlockForm):
    file = forms.FileField(
        label=_("Add a document"), required=False, validators=[validate_document]
    )
    file_title = forms.CharField(label=_("Title of the document"), max_length=200, required=False)

    def initial_from(self, block) -> dict:
        return {"title": (block.data or {}).get("title", "")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") and not cleaned.get("file_title"):
            cleaned["file_title"] = cleaned["file"].name.rsplit(".", 1)[0][:200]
        if self.block is None and not cleaned.get("file") and "file" not in self.errors:
            self.add_error("file", _("Choose a document to upload."))
        return cleaned


def _component_choices(space) -> list[tuple[str, str]]:
    from participation.components.selectors import published_components

    if space is None:
        return []
    return [(str(c.pk), str(c)) for c in published_components(space)]


BUTTON_ROWS = 3


class ButtonsBlockForm(BlockForm):
    data_fields = ("title",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— none —")), *_component_choices(self.space)]
        for index in range(1, BUTTON_ROWS + 1):
            self.fields[f"label_{index}"] = forms.CharField(
                label=_("Label of button %(n)s") % {"n": index}, max_length=80, required=False
            )
            self.fields[f"url_{index}"] = forms.CharField(
                label=_("Address of button %(n)s (a page of this site)") % {"n": index},
                max_length=300,
                required=False,
                validators=[validate_internal_path],
            )
            self.fields[f"component_{index}"] = forms.ChoiceField(
                label=_("…or a component of this space for button %(n)s") % {"n": index},
                choices=choices,
                required=False,
            )

    def initial_from(self, block) -> dict:
        initial = {"title": (block.data or {}).get("title", "")}
        for index, button in enumerate((block.data or {}).get("buttons", []), start=1):
            initial[f"label_{index}"] = button.get("label", "")
            initial[f"url_{index}"] = button.get("url", "")
            initial[f"component_{index}"] = str(button.get("component") or "")
        return initial

    def clean(self):
        cleaned = super().clean()
        buttons = []
        for index in range(1, BUTTON_ROWS + 1):
            label = cleaned.get(f"label_{index}")
            url = cleaned.get(f"url_{index}")
            component = cleaned.get(f"component_{index}")
            if f"url_{index}" in self.errors:
                continue
            if (url or component) and not label:
                self.add_error(f"label_{index}", _("Give this button a label."))
            elif label and not (url or component):
                self.add_error(f"url_{index}", _("Give this button an address or a component."))
            elif label and url and component:
                self.add_error(f"url_{index}", _("Choose an address or a component, not both."))
            elif label:
                buttons.append(
                    {"label": label, "url": url or "", "component": int(component or 0) or None}
                )
        if not buttons and not self.errors:
            self.add_error("label_1", _("Add at least one button."))
        self.buttons = buttons
        return cleaned

    def to_data(self) -> dict:
        return {"title": self.cleaned_data.get("title"), "buttons": self.buttons}


class ComponentsBlockForm(BlockForm):
    components = forms.MultipleChoiceField(
        label=_("Components to highlight"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only published components of this space are offered."),
    )
    data_fields = ("title",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["components"].choices = _component_choices(self.space)

    def initial_from(self, block) -> dict:
        data = dict(block.data or {})
        data["components"] = [str(pk) for pk in data.get("components", [])]
        return data

    def to_data(self) -> dict:
        return {
            "title": self.cleaned_data.get("title"),
            "components": [int(pk) for pk in self.cleaned_data["components"]],
        }


@dataclass(frozen=True)
class BlockKind:
    key: str
    label: str
    form: type[BlockForm]
    template: str
    description: str = ""
    # prepare(blocks, page) fills block.view for every block of this kind on a page.
    prepare: Callable | None = None
    has_files: bool = False


class PageData:
    """What blocks of one page share, computed at most once (fixed queries)."""

    def __init__(self, space, user):
        self.space = space
        self.user = user
        self._cache: dict = {}

    def get(self, key: str, compute: Callable):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def components(self) -> list:
        from participation.components.selectors import published_components

        return self.get("components", lambda: published_components(self.space))


def _prepare_video(blocks, page):
    for block in blocks:
        data = block.data or {}
        block.view = {
            "embed_url": embed_url(data.get("provider", ""), data.get("video_id", "")),
            "watch_url": watch_url(data.get("provider", ""), data.get("video_id", "")),
        }


def _prepare_documents(blocks, page):
    from participation.attachments import attachments_by_object

    by_block = attachments_by_object(blocks)
    for block in blocks:
        files = sorted(by_block.get(block.pk, []), key=lambda file: (file.title, file.pk))
        block.view = {"files": files}


def _prepare_buttons(blocks, page):
    components = {c.pk: c for c in page.components()}
    for block in blocks:
        buttons = []
        for button in (block.data or {}).get("buttons", []):
            if button.get("component"):
                component = components.get(button["component"])
                if component is None:
                    continue  # unpublished or deleted since: no dead link
                buttons.append({"label": button["label"], "url": component.get_absolute_url()})
            else:
                try:
                    validate_internal_path(button.get("url", ""))
                except ValidationError:
                    continue
                buttons.append({"label": button["label"], "url": button["url"]})
        block.view = {"buttons": buttons}


def _prepare_components(blocks, page):
    components = {c.pk: c for c in page.components()}
    for block in blocks:
        chosen = [
            components[pk] for pk in (block.data or {}).get("components", []) if pk in components
        ]
        block.view = {"components": chosen}


def space_statistics(space, components) -> list[tuple[str, int]]:
    """Members, published components and each component metric with its label (both by the
    component's manifest)."""
    from spaces.models import SpaceMember

    members = SpaceMember.objects.filter(space=space, accepted_at__isnull=False).count()
    stats = [(str(_("Members")), members), (str(_("Components")), len(components))]
    totals: dict[str, int] = {}
    for component in components:
        hook = component.manifest.metrics
        if hook is not None:
            for name, value in dict(hook(component)).items():
                totals[name] = totals.get(name, 0) + value
    labels: dict = {}
    for component in components:
        labels.update(component.manifest.metric_labels)
    for name, value in totals.items():
        if name in labels:
            stats.append((str(labels[name]), value))
    return stats


def _prepare_statistics(blocks, page):
    stats = page.get("statistics", lambda: space_statistics(page.space, page.components()))
    for block in blocks:
        block.view = {"statistics": stats}


def upcoming_meetings(components, limit: int = 5) -> list[dict]:
    """The next meetings of ``components`` (a lazy queryset of published components the
    visitor may see), soonest first: each type's asked to its manifest's ``meetings`` hook;
    no query when no component type offers meetings."""
    from participation.components import registry

    meetings = []
    for manifest in registry.all_manifests():
        if manifest.meetings is not None:
            meetings.extend(
                manifest.meetings(components.filter(manifest_name=manifest.name), limit)
            )
    return sorted(meetings, key=lambda meeting: meeting["start"])[:limit]


def _prepare_meetings(blocks, page):
    from participation.components.models import Component

    meetings = page.get(
        "meetings",
        lambda: upcoming_meetings(Component.objects.of_space(page.space).published()),
    )
    for block in blocks:
        block.view = {"meetings": meetings}


def _map_points(page) -> list[dict]:
    """The located items of the page's published components, each type's asked to its
    manifest's map layer (which applies its own visibility rules): one call per type."""
    by_type: dict[str, list] = {}
    for component in page.components():
        if component.manifest.map_layer is not None:
            by_type.setdefault(component.manifest_name, []).append(component)
    points: list[dict] = []
    for components in by_type.values():
        points.extend(components[0].manifest.map_layer(components))
    return points


def _prepare_map(blocks, page):
    points = page.get("map_points", lambda: _map_points(page))
    for block in blocks:
        block.view = {
            "points": points,
            "points_json": json.dumps(points),
            "tiles_url": settings.LEAFLET_TILES_URL,
        }


# The core's kinds; components' come from their manifests (``block_kinds()`` has both).
BLOCK_KINDS: dict[str, BlockKind] = {}


def block_kinds() -> dict[str, BlockKind]:
    """The core's kinds, then those every component manifest declares in ``blocks``."""
    from participation.components.registry import declared

    return {**BLOCK_KINDS, **{kind.key: kind for kind in declared("blocks")}}


def block_kind(key: str) -> BlockKind | None:
    return BLOCK_KINDS.get(key) or block_kinds().get(key)


for _kind in (
    BlockKind("text", _("Text"), TextBlockForm, "spaces/blocks/text.html", _("Formatted text.")),
    BlockKind(
        "image",
        _("Image"),
        ImageBlockForm,
        "spaces/blocks/image.html",
        _("An image with its description."),
    ),
    BlockKind(
        "video",
        _("Video"),
        VideoBlockForm,
        "spaces/blocks/video.html",
        _("A video from an allowed provider."),
        _prepare_video,
    ),
    BlockKind(
        "documents",
        _("Documents to download"),
        DocumentsBlockForm,
        "spaces/blocks/documents.html",
        _("Files people can download."),
        _prepare_documents,
        True,
    ),
    BlockKind(
        "buttons",
        _("Action buttons"),
        ButtonsBlockForm,
        "spaces/blocks/buttons.html",
        _("Links to pages of this site or components."),
        _prepare_buttons,
    ),
    BlockKind(
        "components",
        _("Highlighted components"),
        ComponentsBlockForm,
        "spaces/blocks/components.html",
        _("Some published components of the space."),
        _prepare_components,
    ),
    BlockKind(
        "statistics",
        _("Statistics"),
        BlockForm,
        "spaces/blocks/statistics.html",
        _("Counts of members, components and contributions."),
        _prepare_statistics,
    ),
    BlockKind(
        "meetings",
        _("Upcoming meetings"),
        BlockForm,
        "spaces/blocks/meetings.html",
        _("The next meetings of the space."),
        _prepare_meetings,
    ),
    BlockKind(
        "map",
        _("Map"),
        BlockForm,
        "spaces/blocks/map.html",
        _("Located contributions of the space: proposals, projects…"),
        _prepare_map,
    ),
):
    BLOCK_KINDS[_kind.key] = _kind


# ---- Home page blocks -------------------------------------------------------------


class HeroHomeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    image = forms.ImageField(label=_("Image"), required=False, validators=[validate_image])
    alt = forms.CharField(
        label=_("Image description (alternative text)"), max_length=255, required=False
    )
    data_fields = ("title", "text", "alt")

    def __init__(self, *args, block=None, **kwargs):
        self.block = block
        if block is not None and "initial" not in kwargs:
            kwargs["initial"] = dict(block.data or {})
        super().__init__(*args, **kwargs)

    def clean_text(self):
        return sanitize_html(self.cleaned_data.get("text"))

    def clean(self):
        cleaned = super().clean()
        has_image = bool(cleaned.get("image")) or (
            self.block is not None and bool(self.block.image)
        )
        if has_image and not cleaned.get("alt"):
            self.add_error("alt", _("Describe the image: the alternative text is required."))
        return cleaned

    def to_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.data_fields}


class TitledHomeForm(HeroHomeForm):
    title = forms.CharField(label=_("Heading"), max_length=200, required=False)
    text = None
    image = None
    alt = None
    data_fields = ("title",)


class TextHomeForm(HeroHomeForm):
    title = forms.CharField(label=_("Heading"), max_length=200, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    image = None
    alt = None
    data_fields = ("title", "text")


@dataclass(frozen=True)
class HomeBlockKind:
    key: str
    label: str
    form: type
    template: str
    extra: dict = field(default_factory=dict)


HOME_BLOCK_KINDS: dict[str, HomeBlockKind] = {
    kind.key: kind
    for kind in (
        HomeBlockKind("hero", _("Hero"), HeroHomeForm, "spaces/home_blocks/hero.html"),
        HomeBlockKind(
            "promoted", _("Promoted spaces"), TitledHomeForm, "spaces/home_blocks/promoted.html"
        ),
        HomeBlockKind(
            "meetings", _("Upcoming meetings"), TitledHomeForm, "spaces/home_blocks/meetings.html"
        ),
        HomeBlockKind("news", _("Latest news"), TitledHomeForm, "spaces/home_blocks/news.html"),
        HomeBlockKind("text", _("Custom text"), TextHomeForm, "spaces/home_blocks/text.html"),
        HomeBlockKind(
            "explore", _("Explore the spaces"), TitledHomeForm, "spaces/home_blocks/explore.html"
        ),
    )
}


def home_block_kind(key: str) -> HomeBlockKind | None:
    return HOME_BLOCK_KINDS.get(key)
