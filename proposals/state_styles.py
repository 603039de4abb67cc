"""The component's own states as a stylesheet: the CSP forbids style="" attributes.

Colours were validated as #rrggbb with a readable contrast when the state was saved.
"""

import re

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from proposals.models import ProposalCustomState

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def stylesheet(component) -> str:
    rules = []
    for state in ProposalCustomState.objects.filter(component=component).only(
        "pk", "background_color", "text_color"
    ):
        if _HEX.match(state.background_color) and _HEX.match(state.text_color):
            rules.append(
                f".{state.css_class}{{background:{state.background_color};"
                f"border-color:{state.background_color};color:{state.text_color}}}"
            )
    return "\n".join(rules) + "\n"


@require_GET
def states_css(request):
    response = HttpResponse(stylesheet(request.component), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response
