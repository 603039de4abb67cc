"""What a component declares about itself, in code: its manifest. Start here.

A component is a plain Django app (``proposals/``, ``budgets/``...). Its ``component.py``
builds one ``ComponentManifest`` and its ``AppConfig.ready`` hands it to
``participation.components.registry.register``: that is its only registration. The core,
``spaces`` and ``synthesis`` ask the manifests (``registry.all_manifests()``), never a
component by name; a component never calls a ``register_*`` function of a core registry
(``tests/components/test_manifest_contract.py`` fails if it does).

Every field, and who asks it:

identity and pages
  ``name``, ``label``, ``description``: the type's slug (stored, never renamed) and what
      the back-office's "add a component" list shows.
  ``public_urls``, ``admin_urls``: URLconfs mounted by ``participation.components.urls``
      and ``.backoffice_urls`` (``.../f/<id>/`` and ``.../components/<id>/manage/``).
  ``admin_access``: who may open the admin pages (``backoffice.may_open_admin``).
  ``settings``, ``step_settings``: the forms of the component's back-office page
      (``participation.components.backoffice.edit``), read back as
      ``component.typed_settings`` and ``component.active_step_settings()``.
  ``check_settings``: refuses settings unusable together (``services.configure_component``).
  ``actions``: what residents do, each gated by a permission rule (``Component.can``).
  ``on_create``: run by ``services.add_component``.
what the core's generic features ask
  ``commentables``: models comments attach to (``participation.comments.registry``,
      build each with ``commentable(...)``); ``hash_mentions``: ``#kind-12`` links in comments.
  ``reportables``: models people may report and moderators hide, with what moderators
      read: title, excerpt, author, context (``participation.moderation.registry``).
  ``followables``: models people follow (``participation.notifications.registry``).
  ``notifications``: event names and labels for people's preferences (notifications).
  ``searchables``: what the search page finds (``participation.search.registry``).
  ``feed``: the public "latest activity" page (``participation.moderation.feed``).
  ``personal_data``: export and erasure of a person's data
      (``participation.privacy.registry``: the export archive and account deletion).
  ``participants``: who took part (newsletters' "participants" audience).
  ``contributions``: what a person authored, on their public profile
      (``participation.accounts.contributions.ContributionSource``).
  ``media``: models owning user files, and who may fetch them (``participation.media``).
  ``attachables``: models files are attached to (``participation.models.Attachment``),
      their space and who may see them (``participation.attachments``).
  ``exports``: the CSV downloads of the component's back-office page
      (``participation.components.backoffice.export``).
  ``demo``: seeders of the demo organisation (``manage.py seed_demo``).
spaces, home page and synthesis
  ``metrics`` + ``metric_labels``: counts of the landing-page statistics block and of
      the metrics snapshots (``spaces.blocks.space_statistics``, ``synthesis``).
  ``dated_metrics``: the metrics dashboard's day-by-day counts (``synthesis.metrics``).
  ``map_layer``: located items of the landing-page map block (``spaces.blocks``).
  ``meetings``: upcoming meetings of the landing-page and home "meetings" blocks.
  ``blocks``: further landing-page block kinds (``spaces.blocks.BlockKind``).
  ``news``: the home page's "latest news" block (``spaces.selectors.latest_news``).

Every hook must leave out what its reader may not see (drafts, hidden by moderation,
private spaces) and cost a fixed number of queries whatever the data size.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string

from participation import events
from participation.components.predicates import Predicate
from participation.components.settings_schema import SettingsSchema


@dataclass(frozen=True)
class Action:
    """Something residents do in a component (create, vote, comment...), gated by ``rule``."""

    label: str | Promise
    rule: Predicate


# Hooks receive the Component and return plain data; empty means "nothing to offer".
MetricsHook = Callable[[Any], Mapping[str, int]]  # name -> count
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
# (a lazy queryset of the published components of this type in spaces the visitor may see,
# limit) -> at most ``limit`` upcoming meetings, each {"title", "start", "url"}, soonest
# first. The landing-page and home "meetings" blocks ask this.
MeetingsHook = Callable[[Any, int], list[dict]]
# (organization, limit) -> at most ``limit`` participation.moderation.feed.FeedItem of
# published public spaces, newest first, nothing hidden: the public activity page.
FeedHook = Callable[[Any, int], list]


@dataclass(frozen=True)
class Export:
    """One CSV download of a component's back-office page: ``rows(component)`` yields one
    dict per line, the same keys in the same order (the first row's keys head the file)."""

    label: str | Promise
    rows: Callable[[Any], Iterable[dict]]

    def __call__(self, component) -> Iterable[dict]:
        return self.rows(component)


@dataclass(frozen=True)
class DemoSeeder:
    """A step of ``manage.py seed_demo``: the dotted path of a function taking a
    participation.demo.DemoContext (imported only when seeding), run in ``order`` with the
    core's seeders (spaces are 10)."""

    function: str
    order: int = 100

    def load(self) -> Callable:
        return import_string(self.function)


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
    # Back-office CSV downloads, by name (the file's name).
    exports: Mapping[str, Export] = field(default_factory=dict)
    metrics: MetricsHook | None = None
    # The translated label of each name ``metrics`` returns (landing-page statistics).
    metric_labels: Mapping[str, str | Promise] = field(default_factory=dict)
    # Counts followed day by day on the metrics dashboard, by name (stable: stored).
    dated_metrics: Mapping[str, DatedMetric] = field(default_factory=dict)
    map_layer: MapLayerHook | None = None
    news: NewsHook | None = None
    meetings: MeetingsHook | None = None
    # Landing-page block kinds this component adds (spaces.blocks.BlockKind).
    blocks: Sequence[Any] = ()
    # participation.comments.registry.Commentable (built with comments.registry.commentable).
    commentables: Sequence[Any] = ()
    # "#<kind>-<id>" in a comment -> (organization, user, id) -> URL of a visible object.
    hash_mentions: Mapping[str, Callable[[Any, Any, int], str | None]] = field(default_factory=dict)
    reportables: Sequence[Any] = ()  # participation.moderation.registry.Reportable
    followables: Sequence[Any] = ()  # participation.notifications.registry.Followable
    searchables: Sequence[Any] = ()  # participation.search.registry.Searchable
    feed: FeedHook | None = None
    personal_data: Sequence[Any] = ()  # participation.privacy.registry.PersonalData
    media: Sequence[Any] = ()  # participation.media.MediaOwner (built with media_owner)
    # participation.attachments.Attachable (built with attachable): models taking files.
    attachables: Sequence[Any] = ()
    demo: Sequence[DemoSeeder] = ()
    # Who took part (newsletters' "participants" audience); None: nobody to offer.
    participants: ParticipantsHook | None = None
    # What people authored, listed on their public profile (only what its visitor may see).
    contributions: Sequence[Any] = ()  # participation.accounts.contributions.ContributionSource
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
