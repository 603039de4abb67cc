from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from participation.accounts.models import LegalPage, LegalPageKind
from participation.accounts.ratelimit_keys import posted_email
from participation.accounts.signin import complete_sign_in
from participation.forms import SignInForm
from participation.health import run_checks
from participation.redirects import safe_next

LEGAL_PAGES = {
    "terms": "legal/terms.html",
    "privacy": "legal/privacy.html",
    "accessibility": "legal/accessibility.html",
    "cookies": "legal/cookies.html",
}


@require_GET
def legal_page(request, kind: str):
    template = LEGAL_PAGES.get(kind)
    if template is None:
        raise Http404
    # The organisation's own text (back-office "Appearance and legal pages"), else generic.
    own = LegalPage.objects.filter(organization=request.organization, kind=kind).first()
    if own is not None:
        context = {
            "title": LegalPageKind(kind).label,
            "text": own.text,
            "updated_at": own.updated_at,
        }
        return render(request, "legal/own_text.html", context)
    return render(request, template)


@never_cache
@require_GET
def healthz(request):
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )


@require_GET
def organization_css(request):
    """The organisation's colours as CSS custom properties.

    Served as a stylesheet (not an inline style) so the Content Security
    Policy can forbid inline styles; the colours are validated hex values.
    """
    organization = request.organization
    css = (
        ":root{"
        f"--color-primary:{organization.primary_color};"
        f"--color-secondary:{organization.secondary_color};"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _safe_next(request, default: str = "/") -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next")) or default


@sensitive_post_parameters("password")
@never_cache
@ratelimit(key="ip", rate="10/m", method="POST", block=False)
@ratelimit(key=posted_email, rate="5/m", method="POST", block=False)
def sign_in(request, template: str = "participation/sign_in.html", default_next: str = "/"):
    if request.user.is_authenticated:
        return redirect(_safe_next(request, default_next))
    # Bound on every POST, even an empty one: a rate-limited attempt adds an error to it.
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many attempts. Please wait a minute and try again."))
        elif form.is_valid():
            # Everyone goes through allauth's stages: confirmed e-mail, second factor
            # (operators enter theirs on the console's own page, see accounts.stages).
            return complete_sign_in(
                request,
                form.user,
                email=form.cleaned_data["email"],
                redirect_url=_safe_next(request, default_next),
            )
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(request, template, {"form": form, "next": _safe_next(request, "")}, status=status)


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def accept_invitation(request, uidb64: str, token: str):
    """Set a first password from an e-mailed invitation (single use, expiring)."""
    User = get_user_model()
    try:
        user = User.objects.get(
            pk=int(urlsafe_base64_decode(uidb64).decode()), organization=request.organization
        )
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "participation/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="participation.auth_backends.OrganizationEmailBackend")
        messages.success(request, _("Your password is set. Welcome!"))
        return redirect("/")
    return render(request, "participation/invitation.html", {"form": form, "invited": user})


@require_GET
def group_page(request, pk: int):
    """A public group's page: what it is, how many members, the roles it holds on the spaces
    the visitor may see. Groups that are not public have no page (404)."""
    from participation.models import SpaceRole, UserGroup
    from participation.selectors.groups import group_space_roles
    from participation.spaces import visible_spaces

    group = UserGroup.objects.filter(
        organization=request.organization, pk=pk, is_public=True
    ).first()
    if group is None:
        raise Http404
    visible = set(
        visible_spaces(organization=request.organization, user=request.user).values_list(
            "pk", flat=True
        )
    )
    labels = dict(SpaceRole.choices)
    roles = [
        {"space": row.content_object, "label": labels[row.permission.codename]}
        for row in group_space_roles(group)
        if row.content_object_id in visible and row.permission.codename in labels
    ]
    context = {"group": group, "member_count": group.memberships.count(), "roles": roles}
    return render(request, "participation/group.html", context)
