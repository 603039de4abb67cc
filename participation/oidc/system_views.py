"""Operator console pages: an organisation's sign-in providers (/system/...)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.forms import apply_service_errors
from participation.models import Organization
from participation.oidc import services
from participation.oidc.forms import ProviderForm
from participation.oidc.models import IdentityProvider
from participation.oidc.selectors import providers_of
from participation.system.views import operator_required
from participation.tenancy import organization_url


@operator_required
def provider_list(request, organization_pk: int):
    organization = get_object_or_404(Organization, pk=organization_pk)
    context = {
        "organization_edited": organization,
        "providers": providers_of(organization),
        "redirect_uri": organization_url(organization, reverse("oidc:callback")),
        "post_logout_uri": organization_url(organization, reverse("oidc:signed_out")),
    }
    return render(request, "oidc/system/provider_list.html", context)


@operator_required
@require_http_methods(["GET", "POST"])
def provider_new(request, organization_pk: int):
    organization = get_object_or_404(Organization, pk=organization_pk)
    form = ProviderForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.create_provider(
                actor=request.user,
                organization=organization,
                kind=form.cleaned_data["kind"],
                client_secret=form.cleaned_data["client_secret"],
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Sign-in provider %(name)s added.") % {"name": provider})
            return redirect("oidc_system:list", organization_pk=organization.pk)
    return _form_page(request, form, organization, None)


@operator_required
@require_http_methods(["GET", "POST"])
def provider_edit(request, organization_pk: int, pk: int):
    provider = get_object_or_404(IdentityProvider, pk=pk, organization_id=organization_pk)
    form = ProviderForm(data=request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_provider(
                actor=request.user,
                provider=provider,
                client_secret=form.cleaned_data["client_secret"],
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Sign-in provider saved."))
            return redirect("oidc_system:list", organization_pk=organization_pk)
    return _form_page(request, form, provider.organization, provider)


def _form_page(request, form, organization, provider):
    status = 400 if form.is_bound else 200
    context = {"form": form, "organization_edited": organization, "provider": provider}
    return render(request, "oidc/system/provider_form.html", context, status=status)


@operator_required
@require_http_methods(["GET", "POST"])
def provider_delete(request, organization_pk: int, pk: int):
    provider = get_object_or_404(IdentityProvider, pk=pk, organization_id=organization_pk)
    if request.method == "POST":
        services.delete_provider(actor=request.user, provider=provider)
        messages.success(request, _("Sign-in provider %(name)s deleted.") % {"name": provider})
        return redirect("oidc_system:list", organization_pk=organization_pk)
    return render(
        request,
        "oidc/system/provider_delete.html",
        {"provider": provider, "organization_edited": provider.organization},
    )
