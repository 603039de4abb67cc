"""Reading proposals: listing, similar proposals, map points, counts — fixed query counts."""

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Mod

from participation.moderation.selectors import exclude_hidden
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
# A prime above any id * seed modulus we use: keeps the random order a permutation.
_RANDOM_MODULUS = 2147483629


def published_proposals(component):
    """Published proposals of the component (withdrawn included), hidden ones too."""
    return Proposal.objects.published().filter(
        component=component, organization_id=component.organization_id
    )


def visible_proposals(component):
    """Published proposals of the component (withdrawn included: they stay visible),
    less those hidden by moderation (a sub-query: no extra round trip)."""
    return exclude_hidden(published_proposals(component))


def for_listing(queryset):
    return queryset.select_related("author", "category", "scope", "custom_state")


def ordered(queryset, order: str, seed: int):
    if order not in ORDERINGS:
        order = DEFAULT_ORDER
    if order == "random":
        return queryset.annotate(
            shuffle=Mod(F("id") * Value(seed), Value(_RANDOM_MODULUS), output_field=IntegerField())
        ).order_by("shuffle", "id")
    return queryset.order_by(*ORDERINGS[order])


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


def map_points(queryset) -> list[dict]:
    """Located proposals among ``queryset``: id, title, latitude, longitude only (one query)."""
    rows = queryset.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "id", "title", "latitude", "longitude"
    )
    return [
        {"id": pk, "title": title, "lat": float(lat), "lng": float(lng)}
        for pk, title, lat, lng in rows
    ]


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
