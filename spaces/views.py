from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from spaces.selectors import promoted_spaces, visible_spaces
from spaces.types import SPACE_TYPES

PERIODS = ("active", "upcoming", "past", "all")


def _space_type(key: str):
    space_type = SPACE_TYPES.get(key)
    if space_type is None:
        raise Http404
    return space_type


@require_GET
def home(request):
    spaces = promoted_spaces(organization=request.organization, user=request.user)
    return render(
        request,
        "spaces/home.html",
        {"promoted_spaces": spaces, "space_types": SPACE_TYPES.values()},
    )


@require_GET
def space_list(request, space_type: str):
    space_type = _space_type(space_type)
    period = request.GET.get("period", "all")
    if period not in PERIODS:
        period = "all"
    spaces = list(
        visible_spaces(space_type=space_type, organization=request.organization, user=request.user)
    )
    counts = {p: sum(1 for s in spaces if s.period == p) for p in PERIODS[:-1]}
    counts["all"] = len(spaces)
    if period != "all":
        spaces = [space for space in spaces if space.period == period]
    return render(
        request,
        "spaces/space_list.html",
        {"space_type": space_type, "spaces": spaces, "period": period, "period_counts": counts},
    )


@require_GET
def space_detail(request, space_type: str, slug: str):
    space_type = _space_type(space_type)
    space = get_object_or_404(
        visible_spaces(space_type=space_type, organization=request.organization, user=request.user),
        slug=slug,
    )
    return render(request, "spaces/space_detail.html", {"space_type": space_type, "space": space})
