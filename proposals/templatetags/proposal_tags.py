"""Small pieces every proposal card shows: the day, the state badge and the vote counts.

They appear twenty to a hundred times on a listing page; as template includes they
cost more than the rest of a card, so they are built here (escaped by ``format_html``).
"""

from functools import lru_cache

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

from participation.numbers import format_number
from proposals.models import ProposalState

register = template.Library()


@register.simple_tag
def state_badge(item):
    """The state of a proposal or an official answer, in its colours when it has a
    component's own state."""
    custom = item.custom_state
    if custom is not None:
        return format_html(
            '<span class="badge proposal-state {}">{}</span>', custom.css_class, custom.name
        )
    return format_html(
        '<span class="badge proposal-state proposal-state-{}">{}</span>',
        item.state,
        ProposalState(item.state).label,
    )


def _counted(singular: str, plural: str, number: int) -> str:
    return ngettext(singular, plural, number) % {"counter": format_number(number)}


@register.simple_tag(takes_context=True)
def vote_counts(context, proposal):
    """The supports (or for / against / neutral) of ``proposal`` as the page's settings
    allow: nothing when supports are off, a notice while counts are hidden."""
    if not context["settings"].supports_enabled:
        return ""
    if context.get("counts_hidden"):
        return format_html(
            "<span>{}</span>", gettext("Support counts are shown at the end of the step.")
        )
    if context.get("for_against"):
        counts = (
            _counted("%(counter)s for", "%(counter)s for", proposal.supports_count),
            _counted("%(counter)s against", "%(counter)s against", proposal.against_count),
            _counted("%(counter)s neutral", "%(counter)s neutral", proposal.neutral_count),
        )
        return format_html_join(" · ", "<span>{}</span>", ((count,) for count in counts))
    return format_html(
        "<span>{}</span>",
        _counted("%(counter)s support", "%(counter)s supports", proposal.supports_count),
    )


@register.filter
def local_day(value) -> str:
    """The day of ``value`` in the visitor's time zone, as ``|date:"DATE_FORMAT"`` writes
    it: formatted once per day and language (a listing shows many proposals of a day)."""
    if value is None:
        return ""
    return _formatted_day(timezone.localtime(value).date(), translation.get_language())


@lru_cache(maxsize=4096)
def _formatted_day(day, language) -> str:
    # ``language`` is the active one: part of the key, since the month names depend on it.
    return date_format(day, "DATE_FORMAT")
