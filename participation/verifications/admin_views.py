"""Organisation admin pages (until the back-office lands): /admin/verifications/."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from participation.errors import ServiceError
from participation.media import protect
from participation.verifications import selectors, services
from participation.verifications.forms import (
    CensusUploadForm,
    GrantFilterForm,
    MethodsForm,
    ReasonForm,
)
from participation.verifications.models import Census, Grant, GrantStatus

PAGE_SIZE = 50


# Verifications hold personal data: organisation admins only, not space roles.
org_admin_required = backoffice_required(is_org_admin)


def _grant_or_404(request, grant_id: int, **filters) -> Grant:
    grant = (
        Grant.objects.filter(organization=request.organization, pk=grant_id, **filters)
        .select_related("user")
        .first()
    )
    if grant is None:
        raise Http404
    return grant


@org_admin_required
def methods(request):
    current = [m.name for m in selectors.enabled_methods(request.organization)]
    form = MethodsForm(request.POST or None, initial={"methods": current})
    if request.method == "POST" and form.is_valid():
        services.set_enabled_methods(
            actor=request.user,
            organization=request.organization,
            methods=form.cleaned_data["methods"],
        )
        messages.success(request, _("Verification methods saved."))
        return redirect("verifications:admin_methods")
    return render(request, "verifications/admin/methods.html", {"form": form, "section": "methods"})


@org_admin_required
def census(request):
    register = Census.objects.filter(organization=request.organization).first()
    initial = {"fields": register.fields} if register else {}
    form = CensusUploadForm(request.POST or None, request.FILES or None, initial=initial)
    lines = []
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_census(
                actor=request.user,
                organization=request.organization,
                data=form.cleaned_data["file"].read(),
                fields=form.cleaned_data["fields"],
            )
        except ServiceError as error:
            form.add_error(None, error)
            lines = getattr(error, "lines", [])
        else:
            messages.success(request, _("The census was replaced."))
            return redirect("verifications:admin_census")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "verifications/admin/census.html",
        {"form": form, "census": register, "lines": lines, "section": "census"},
        status=status,
    )


@org_admin_required
def documents(request):
    pending = selectors.pending_documents(request.organization)
    return render(
        request, "verifications/admin/documents.html", {"grants": pending, "section": "documents"}
    )


@org_admin_required
def document_detail(request, grant_id: int):
    grant = _grant_or_404(request, grant_id, method="id_document")
    form = ReasonForm()
    return render(
        request,
        "verifications/admin/document_detail.html",
        {"grant": grant, "form": form, "section": "documents"},
    )


@never_cache
@org_admin_required
def document_scan(request, grant_id: int):
    grant = _grant_or_404(request, grant_id, method="id_document", status=GrantStatus.PENDING)
    if not grant.scan:
        raise Http404
    extension = grant.scan.name.rsplit(".", 1)[-1]
    response = FileResponse(
        grant.scan.open("rb"),
        as_attachment=True,
        filename=f"verification-{grant.pk}.{extension}",
        content_type="application/octet-stream",
    )
    protect(response)  # nosniff, sandboxing CSP
    response["Cache-Control"] = "no-store"
    return response


@org_admin_required
@require_POST
def document_accept(request, grant_id: int):
    _grant_or_404(request, grant_id, method="id_document")
    try:
        services.accept_document(
            actor=request.user, organization=request.organization, grant_id=grant_id
        )
    except ServiceError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The document was accepted; the account is verified."))
    return redirect("verifications:admin_documents")


@org_admin_required
@require_POST
def document_reject(request, grant_id: int):
    grant = _grant_or_404(request, grant_id, method="id_document")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.reject_document(
                actor=request.user,
                organization=request.organization,
                grant_id=grant_id,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The request was rejected."))
            return redirect("verifications:admin_documents")
    return render(
        request,
        "verifications/admin/document_detail.html",
        {"grant": grant, "form": form, "section": "documents"},
        status=400,
    )


@org_admin_required
def letters(request):
    rows = selectors.pending_letters(request.organization)
    return render(
        request, "verifications/admin/letters.html", {"letters": rows, "section": "letters"}
    )


@never_cache
@org_admin_required
def letters_export(request):
    rows = services.export_letters(actor=request.user, organization=request.organization)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="letters.csv"'
    response.write("\ufeff")  # spreadsheets detect UTF-8 by its byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Letter"), _("Name"), _("Address"), _("Code")])
    for row in rows:
        # A leading = + - @ would be run as a formula by spreadsheets.
        writer.writerow([_safe_cell(str(row[key])) for key in ("id", "name", "address", "code")])
    return response


def _safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@org_admin_required
@require_POST
def letters_sent(request):
    ids = [int(value) for value in request.POST.getlist("letters") if value.isdigit()]
    count = services.mark_letters_sent(
        actor=request.user, organization=request.organization, letter_ids=ids
    )
    messages.success(request, _("%(count)s letter(s) marked as sent.") % {"count": count})
    return redirect("verifications:admin_letters")


@org_admin_required
def grants(request):
    filters = GrantFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.grants_for_admin(
        request.organization, method=values.get("method", ""), status=values.get("status", "")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{key}={value}" for key, value in values.items() if value)
    return render(
        request,
        "verifications/admin/grants.html",
        {"filters": filters, "page": page, "query": query, "section": "grants"},
    )


@org_admin_required
def grant_revoke(request, grant_id: int):
    grant = _grant_or_404(request, grant_id, status=GrantStatus.GRANTED)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_grant(
                actor=request.user,
                organization=request.organization,
                grant_id=grant.pk,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The verification was revoked."))
            return redirect("verifications:admin_grants")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "verifications/admin/revoke.html",
        {"grant": grant, "form": form, "section": "grants"},
        status=status,
    )
