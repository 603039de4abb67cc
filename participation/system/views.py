"""The operator console: operators create and edit organisations."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts.selectors import has_totp
from participation.forms import apply_service_errors
from participation.models import Organization
from participation.services.organizations import create_organization, update_organization
from participation.system.forms import NewOrganizationForm, OrganizationForm
from participation.views import sign_in


def operator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('system:login')}?next={request.path}")
        if not request.user.is_operator:
            return render(request, "system/forbidden.html", status=403)
        if not has_totp(request.user):
            # Operators have a second factor: set up before anything else.
            return redirect("system:mfa_setup")
        return view(request, *args, **kwargs)

    return wrapper


def system_sign_in(request):
    # Operators come to the console: land there, not on the (empty) home of the system host.
    return sign_in(
        request, template="system/sign_in.html", default_next=reverse("system:dashboard")
    )


@operator_required
def dashboard(request):
    organizations = Organization.objects.prefetch_related("secondary_hosts").order_by("name")
    return render(request, "system/dashboard.html", {"organizations": organizations})


@operator_required
@require_http_methods(["GET", "POST"])
def organization_new(request):
    form = NewOrganizationForm(data=request.POST or None, files=request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            organization, invitation = create_organization(
                actor=request.user,
                admin_email=data.pop("admin_email"),
                admin_name=data.pop("admin_name"),
                secondary_hosts=form.cleaned_data["secondary_hosts"],
                logo=form.cleaned_data.get("logo"),
                favicon=form.cleaned_data.get("favicon"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Organisation %(name)s created. An invitation was sent to %(email)s.")
                % {"name": organization.name, "email": invitation.user.email},
            )
            return redirect("system:dashboard")
    status = 400 if form.is_bound else 200
    return render(
        request, "system/organization_form.html", {"form": form, "creating": True}, status=status
    )


@operator_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    form = OrganizationForm(
        data=request.POST or None, files=request.FILES or None, instance=organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_organization(
                actor=request.user,
                organization=organization,
                secondary_hosts=form.cleaned_data["secondary_hosts"],
                logo=form.cleaned_data.get("logo"),
                favicon=form.cleaned_data.get("favicon"),
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("system:dashboard")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "system/organization_form.html",
        {"form": form, "creating": False, "edited": organization},
        status=status,
    )
