"""Back-office: administrators publish new terms of service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts import selectors, services
from participation.accounts.forms import PublishTermsForm
from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin


@backoffice_required(is_org_admin)
@require_http_methods(["GET", "POST"])
def terms(request):
    organization = request.organization
    current = selectors.current_terms(organization)
    form = PublishTermsForm(
        data=request.POST or None, initial={"text": current.text if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        published = services.publish_terms(
            actor=request.user, organization=organization, text=form.cleaned_data["text"]
        )
        messages.success(
            request,
            _("Version %(version)s published: every participant will be asked to accept it.")
            % {"version": published.version},
        )
        return redirect("accounts_backoffice:terms")
    context = {
        "form": form,
        "current": current,
        "version": selectors.current_terms_version(organization),
    }
    return render(
        request, "accounts/backoffice/terms.html", context, status=400 if form.errors else 200
    )
