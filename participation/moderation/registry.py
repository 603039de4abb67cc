"""What can be reported: each type declares how to find it, its space, its URL, hide effects.

A component declares its reportable models in its manifest (``component.py``)::

    reportables=(Reportable(Proposal, label=_("proposal"), queryset=visible_proposals,
                            space=lambda p: p.component.space, url=proposal_url),),

The core's own (comments, people) are registered with ``register_reportable``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Reportable:
    model: type[Model]
    label: str | Promise
    # (organization, user) -> the items this person may see, hence report.
    queryset: Callable[[Any, Any], QuerySet]
    # item -> its space (None: moderated by the organisation's admins, e.g. people).
    space: Callable[[Any], Any]
    url: Callable[[Any], str]
    on_hide: Callable[[Any], None] | None = None
    on_unhide: Callable[[Any], None] | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_reportables: dict[str, Reportable] = {}


def register_reportable(model, **declaration) -> Reportable:
    reportable = Reportable(model=model, **declaration)
    _reportables[reportable.key] = reportable
    return reportable


def _all() -> dict[str, Reportable]:
    """The core's, then every component manifest's."""
    from participation.components.registry import declared

    return {**_reportables, **{entry.key: entry for entry in declared("reportables")}}


def get_reportable(key: str) -> Reportable | None:
    return _all().get(key)


def reportable_for(obj) -> Reportable | None:
    return _all().get(obj._meta.label_lower)


def all_reportables() -> list[Reportable]:
    return list(_all().values())
