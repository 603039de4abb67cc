"""The spaces index of the back-office (/admin/spaces/)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from participation.backoffice.access import backoffice_required
from spaces.admin_views.taxonomy import TAXONOMIES
from spaces.selectors import spaces_in_backoffice


@backoffice_required()
@require_GET
def index(request):
    groups = spaces_in_backoffice(user=request.user, organization=request.organization)
    return render(
        request,
        "backoffice/spaces_index.html",
        {
            "space_groups": groups,
            "is_org_admin": request.user.is_admin_of(request.organization),
            "taxonomies": TAXONOMIES,
        },
    )
