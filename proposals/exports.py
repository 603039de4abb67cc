"""Exports of proposals: allow-listed columns, CSV safe from formula injection."""

from participation.components.exports import csv_text
from proposals.diffs import plain

COLUMNS = (
    "id",
    "title",
    "body",
    "state",
    "custom_state",
    "answer",
    "cost",
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


def _published_answer(proposal):
    """The official answer once published (a saved, unpublished one is nobody's yet)."""
    answer = getattr(proposal, "answer", None)
    return answer if answer is not None and answer.published_at is not None else None


def rows(queryset, *, component, hide_counts: bool = False):
    related = ("category", "scope", "custom_state", "answer")
    for proposal in queryset.select_related(*related).order_by("id"):
        answer = _published_answer(proposal)
        yield {
            "id": proposal.pk,
            "title": proposal.title,
            "body": plain(proposal.body),
            "state": proposal.state,
            "custom_state": proposal.custom_state.token if proposal.custom_state else "",
            "answer": plain(answer.text) if answer else "",
            "cost": str(answer.cost) if answer and answer.cost is not None else "",
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


def to_csv(data) -> str:
    return csv_text(data, COLUMNS)
