"""Small pieces every proposal card shows: the state badge and the vote counts.

They appear twenty to a hundred times on a listing page; as template includes they
cost more than the rest of a card, so they are built here (escaped by ``format_html``).
"""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

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
    return ngettext(singular, plural, number) % {"counter": localize(number)}


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
