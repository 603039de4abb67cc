from urllib.parse import quote

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from participation.errors import ErrorCode, ServiceError
from participation.models import Scope
from spaces.models import AssemblyType, ProcessType
from spaces.selectors import (
    home_blocks,
    published_blocks,
    space_attachments,
    space_page_extras,
    visible_spaces,
)
from spaces.services import accept_invitation as accept_space_invitation_service
from spaces.services.members import find_invitation
from spaces.types import SPACE_TYPES

PERIODS = ("active", "upcoming", "past", "all")
# Space types listed with area and type filters, and the model and field of their type.
TYPE_FILTERS = {
    "processes": (ProcessType, "process_type"),
    "assemblies": (AssemblyType, "assembly_type"),
}


def _chosen(request, name: str, options: list) -> object | None:
    """The option whose id the GET parameter names; anything else counts as no filter."""
    raw = request.GET.get(name, "")
    if not raw.isdigit():
        return None
    return next((option for option in options if option.pk == int(raw)), None)


def _filters(request, space_type) -> dict:
    """Area and type filters, from the organisation's own lists (an allow-list).

    Two queries whatever the number of spaces.
    """
    if space_type.key not in TYPE_FILTERS:
        return {}
    type_model, type_field = TYPE_FILTERS[space_type.key]
    scopes = list(Scope.objects.filter(organization=request.organization).order_by("title"))
    types = list(type_model.objects.filter(organization=request.organization))
    return {
        "scopes": scopes,
        "types": types,
        "scope": _chosen(request, "scope", scopes),
        "type": _chosen(request, "type", types),
        "type_field": type_field,
    }


def _space_type(key: str):
    space_type = SPACE_TYPES.get(key)
    if space_type is None:
        raise Http404
    return space_type


@require_GET
def home(request):
    blocks = home_blocks(organization=request.organization, user=request.user)
    return render(request, "spaces/home.html", {"blocks": blocks})


@require_GET
def space_list(request, space_type: str):
    space_type = _space_type(space_type)
    period = request.GET.get("period", "all")
    if period not in PERIODS:
        period = "all"
    filters = _filters(request, space_type)
    queryset = visible_spaces(
        space_type=space_type, organization=request.organization, user=request.user
    )
    if filters.get("scope"):
        queryset = queryset.filter(scope=filters["scope"])
    if filters.get("type"):
        queryset = queryset.filter(**{filters["type_field"]: filters["type"]})
    spaces = list(queryset)
    counts = {p: sum(1 for s in spaces if s.period == p) for p in PERIODS[:-1]}
    counts["all"] = len(spaces)
    if period != "all":
        spaces = [space for space in spaces if space.period == period]
    return render(
        request,
        "spaces/space_list.html",
        {
            "space_type": space_type,
            "spaces": spaces,
            "period": period,
            "period_counts": counts,
            "filters": filters,
        },
    )


@require_GET
def space_detail(request, space_type: str, slug: str):
    space_type = _space_type(space_type)
    space = get_object_or_404(
        visible_spaces(space_type=space_type, organization=request.organization, user=request.user),
        slug=slug,
    )
    return render(
        request,
        "spaces/space_detail.html",
        {
            "space_type": space_type,
            "space": space,
            "blocks": published_blocks(space, user=request.user),
            "attachments": space_attachments(space),
            **space_page_extras(space, user=request.user),
        },
    )


@never_cache
def accept_space_invitation(request, token: str):
    """Join a space from an e-mailed link: signed in, with the invited address, then confirm."""
    invitation = find_invitation(token=token, organization=request.organization)
    if invitation is None:
        return render(request, "spaces/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        login = reverse("participation:login")
        return redirect(f"{login}?next={quote(request.get_full_path())}")
    space = invitation.space.specific
    if request.method == "POST":
        try:
            accept_space_invitation_service(
                user=request.user, token=token, organization=request.organization
            )
        except ServiceError as error:
            return render(
                request,
                "spaces/invitation.html",
                {"space": space, "invitation": invitation, "error": error.messages[0]},
                status=403 if error.error_code == ErrorCode.PERMISSION_DENIED else 400,
            )
        messages.success(request, _("Welcome! You are now a member of this space."))
        return redirect(space.get_absolute_url())
    return render(request, "spaces/invitation.html", {"space": space, "invitation": invitation})
