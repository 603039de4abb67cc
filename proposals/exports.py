"""Exports of proposals: allow-listed columns, CSV safe from formula injection."""

import csv
import io

from proposals.diffs import plain

COLUMNS = (
    "id",
    "title",
    "body",
    "state",
    "category",
    "scope",
    "address",
    "latitude",
    "longitude",
    "supports_count",
    "comments_count",
    "published_at",
    "url",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rows(queryset, *, component, hide_counts: bool = False):
    for proposal in queryset.select_related("category", "scope").order_by("id"):
        yield {
            "id": proposal.pk,
            "title": proposal.title,
            "body": plain(proposal.body),
            "state": proposal.state,
            "category": proposal.category.name if proposal.category else "",
            "scope": proposal.scope.title if proposal.scope else "",
            "address": proposal.address,
            "latitude": float(proposal.latitude) if proposal.latitude is not None else None,
            "longitude": float(proposal.longitude) if proposal.longitude is not None else None,
            "supports_count": None if hide_counts else proposal.supports_count,
            "comments_count": proposal.comments_count,
            "published_at": proposal.published_at.isoformat(),
            "url": component.url("detail", pk=proposal.pk),
        }


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(data) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([safe_cell(row[name]) for name in COLUMNS])
    return out.getvalue()
