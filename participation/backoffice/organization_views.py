"""Back-office "Organisation": appearance (logo, colours, language) and legal pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts.models import LegalPage, LegalPageKind
from participation.accounts.services import save_legal_page
from participation.backoffice.access import backoffice_required
from participation.backoffice.organization_forms import AppearanceForm, LegalPageForm
from participation.backoffice.registry import is_org_admin
from participation.forms import apply_service_errors
from participation.services.organizations import update_appearance


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def appearance(request):
    organization = request.organization
    # The form works on a copy: a refused change never reaches the page's header.
    form = AppearanceForm(
        data=request.POST or None,
        files=request.FILES or None,
        instance=type(organization).objects.get(pk=organization.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_appearance(
                actor=request.user,
                organization=organization,
                data=form.appearance_data(),
                logo=form.cleaned_data.get("logo"),
                favicon=form.cleaned_data.get("favicon"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
                remove_favicon=form.cleaned_data.get("remove_favicon", False),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The organisation’s appearance is saved."))
            return redirect("organization_backoffice:appearance")
    pages = {page.kind: page for page in LegalPage.objects.filter(organization=organization)}
    legal = [(kind, label, pages.get(kind)) for kind, label in LegalPageKind.choices]
    return render(
        request,
        "backoffice/organization/appearance.html",
        {"form": form, "legal": legal},
        status=400 if form.errors else 200,
    )


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def legal_page(request, kind: str):
    if kind not in LegalPageKind.values:
        raise Http404
    organization = request.organization
    page = LegalPage.objects.filter(organization=organization, kind=kind).first()
    form = LegalPageForm(data=request.POST or None, initial={"text": page.text if page else ""})
    if request.method == "POST" and form.is_valid():
        try:
            save_legal_page(
                actor=request.user,
                organization=organization,
                kind=kind,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The page is saved."))
            return redirect("organization_backoffice:appearance")
    return render(
        request,
        "backoffice/organization/legal_page.html",
        {"form": form, "kind": kind, "label": LegalPageKind(kind).label, "page": page},
        status=400 if form.errors else 200,
    )
