"""Reading proposals: listing, similar proposals, map points, counts — fixed query counts."""

import hashlib
import re

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from participation import cache_versions
from participation.moderation.models import Moderation
from participation.moderation.selectors import exclude_hidden
from participation.taxonomy import taxonomy_version
from proposals.models import Proposal, ProposalVersion, Support

# ?order= values and how each sorts; anything else falls back to the default.
ORDERINGS = {
    "random": None,  # handled by ``ordered``: a stable per-visitor seed
    "recent": ("-published_at", "-id"),
    "most_supported": ("-supports_count", "-published_at", "-id"),
    "most_commented": ("-comments_count", "-published_at", "-id"),
    "most_followed": ("-followers_count", "-published_at", "-id"),
}
DEFAULT_ORDER = "random"
PER_PAGE_CHOICES = (20, 50, 100)
# How long a listing's total is kept: a safety net, since every service that changes or
# moderates a proposal of the organisation retires its totals at once (``forget_counts``).
COUNT_CACHE_SECONDS = 300


def published_proposals(component):
    """Published proposals of the component (withdrawn included), hidden ones too."""
    return Proposal.objects.published().filter(
        component=component, organization_id=component.organization_id
    )


def visible_proposals(component):
    """Published proposals of the component (withdrawn included: they stay visible),
    less those hidden by moderation (a sub-query: no extra round trip)."""
    return exclude_hidden(published_proposals(component))


def for_listing(queryset, user=None):
    """The cards' rows; for a signed-in ``user``, each with ``my_support`` (their support's
    value or None) from the same statement."""
    return with_my_support(
        queryset.select_related("author", "category", "scope", "custom_state"), user
    )


def with_my_support(queryset, user):
    """``queryset`` annotated with ``my_support``: ``user``'s support value on each proposal,
    None without one (a sub-query on the one-support-per-person index). Anonymous: as is."""
    if not getattr(user, "is_authenticated", False):
        return queryset
    mine = Support.objects.filter(proposal_id=OuterRef("pk"), user_id=user.pk).values("value")[:1]
    return queryset.annotate(my_support=Subquery(mine, output_field=IntegerField()))


def ordered(queryset, order: str, seed: int):
    """``queryset`` in ``order``, as something a Paginator slices: a queryset, or for the
    random order a ``RandomOrder`` (two index range scans from the visitor's seed)."""
    if order not in ORDERINGS:
        order = DEFAULT_ORDER
    if order == "random":
        return RandomOrder(queryset, seed)
    return queryset.order_by(*ORDERINGS[order])


class RandomOrder:
    """Proposals by their precomputed ``shuffle`` value, from the visitor's ``seed`` on and
    then from the start up to it: a stable order per visitor, a different first page for
    each, every proposal as likely as any to come first.

    Slicing costs two queries whatever the number of proposals: the ids of the window
    (``shuffle >= seed`` then ``shuffle < seed``, each an index range scan on
    (component, shuffle, id) reading no further than the window's end — one statement
    with UNION ALL), then those proposals. Never a sort of every proposal.
    """

    def __init__(self, queryset, seed: int):
        self.queryset = queryset
        self.seed = seed

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("RandomOrder only takes slices")
        start = window.start or 0
        stop = window.stop
        if stop is None or start < 0 or stop < start:
            raise ValueError("RandomOrder needs a bounded window")
        ids = self._window_ids(start, stop)
        if not ids:
            return []
        by_id = {p.pk: p for p in self.queryset.filter(pk__in=ids).order_by()}
        return [by_id[pk] for pk in ids if pk in by_id]

    def count(self) -> int:
        return self.queryset.count()

    def _window_ids(self, start: int, stop: int) -> list[int]:
        base = self.queryset.order_by().values_list("id", "shuffle")
        parts = []
        params: list = []
        for rank, condition in enumerate(({"shuffle__gte": self.seed}, {"shuffle__lt": self.seed})):
            part = base.filter(**condition).order_by("shuffle", "id")[:stop]
            try:
                sql, part_params = part.query.sql_with_params()
            except EmptyResultSet:
                continue
            # Django's own SQL with its parameters kept apart; ``rank`` is 0 or 1.
            parts.append(f"SELECT {rank} AS part, * FROM ({sql}) AS part_{rank}")  # noqa: S608
            params.extend(part_params)
        if not parts:
            return []
        query = (
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS window_ids "  # noqa: S608
            f"ORDER BY 1, 3, 2 LIMIT {int(stop - start)} OFFSET {int(start)}"
        )
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(query, params)
            return [row[1] for row in cursor.fetchall()]


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from Django's cache when it can: counting 100,000
    proposals for every page view is the costliest part of a listing. The key is the
    count's own SQL (so every filter, present or future, is part of it) and a version
    retired whenever a service changes or moderates a proposal of the organisation."""

    def __init__(
        self, object_list, per_page, *, count_queryset, organization_id, version=None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.count_queryset = count_queryset
        self.organization_id = organization_id
        self.version = version

    @cached_property
    def count(self) -> int:
        return cached_count(
            self.count_queryset, organization_id=self.organization_id, version=self.version
        )


def _count_version_name(organization_id) -> str:
    return f"proposals:count-version:{organization_id}"


def listing_version(organization_id) -> str:
    """The version of an organisation's cached listing totals and filter forms: the
    proposals' own (``forget_counts``) and that of its categories and areas (the filter's
    choices, retired by the services that write them)."""
    proposals = cache_versions.current(_count_version_name(organization_id))
    return f"{proposals}.{taxonomy_version(organization_id)}"


def forget_counts(organization_id) -> None:
    """Retire the cached listing totals and filter forms of an organisation: called by
    every service that publishes, changes, answers, merges or hides proposals (a
    post_save signal would miss their ``update()``)."""
    cache_versions.retire(_count_version_name(organization_id))


def cached_count(queryset, *, organization_id, version=None) -> int:
    """The number of rows of ``queryset``, from the cache when counted under the
    organisation's listing ``version`` (read here unless the caller has it)."""
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:
        return 0
    if version is None:
        version = listing_version(organization_id)
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
    key = f"proposals:count:{organization_id}:{version}:{digest}"
    total = cache.get(key)
    if total is None:
        total = queryset.count()
        cache.set(key, total, COUNT_CACHE_SECONDS)
    return total


def proposal_for_page(component, pk, user=None, *, supports_given: bool = False):
    """A published proposal of the component with the author, category, scope and
    whether moderation hid it (``moderation_hidden``), in one query; None if none.

    For a signed-in ``user`` the same statement tells their support (``my_support``),
    whether they follow it (``followed_by_viewer``, read by the follow button) and, when
    ``supports_given``, how many proposals of the component they support
    (``my_supports_given``)."""
    from participation.notifications.selectors import with_followed_by

    hidden = Moderation.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=OuterRef("pk"),
        hidden_at__isnull=False,
    )
    queryset = (
        published_proposals(component)
        .select_related("author", "category", "scope", "custom_state", "answer__custom_state")
        .annotate(moderation_hidden=Exists(hidden))
    )
    if getattr(user, "is_authenticated", False):
        queryset = with_followed_by(with_my_support(queryset, user), user)
        if supports_given:
            given = (
                Support.objects.filter(user_id=user.pk, component_id=component.pk)
                .order_by()
                .values("user_id")
                .annotate(total=Count("pk"))
                .values("total")
            )
            queryset = queryset.annotate(
                my_supports_given=Coalesce(Subquery(given, output_field=IntegerField()), Value(0))
            )
    # No ``first()``: its ORDER BY would sort a single row.
    return next(iter(queryset.filter(pk=pk).order_by()[:1]), None)


def supported_by(user, proposals) -> dict[int, int]:
    """{proposal id: value} of ``user``'s supports among ``proposals`` (one query)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    ids = [p.pk for p in proposals]
    return dict(
        Support.objects.filter(user=user, proposal_id__in=ids).values_list("proposal_id", "value")
    )


def supports_given(user, component) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Support.objects.filter(user=user, component=component).count()


# Where a located row keeps its component (for map layers across components).
COMPONENT_PATH = "component_id"


def versions_with_diffs(proposal) -> list[dict]:
    """Each version with the diff from the previous one (one query)."""
    from proposals.diffs import html_diff

    versions = list(
        ProposalVersion.objects.filter(proposal=proposal)
        .select_related("editor")
        .order_by("number")
    )
    result = []
    previous = None
    for version in versions:
        result.append(
            {
                "version": version,
                "title_diff": html_diff(previous.title if previous else "", version.title),
                "body_diff": html_diff(previous.body if previous else "", version.body),
            }
        )
        previous = version
    return list(reversed(result))


# --- Similar proposals ---------------------------------------------------------------------

_WORD = re.compile(r"\w{4,}", re.UNICODE)
STOP_WORDS = {
    "avec",
    "dans",
    "pour",
    "plus",
    "sans",
    "sous",
    "leur",
    "leurs",
    "nous",
    "vous",
    "cette",
    "sont",
    "être",
    "avoir",
    "faire",
    "tout",
    "tous",
    "toutes",
    "comme",
    "mais",
    "donc",
    "with",
    "that",
    "this",
    "from",
    "have",
    "they",
    "their",
    "there",
    "about",
    "would",
}


def keywords(text: str, limit: int = 8) -> list[str]:
    seen = []
    for word in _WORD.findall((text or "").lower()):
        if word not in STOP_WORDS and word not in seen:
            seen.append(word)
        if len(seen) == limit:
            break
    return seen


def similar_proposals(component, *, title: str, body: str = "", exclude_id=None, limit: int = 5):
    """Published proposals of the component that look like ``title`` (one query).

    PostgreSQL ranks with French full-text search; elsewhere (SQLite) a word-overlap
    score counts how many of the title's significant words each proposal's title holds.
    """
    base = visible_proposals(component).exclude(pk=exclude_id).defer("body")
    words = keywords(title)
    if not words:
        return []
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(" OR ".join(words), search_type="websearch", config="french")
        vector = SearchVector("title", weight="A", config="french") + SearchVector(
            "body", weight="B", config="french"
        )
        return list(
            base.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0.05)
            .order_by("-rank", "-id")[:limit]
        )
    score = sum(
        (Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in words),
        Value(0),
    )
    matches = Q()
    for word in words:
        matches |= Q(title__icontains=word)
    minimum = 1 if len(words) < 3 else 2
    return list(
        base.filter(matches)
        .annotate(score=score)
        .filter(score__gte=minimum)
        .order_by("-score", "-id")[:limit]
    )


def participant_ids(components, scope_ids: list[int] | None) -> QuerySet:
    """Who took part in these proposals components (the manifest's ``participants`` hook):
    authors, supporters, amenders and supporters of amendments, commenters.

    Only published proposals not hidden by moderation count (withdrawn ones do: their
    author took part, and they stay public); with ``scope_ids``, only proposals in one
    of those areas. One sub-query, whatever the number of components or people.
    """
    from participation.comments.selectors import commenter_ids
    from participation.components.selectors import any_of_user_ids
    from proposals.models import Amendment, AmendmentVote

    proposals = exclude_hidden(Proposal.objects.published().filter(component__in=components))
    if scope_ids is not None:
        proposals = proposals.filter(scope_id__in=scope_ids)
    return any_of_user_ids(
        proposals.filter(author__isnull=False).values("author_id"),
        Support.objects.filter(proposal__in=proposals).values("user_id"),
        Amendment.objects.filter(proposal__in=proposals, amender__isnull=False).values(
            "amender_id"
        ),
        AmendmentVote.objects.filter(amendment__proposal__in=proposals).values("user_id"),
        commenter_ids(proposals),
    )
