"""Resident pages: notification centre, following, e-mail settings, unsubscribe, follow button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.errors import ServiceError
from participation.notifications import selectors, services
from participation.notifications.forms import FollowForm, SettingsForm
from participation.redirects import safe_next


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() else 1


@login_required
@require_GET
def index(request):
    page_obj = selectors.notifications_page(user=request.user, page=_page_number(request))
    return render(request, "notifications/index.html", {"page_obj": page_obj})


def _back_to_index(request):
    page = request.POST.get("page", "")
    url = "/notifications/"
    return redirect(f"{url}?page={page}" if page.isdigit() and page != "1" else url)


@login_required
@require_POST
def mark_read(request, pk: int):
    services.mark_read(user=request.user, notification_id=pk)
    return _back_to_index(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return _back_to_index(request)


@login_required
@require_GET
def following(request):
    page_obj = selectors.following_page(user=request.user, page=_page_number(request))
    return render(request, "notifications/following.html", {"page_obj": page_obj})


@login_required
@require_POST
def follow(request):
    """The follow / stop following button (a plain form: works without JavaScript)."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "notifications/follow_error.html",
            {"message": _("This request is not valid.")},
            status=400,
        )
    data = form.cleaned_data
    action = services.follow if data["action"] == "follow" else services.unfollow
    try:
        action(
            user=request.user,
            organization=request.organization,
            key=data["key"],
            object_id=data["object_id"],
        )
    except ServiceError as error:
        return render(
            request, "notifications/follow_error.html", {"message": error.messages[0]}, status=400
        )
    if data["action"] == "follow":
        messages.success(request, _("You now follow this. You will be notified of news."))
    else:
        messages.success(request, _("You no longer follow this."))
    return redirect(safe_next(request, data["next"]) or "/notifications/following/")


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    current = services.settings_for(user=request.user)
    from participation.notifications import registry

    initial = {
        "email_mode": current.email_mode,
        "enabled_events": [
            name for name in registry.events() if name not in current.disabled_events
        ],
    }
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_settings(
                    user=request.user,
                    email_mode=form.cleaned_data["email_mode"],
                    disabled_events=form.disabled_events(),
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notifications:settings")
        status = 400
    return render(request, "notifications/settings.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One-click unsubscribe from e-mails: GET confirms, POST acts (no sign-in needed)."""
    user, kind = services.read_unsubscribe_token(token=token, organization=request.organization)
    if user is None:
        raise Http404
    context = {"done": False, "newsletter": kind == "newsletter"}
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        context["done"] = True
    return render(request, "notifications/unsubscribed.html", context)
