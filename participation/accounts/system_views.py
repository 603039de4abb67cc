"""Operator console: an organisation's account security rules."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts import selectors, services
from participation.accounts.forms import OrganizationSecurityForm
from participation.models import Organization
from participation.system.views import operator_required


@operator_required
@require_http_methods(["GET", "POST"])
def organization_security(request, organization_pk: int):
    organization = get_object_or_404(Organization, pk=organization_pk)
    initial = {"require_admin_mfa": selectors.admin_mfa_required(organization)}
    form = OrganizationSecurityForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_admin_mfa_requirement(
            actor=request.user,
            organization=organization,
            required=form.cleaned_data["require_admin_mfa"],
        )
        messages.success(
            request, _("Security settings of %(name)s saved.") % {"name": organization}
        )
        return redirect("system:dashboard")
    return render(
        request,
        "accounts/system/security.html",
        {"form": form, "organization_edited": organization},
    )
