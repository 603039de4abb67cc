"""``{% amendments_section proposal %}``: the amendments block of the proposal page."""

from django import template

from proposals.selectors import amendments as selectors
from proposals.services import amendments as services

register = template.Library()


@register.inclusion_tag("proposals/amendments/_section.html", takes_context=True)
def amendments_section(context, proposal):
    """A fixed number of queries whatever the number of amendments (two at most)."""
    request = context["request"]
    component = proposal.component
    if not services.amendments_enabled(component=component):
        return {"enabled": False}
    user = request.user
    space = getattr(request, "space", None)
    step = component.active_step_settings(space=space)
    votes_enabled = component.typed_settings.amendments_votes_enabled
    return {
        "enabled": True,
        "request": request,
        "user": user,
        "component": component,
        "proposal": proposal,
        "amendments": selectors.amendments_for_page(proposal, user, space=space),
        "can_amend": services.can_amend(user=user, proposal=proposal, space=space),
        "amend_open": bool(step.amendment_creation_enabled),
        "only_own": not services.visible_to_all(component=component, space=space),
        "votes_enabled": votes_enabled,
        "can_support": votes_enabled
        and services.can_support(user=user, component=component, space=space),
        "csrf_token": context.get("csrf_token"),
    }
