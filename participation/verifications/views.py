"""Resident pages: the methods an organisation offers and each method's flow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from participation.errors import ServiceError
from participation.verifications import registry, selectors, services
from participation.verifications.forms import (
    CensusCheckForm,
    CodeForm,
    DocumentForm,
    LetterRequestForm,
)
from participation.verifications.models import Census

# Guessing census data must be slow: a few tries per person per hour.
CENSUS_RATE = "5/h"


def _enabled_or_404(request, method: registry.VerificationMethod) -> None:
    if method not in selectors.enabled_methods(request.organization):
        raise Http404


def _render_form(request, template, context, form):
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {**context, "form": form}, status=status)


@login_required
def overview(request):
    rows = selectors.resident_overview(request.user, request.organization)
    return render(request, "verifications/overview.html", {"rows": rows})


@login_required
def census(request):
    method = registry.CENSUS
    _enabled_or_404(request, method)
    register = Census.objects.filter(
        organization=request.organization, uploaded_at__isnull=False
    ).first()
    grant = selectors.latest_grant(request.user, method.name)
    context = {"method": method, "grant": grant, "census": register}
    if register is None or (grant and grant.status == "granted"):
        return render(request, "verifications/census.html", context)
    form = CensusCheckForm(request.POST or None, field_names=register.field_names)
    if request.method == "POST" and form.is_valid():
        if is_ratelimited(
            request, group="verifications-census", key="user", rate=CENSUS_RATE, increment=True
        ):
            form.add_error(None, _("Too many attempts. Please try again in an hour."))
            return render(
                request, "verifications/census.html", {**context, "form": form}, status=429
            )
        values = {name: str(value) for name, value in form.cleaned_data.items()}
        try:
            services.verify_by_census(user=request.user, values=values)
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your account is now verified."))
            return redirect("verifications:overview")
    return _render_form(request, "verifications/census.html", context, form)


@login_required
def id_document(request):
    method = registry.ID_DOCUMENT
    _enabled_or_404(request, method)
    grant = selectors.latest_grant(request.user, method.name)
    context = {"method": method, "grant": grant}
    if grant and grant.status in ("pending", "granted"):
        return render(request, "verifications/id_document.html", context)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_document_verification(user=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your document was sent; an administrator will check it."))
            return redirect("verifications:id_document")
    return _render_form(request, "verifications/id_document.html", context, form)


@login_required
def postal_letter(request):
    method = registry.POSTAL_LETTER
    _enabled_or_404(request, method)
    grant = selectors.latest_grant(request.user, method.name)
    context = {"method": method, "grant": grant}
    if grant and grant.status == "granted":
        return render(request, "verifications/postal_letter.html", context)
    if grant and grant.status == "pending":
        letter = grant.letter
        context["letter"] = letter
        if letter.sent_at is None:
            return render(request, "verifications/postal_letter.html", context)
        form = CodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_postal_code(user=request.user, code=form.cleaned_data["code"])
            except ServiceError as error:
                form.add_error("code", error)
            else:
                messages.success(request, _("Your account is now verified."))
                return redirect("verifications:overview")
        return _render_form(request, "verifications/postal_letter.html", context, form)
    form = LetterRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_postal_letter(user=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was recorded; a letter will be sent to you."))
            return redirect("verifications:postal_letter")
    return _render_form(request, "verifications/postal_letter.html", context, form)


@login_required
@require_POST
def withdraw(request, method: str):
    info = registry.get(method)
    if info is None or info.kind != registry.Kind.REVIEWED:
        raise Http404
    try:
        services.cancel_request(user=request.user, method=method)
    except ServiceError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect(info.url_name)
