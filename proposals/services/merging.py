"""Merging proposals into one, splitting one into several, importing from another component.

Each keeps a ``ProposalLink`` from the originals to the results, shown on both
pages. As in Decidim, merged or split originals leave the listing's active
proposals: they are withdrawn (they stay readable, with the link to what they
became). Imports copy proposals with their authors and leave the originals as
they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.errors import ServiceError
from participation.moderation.selectors import exclude_hidden
from participation.moderation.visibility import attach_spaces
from participation.search import index as search_index
from proposals import events
from proposals.errors import BackofficeError
from proposals.models import (
    LinkKind,
    Proposal,
    ProposalLink,
    ProposalState,
    ProposalVersion,
)
from proposals.permissions import can_manage
from proposals.selectors import forget_counts
from proposals.services import validate_text
from proposals.services.bulk import selected

if TYPE_CHECKING:
    from participation.components.models import Component
    from participation.models import User

MAX_SPLIT = 10
IMPORTABLE_STATES = (
    ProposalState.NOT_ANSWERED,
    ProposalState.EVALUATING,
    ProposalState.ACCEPTED,
    ProposalState.REJECTED,
)
# The logged event of each way an original proposal is retired.
RETIRED = {LinkKind.MERGED: events.merged, LinkKind.SPLIT: events.split}


def _check_manager(actor: User, component: Component) -> None:
    if (
        component.manifest_name != "proposals"
        or getattr(actor, "organization_id", None) != component.organization_id
        or not can_manage(user=actor, space=component.space)
    ):
        raise ServiceError(
            _("Only administrators merge, split or import proposals."),
            BackofficeError.PERMISSION_DENIED,
        )


def _new_proposal(
    actor: User,
    component: Component,
    *,
    title: str,
    body: str,
    author: User | None,
    source: Proposal | None = None,
) -> Proposal:
    now = timezone.now()
    proposal = Proposal.objects.create(
        organization_id=component.organization_id,
        component=component,
        author=author,
        title=title,
        body=body,
        category=source.category if source and source.component_id == component.pk else None,
        scope=source.scope if source else None,
        address=source.address if source else "",
        latitude=source.latitude if source else None,
        longitude=source.longitude if source else None,
        published_at=now,
    )
    ProposalVersion.objects.create(
        proposal=proposal, number=1, title=title, body=body, editor=actor
    )
    return proposal  # the caller retires the cached totals once (``_retire``, import)


def _retire(
    actor: User, component: Component, original: Proposal, kind: LinkKind, results: list[Proposal]
) -> None:
    before = original.state
    Proposal.objects.filter(pk=original.pk).update(
        state=ProposalState.WITHDRAWN, custom_state=None, withdrawn_at=timezone.now()
    )
    # update() sends no save signal: the search result's state badge follows here.
    search_index.reindex(Proposal.objects.filter(pk=original.pk))
    forget_counts(component.organization_id)
    for result in results:
        ProposalLink.objects.create(
            organization_id=component.organization_id, source=original, result=result, kind=kind
        )
    RETIRED[kind](
        organization=component.organization,
        actor=actor,
        target=original,
        changes={"state": [before, ProposalState.WITHDRAWN], "into": [r.pk for r in results]},
    )


def _check_open(proposals: Iterable[Proposal]) -> None:
    for proposal in proposals:
        if proposal.state == ProposalState.WITHDRAWN:
            raise ServiceError(
                _("“%(title)s” is withdrawn (or already merged or split).")
                % {"title": proposal.title},
                BackofficeError.NOT_MERGEABLE,
            )


def merge_proposals(
    *,
    actor: User,
    component: Component,
    proposal_ids: Iterable[int | str],
    title: str,
    body: str,
) -> Proposal:
    """Several proposals become one new official proposal (its author: theirs when they share
    one, else the organisation)."""
    _check_manager(actor, component)
    with transaction.atomic():
        originals = selected(actor=actor, component=component, proposal_ids=proposal_ids)
        if len(originals) < 2:
            raise ServiceError(
                _("Select at least two proposals to merge."), BackofficeError.EMPTY_SELECTION
            )
        _check_open(originals)
        title, body = validate_text(component=component, title=title, body=body)
        authors = {proposal.author_id for proposal in originals}
        author = originals[0].author if len(authors) == 1 else None
        merged = _new_proposal(
            actor, component, title=title, body=body, author=author, source=originals[0]
        )
        for original in originals:
            _retire(actor, component, original, LinkKind.MERGED, [merged])
        events.created_by_merge(
            organization=component.organization,
            actor=actor,
            target=merged,
            changes={"from": [p.pk for p in originals]},
        )
    return merged


def split_proposal(
    *, actor: User, component: Component, proposal_id: int | str, parts: list[dict[str, str]]
) -> list[Proposal]:
    """One proposal becomes several (same author); ``parts`` holds their titles and bodies."""
    _check_manager(actor, component)
    with transaction.atomic():
        [original] = selected(actor=actor, component=component, proposal_ids=[proposal_id])
        _check_open([original])
        parts = [part for part in parts if (part.get("title") or "").strip()]
        if not 2 <= len(parts) <= MAX_SPLIT:
            raise ServiceError(
                _("Give between 2 and %(count)d parts.") % {"count": MAX_SPLIT},
                BackofficeError.INVALID,
            )
        results: list[Proposal] = []
        for part in parts:
            title, body = validate_text(
                component=component, title=part.get("title") or "", body=part.get("body") or ""
            )
            results.append(
                _new_proposal(
                    actor,
                    component,
                    title=title,
                    body=body,
                    author=original.author,
                    source=original,
                )
            )
        _retire(actor, component, original, LinkKind.SPLIT, results)
    return results


def import_sources(*, actor: User, component: Component) -> list[Component]:
    """The other proposals components of the organisation an admin may import from."""
    from participation.components.models import Component as Components

    return [
        source
        for source in Components.objects.filter(
            organization_id=component.organization_id, manifest_name="proposals"
        )
        .exclude(pk=component.pk)
        .order_by("pk")
        if can_manage(user=actor, space=source.space)
    ]


def import_proposals(
    *, actor: User, component: Component, source: Component, states: list[str]
) -> int:
    """Copy ``source``'s published, visible proposals in ``states`` (authors kept, links to the
    originals); proposals imported before are not imported twice. Returns how many."""
    _check_manager(actor, component)
    if (
        source.organization_id != component.organization_id
        or source.manifest_name != "proposals"
        or source.pk == component.pk
    ):
        raise ServiceError(
            _("Import only from another proposals component of this organisation."),
            BackofficeError.OTHER_ORGANIZATION,
            field="source",
        )
    if not can_manage(user=actor, space=source.space):
        raise ServiceError(
            _("You do not administer the space of that component."),
            BackofficeError.PERMISSION_DENIED,
            field="source",
        )
    states = [state for state in states if state in IMPORTABLE_STATES]
    if not states:
        raise ServiceError(
            _("Choose at least one state to import."), BackofficeError.INVALID, field="states"
        )
    with transaction.atomic():
        already = ProposalLink.objects.filter(
            kind=LinkKind.IMPORTED, result__component=component
        ).values("source_id")
        originals = list(
            exclude_hidden(
                Proposal.objects.published().filter(
                    component=source, organization_id=source.organization_id
                )
            )
            .filter(Q(state__in=states))
            .exclude(pk__in=already)
            .select_related("author", "scope")
            .order_by("pk")
        )
        for original in originals:
            copy = _new_proposal(
                actor,
                component,
                title=original.title,
                body=original.body,
                author=original.author,
                source=original,
            )
            ProposalLink.objects.create(
                organization_id=component.organization_id,
                source=original,
                result=copy,
                kind=LinkKind.IMPORTED,
            )
        forget_counts(component.organization_id)
        events.imported(
            organization=component.organization,
            actor=actor,
            target=component,
            changes={"source": source.pk, "states": states, "count": len(originals)},
        )
    return len(originals)


def links_of(*, proposal: Proposal) -> dict:
    """Where the proposal comes from and what it became: hidden or draft ones left out
    (three queries when there are links, one otherwise)."""
    of_proposal = ProposalLink.objects.filter(Q(source=proposal) | Q(result=proposal))
    # Most proposals have no link: a plain look-up costs a fraction of the joined one.
    if not of_proposal.exists():
        return {"comes_from": [], "became": []}
    links = list(
        of_proposal.select_related("source__component", "result__component").order_by("id")
    )
    others = {link.source_id for link in links} | {link.result_id for link in links}
    others.discard(proposal.pk)
    visible = (
        set(
            exclude_hidden(Proposal.objects.published().filter(pk__in=others)).values_list(
                "pk", flat=True
            )
        )
        if others
        else set()
    )
    # Their URLs need their spaces: the proposal's own, else one query per space type.
    others_components = []
    for link in links:
        for linked in (link.source, link.result):
            if linked.component_id == proposal.component_id and type(
                proposal.component
            ).space.is_cached(proposal.component):
                linked.component = proposal.component
            else:
                others_components.append(linked.component)
    attach_spaces(others_components)
    return {
        "comes_from": [
            link for link in links if link.result_id == proposal.pk and link.source_id in visible
        ],
        "became": [
            link for link in links if link.source_id == proposal.pk and link.result_id in visible
        ],
    }
