"""Operators of /system/ have a second factor: set up once, then asked at every sign-in.

The operator console lives on hosts without an organisation, where the
/account/ pages do not exist, so it has its own two pages built on allauth's
forms: setting up an authenticator app (with the password again), and
entering the code during sign-in (allauth's login stage, see stages.py).
"""

import base64

from allauth.account.internal.decorators import login_stage_required
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.views import AuthenticateView
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.stages import AuthenticateStage
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import TOTP, clear_totp_secret
from django import forms
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from participation.accounts import events, selectors


class OperatorTOTPForm(ActivateTOTPForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    field_order = ["password", "code"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not right."), code="wrong_password")
        return password


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("system:login")
    if not user.is_operator:
        return render(request, "system/forbidden.html", status=403)
    if selectors.has_totp(user):
        return redirect("system:dashboard")
    form = OperatorTOTPForm(data=request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTP.activate(user, form.secret)
            codes = RecoveryCodes.activate(user)
            events.operator_mfa_activated(organization=None, actor=user, target=user)
        clear_totp_secret(request)
        return render(
            request,
            "system/mfa_recovery_codes.html",
            {"codes": codes.get_unused_codes()},
        )
    adapter = get_mfa_adapter()
    url = adapter.build_totp_url(user, form.secret)
    svg = base64.b64encode(adapter.build_totp_svg(url).encode()).decode()
    return render(
        request,
        "system/mfa_setup.html",
        {"form": form, "totp_svg_data_uri": f"data:image/svg+xml;base64,{svg}"},
        status=400 if form.is_bound else 200,
    )


@method_decorator(
    login_stage_required(stage=AuthenticateStage.key, redirect_urlname="system:login"),
    name="dispatch",
)
class OperatorAuthenticateView(AuthenticateView):
    template_name = "system/mfa_authenticate.html"


authenticate = never_cache(OperatorAuthenticateView.as_view())


def authenticate_url() -> str:
    return reverse("system:mfa_authenticate")
