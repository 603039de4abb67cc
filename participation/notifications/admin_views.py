"""Back-office "Newsletters": organisation admins compose, preview, test and send."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.backoffice.access import backoffice_required
from participation.backoffice.registry import is_org_admin
from participation.errors import ServiceError
from participation.notifications import newsletters
from participation.notifications.forms import NewsletterForm
from participation.notifications.models import Newsletter, NewsletterStatus

org_admin_required = backoffice_required(is_org_admin)


def _newsletter_or_404(request, pk: int) -> Newsletter:
    found = Newsletter.objects.filter(organization=request.organization, pk=pk).first()
    if found is None:
        raise Http404
    return found


@org_admin_required
@require_GET
def index(request):
    items = Newsletter.objects.filter(organization=request.organization)[:100]
    return render(request, "notifications/admin/newsletters.html", {"newsletters": items})


def _save(request, newsletter=None):
    form = NewsletterForm(
        request.POST or None, instance=newsletter, organization=request.organization
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = newsletters.save_newsletter(
                    actor=request.user,
                    organization=request.organization,
                    newsletter=newsletter,
                    data=form.cleaned_data,
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Newsletter saved."))
                return redirect("notifications_admin:detail", pk=saved.pk)
        status = 400
    return render(
        request,
        "notifications/admin/newsletter_form.html",
        {"form": form, "newsletter": newsletter},
        status=status,
    )


@org_admin_required
@require_http_methods(["GET", "POST"])
def create(request):
    return _save(request)


@org_admin_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    newsletter = _newsletter_or_404(request, pk)
    if newsletter.status != NewsletterStatus.DRAFT:
        return redirect("notifications_admin:detail", pk=pk)
    return _save(request, newsletter)


@org_admin_required
@require_GET
def detail(request, pk: int):
    newsletter = _newsletter_or_404(request, pk)
    draft = newsletter.status == NewsletterStatus.DRAFT
    return render(
        request,
        "notifications/admin/newsletter.html",
        {
            "newsletter": newsletter,
            "draft": draft,
            "recipient_count": newsletters.recipients(newsletter).count() if draft else None,
            "sent": newsletters.sent_count(newsletter),
            "chosen": newsletters.audience_labels(newsletter),
        },
    )


@org_admin_required
@require_POST
def send_test(request, pk: int):
    newsletter = _newsletter_or_404(request, pk)
    newsletters.send_test(actor=request.user, newsletter=newsletter)
    messages.success(request, _("A test was sent to %(email)s.") % {"email": request.user.email})
    return redirect("notifications_admin:detail", pk=pk)


@org_admin_required
@require_POST
def send(request, pk: int):
    newsletter = _newsletter_or_404(request, pk)
    confirmed = request.POST.get("recipients", "")
    if request.POST.get("confirm") != "yes" or not confirmed.isdigit():
        messages.error(request, _("Tick the box to confirm the sending; nothing was sent."))
        return redirect("notifications_admin:detail", pk=pk)
    try:
        newsletters.start_sending(
            actor=request.user, newsletter=newsletter, confirmed_recipients=int(confirmed)
        )
    except ServiceError as error:
        messages.error(request, error.messages[0])
        return redirect("notifications_admin:detail", pk=pk)
    messages.success(request, _("Sending started."))
    return redirect("notifications_admin:detail", pk=pk)
