"""Profile, account settings and terms pages; allauth views bound to the organisation."""

from allauth.account import views as account_views
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import url_str_to_user_pk
from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from allauth.account.views import PasswordResetFromKeyView as AllauthPasswordResetFromKeyView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participation.accounts import selectors, services
from participation.accounts.forms import ProfileForm, TermsAcceptanceForm
from participation.accounts.models import NewsletterConsent
from participation.models import User
from participation.oidc.selectors import sign_in_methods
from participation.selectors.groups import groups_of
from participation.views import _safe_next

FOLLOWERS_PER_PAGE = 48


class ConfirmEmailView(AllauthConfirmEmailView):
    """A confirmation key only works on the host of the account's organisation."""

    def get_object(self, queryset=None):
        confirmation = super().get_object(queryset)
        user = confirmation.email_address.user
        if user.organization_id is None or user.organization_id != self.request.organization.pk:
            raise Http404
        return confirmation


class PasswordResetFromKeyView(AllauthPasswordResetFromKeyView):
    """A reset link only works on the host of the account's organisation, and never for
    an account whose address is unconfirmed and linked to a sign-in provider."""

    def dispatch(self, request, uidb36, key, **kwargs):
        try:
            pk = url_str_to_user_pk(uidb36)
            owner = User.objects.filter(pk=pk, organization=request.organization).first()
            # Nor for an account whose address a sign-in provider gave without vouching.
            belongs = owner is not None and not selectors.address_unproven_behind_provider(owner)
        except (ValueError, TypeError, OverflowError):
            belongs = False
        if not belongs:
            self.request, self.key, self.reset_user = request, key, None
            return self.render_to_response(self.get_context_data(token_fail=True), status=400)
        return super().dispatch(request, uidb36, key, **kwargs)


def manage_email(request):
    """allauth's e-mail page, once a provisioned account's address is recorded as verified.

    An unconfirmed address never becomes the account's address. allauth allows it when
    the account has no confirmed one (here: accounts made through a provider that did
    not vouch for its address); it could be another account's address (a duplicate, and
    an answer that would tell it is taken) or anyone's.
    """
    if request.user.is_authenticated:
        services.adopt_provisioned_email(user=request.user)
        if request.method == "POST" and "action_primary" in request.POST:
            unconfirmed = EmailAddress.objects.filter(
                user=request.user, email__iexact=request.POST.get("email", ""), verified=False
            )
            if unconfirmed.exists():
                get_adapter(request).add_message(
                    request, messages.ERROR, "account/messages/unverified_primary_email.txt"
                )
                return redirect("account_email")
    return account_views.email(request)


@require_GET
def profile(request, nickname: str, tab: str = "activity"):
    """A person's public profile: who they are, then one tab (their contributions, what
    they follow, who follows them, their groups), each showing only what the visitor may
    see, in a fixed number of queries."""
    from participation.accounts import contributions
    from participation.notifications.selectors import followers, public_follows_page

    person = selectors.public_profile(request.organization, nickname, viewer=request.user)
    if person is None:
        raise Http404
    viewer = request.user
    context = {
        "person": person,
        "tab": tab,
        "counts": selectors.profile_counts(person, viewer),
    }
    page = request.GET.get("page")
    if tab == "activity":
        context["page_obj"] = contributions.contributions_page(
            organization=request.organization, author=person, viewer=viewer, page=page
        )
    elif tab == "follows":
        context["page_obj"] = public_follows_page(person=person, viewer=viewer, page=page)
    elif tab == "followers":
        context["page_obj"] = Paginator(followers(person=person), FOLLOWERS_PER_PAGE).get_page(page)
    else:
        context["groups"] = list(groups_of(person, viewer))
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    user = request.user
    consent = NewsletterConsent.objects.filter(user=user).first()
    initial = {
        "name": user.name,
        # Invited accounts may have none yet: offer a free one.
        "nickname": user.nickname
        or selectors.suggest_nickname(user.organization, user.name or user.email),
        "about": user.about,
        "personal_url": user.personal_url,
        "newsletter": bool(consent and consent.consented_at),
    }
    form = ProfileForm(
        data=request.POST or None, files=request.FILES or None, initial=initial, user=user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                actor=user,
                user=user,
                name=data["name"],
                nickname=data["nickname"],
                avatar=data.get("avatar") or None,
                remove_avatar=data.get("remove_avatar", False),
                about=data["about"],
                personal_url=data["personal_url"],
            )
            services.set_newsletter_consent(actor=user, user=user, consent=data["newsletter"])
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:settings")
        user.refresh_from_db()
    context = {
        "form": form,
        "consent": consent,
        "has_totp": selectors.has_totp(user),
        "sign_in_methods": sign_in_methods(user),
        "my_groups": list(groups_of(user, user)),
    }
    return render(request, "accounts/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def accept_terms_view(request):
    terms = selectors.current_terms(request.organization)
    form = TermsAcceptanceForm(data=request.POST or None)
    next_url = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        services.accept_terms(actor=request.user, user=request.user)
        messages.success(request, _("Thank you for accepting the terms of service."))
        return redirect(next_url)
    context = {"form": form, "terms": terms, "next": next_url}
    return render(request, "accounts/terms.html", context, status=400 if form.errors else 200)


def too_many_requests(request):
    """allauth's rate limits answer with our own page (in the visitor's language)."""
    return render(request, "errors/429.html", status=429)
