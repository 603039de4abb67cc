"""Resident pages: what we keep, download my data, delete my account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.errors import ServiceError
from participation.privacy import deletion, exports, registry
from participation.privacy.forms import DeleteAccountForm
from participation.privacy.models import DataExport, ExportStatus, export_ttl


@login_required
@require_GET
def overview(request):
    latest = DataExport.objects.filter(user=request.user).first()
    return render(
        request,
        "privacy/overview.html",
        {
            "entries": registry.entries(),
            "latest": latest,
            "pending": latest is not None and latest.status == ExportStatus.PENDING,
            "ttl_days": export_ttl().days,
        },
    )


@login_required
@require_POST
def request_export(request):
    try:
        exports.request_export(user=request.user)
    except ServiceError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Your request is registered: you will receive an e-mail with a download link."),
        )
    return redirect("privacy:overview")


@never_cache
@login_required
@require_GET
def download(request, token: str):
    export = exports.downloadable_export(
        user=request.user, organization=request.organization, token=token
    )
    if export is None:
        # Someone else's link, a mistyped one, another organisation: all look the same.
        raise Http404
    if export.is_expired or not export.file:
        return render(request, "privacy/export_expired.html", status=410)
    exports.mark_downloaded(user=request.user, export=export)
    date = export.ready_at.strftime("%Y-%m-%d")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"donnees-personnelles-{date}.zip",
        content_type="application/zip",
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    phrase = deletion.confirmation_phrase()
    form = DeleteAccountForm(request.POST or None, user=request.user, phrase=phrase)
    if request.method == "POST" and form.is_valid():
        try:
            deletion.delete_account(
                user=request.user,
                password=form.cleaned_data.get("password"),
                confirmation=form.cleaned_data.get("confirmation"),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ServiceError as error:
            form.add_error(getattr(error, "field", None), error.messages[0])
        else:
            logout(request)
            return redirect("privacy:account_deleted")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "privacy/delete_account.html", {"form": form, "phrase": phrase}, status=status
    )


@require_GET
def account_deleted(request):
    return render(request, "privacy/account_deleted.html")
