"""What a component declares about itself, in code (its manifest)."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from participation import events
from participation.components.predicates import Predicate
from participation.components.settings_schema import SettingsSchema


@dataclass(frozen=True)
class Action:
    """Something residents do in a component (create, vote, comment...), gated by ``rule``."""

    label: str | Promise
    rule: Predicate


# Hooks receive the Component and return plain data; empty means "nothing to offer".
ExportHook = Callable[[Any], Iterable[dict]]  # rows of one export
MetricsHook = Callable[[Any], Mapping[str, int]]  # name -> count
SearchHook = Callable[[Any], Iterable[dict]]  # {"title", "body", "url"} documents
# (components of this type, scope ids or None) -> a lazy queryset of user ids (one column):
# the people who took part in those components, restricted when scope ids are given to
# participation on content in those scopes. Called once per component type with all the
# components at once, and used as a sub-query: no round trip per component or per person.
ParticipantsHook = Callable[[Any, "list[int] | None"], Any]
# (published components of this type in one space, a list) -> the located items anyone who
# sees the space may see, each {"id", "title", "lat", "lng", "url"}: the component applies
# its own visibility rules (drafts, moderation...). One query whatever the number of
# components. Landing-page map blocks ask this, never a component by name.
MapLayerHook = Callable[[list], list[dict]]
# (a lazy queryset of the published components of this type in spaces the visitor may see,
# limit) -> at most ``limit`` news items (participation.moderation.feed.FeedItem), newest
# first, nothing hidden or unpublished, in a fixed number of queries. The home page's
# "latest news" block asks this.
NewsHook = Callable[[Any, int], list]


@dataclass(frozen=True)
class DatedMetric:
    """A count the metrics dashboard (synthesis) follows day by day."""

    label: str | Promise
    # (a lazy queryset of components of this type, the first instant after the day) -> a lazy
    # queryset of the rows counted: those that existed before that instant and that anyone
    # may see (no draft, nothing hidden by moderation). Used as a sub-query.
    rows: Callable[[Any, Any], Any]
    # The column of ``rows`` naming the person behind each row, who then counts among the
    # space's participants; None: these rows make nobody a participant.
    person: str | None = None
    order: int = 100


@dataclass(frozen=True)
class ComponentManifest:
    name: str  # slug, stored on Component.manifest_name; never renamed
    label: str | Promise
    description: str | Promise = ""
    # Dotted modules of URLconfs mounted under /<type>/<slug>/f/<id>/ and .../components/<id>/manage/.
    public_urls: str | None = None
    admin_urls: str | None = None
    # (user, space) -> may open the admin pages; None: the space's administrators only.
    # A component letting other roles in (evaluators...) checks each action in its services.
    admin_access: Callable[[Any, Any], bool] | None = None
    settings: SettingsSchema = field(default_factory=SettingsSchema)
    step_settings: SettingsSchema = field(default_factory=SettingsSchema)
    actions: Mapping[str, Action] = field(default_factory=dict)
    exports: Mapping[str, ExportHook] = field(default_factory=dict)
    metrics: MetricsHook | None = None
    # The translated label of each name ``metrics`` returns (landing-page statistics).
    metric_labels: Mapping[str, str | Promise] = field(default_factory=dict)
    # Counts followed day by day on the metrics dashboard, by name (stable: stored).
    dated_metrics: Mapping[str, DatedMetric] = field(default_factory=dict)
    map_layer: MapLayerHook | None = None
    news: NewsHook | None = None
    search: SearchHook | None = None
    # Who took part (newsletters' "participants" audience); None: nobody to offer.
    participants: ParticipantsHook | None = None
    # Called when a component of this type is created, e.g. to add a first page.
    on_create: Callable[[Any], None] | None = None
    # Called with (component, settings, step_settings) as they would be saved: the
    # problems that make them unusable together (empty: fine); the save is refused.
    check_settings: Callable[[Any, dict, dict], list] | None = None

    @property
    def notifications(self) -> dict[str, str | Promise]:
        """What people may hear about from this component (event → label for preferences).

        Declared with its other events in the component's ``events.py``, as
        ``NotificationEvent("<name>.<event>", ...)``: one way for the core and components.
        """
        prefix = f"{self.name}."
        return {
            event.name.removeprefix(prefix): event.label
            for event in events.notification_events()
            if event.name.startswith(prefix)
        }
