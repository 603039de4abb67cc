"""The back-office "Participants" section: organisation admins only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from participation.errors import ServiceError
from participation.privacy import events, selectors
from participation.privacy import participants as services
from participation.privacy.csv_export import participants_csv
from participation.privacy.filters import ParticipantFilter
from participation.privacy.forms import BlockForm

# A fixed page size: never read from the request (SECURITY.md, reflected parameters).
PAGE_SIZE = 50
org_admin_required = backoffice_required(is_org_admin)


def _filtered(request):
    return ParticipantFilter(request.GET, queryset=selectors.participants(request.organization))


@org_admin_required
@require_GET
def participants(request):
    filters = _filtered(request)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/admin/participants.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@never_cache
@org_admin_required
@require_GET
def participants_export(request):
    filters = _filtered(request)
    users = list(filters.qs)
    events.participants_exported(
        organization=request.organization,
        actor=request.user,
        target=request.organization,
        changes={"rows": len(users)},
    )
    response = HttpResponse(
        "\ufeff" + participants_csv(users), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="participants-{stamp}.csv"'
    return response


def _participant_or_404(request, user_id: int):
    user = selectors.participant(request.organization, user_id)
    if user is None:
        raise Http404
    return user


@org_admin_required
@require_GET
def participant_detail(request, user_id: int):
    return render(
        request,
        "privacy/admin/participant.html",
        {"person": _participant_or_404(request, user_id), "form": BlockForm()},
    )


def _act(request, user_id: int, action, success: str, **kwargs):
    _participant_or_404(request, user_id)
    try:
        action(actor=request.user, organization=request.organization, user_id=user_id, **kwargs)
    except ServiceError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success)
    return redirect("privacy:participant", user_id=user_id)


@org_admin_required
@require_POST
def participant_block(request, user_id: int):
    form = BlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        user_id,
        services.set_blocked,
        _("The participant is blocked."),
        blocked=True,
        reason=reason,
    )


@org_admin_required
@require_POST
def participant_unblock(request, user_id: int):
    form = BlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        user_id,
        services.set_blocked,
        _("The participant is unblocked."),
        blocked=False,
        reason=reason,
    )


@org_admin_required
@require_POST
def participant_promote(request, user_id: int):
    return _act(
        request,
        user_id,
        services.set_org_admin,
        _("The participant is now an administrator."),
        admin=True,
    )


@org_admin_required
@require_POST
def participant_demote(request, user_id: int):
    return _act(
        request,
        user_id,
        services.set_org_admin,
        _("The administrator rights were removed."),
        admin=False,
    )
