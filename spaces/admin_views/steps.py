"""The steps of a concertation: list, add, edit, reorder, activate, delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from spaces import services
from spaces.admin_forms import StepForm
from spaces.admin_views.access import form_status, run_service, space_page
from spaces.permissions import can_manage_space
from spaces.services.steps import outside_process_dates

PROCESSES = ("processes",)


def _steps_url(space):
    return redirect("spaces_backoffice:steps", slug=space.slug)


def _warn_if_outside(request, step, process) -> None:
    if outside_process_dates(step=step, process=process):
        messages.warning(
            request,
            _("Note: this step's dates fall outside the concertation's own dates."),
        )


@space_page(only_types=PROCESSES)
def steps(request, space, space_type):
    """GET lists the steps with an add form; POST adds, moves or activates a step."""
    form = StepForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add" and form.is_valid():
            created = {}

            def call():
                created["step"] = services.create_step(
                    actor=request.user, process=space, data=form.cleaned_data
                )

            if run_service(request, form, call, _("The step is added.")):
                _warn_if_outside(request, created["step"], space)
                return _steps_url(space)
        elif action in ("up", "down", "activate"):
            step = get_object_or_404(space.steps, pk=_int(request.POST.get("step")))
            if action == "activate":
                call = lambda: services.activate_step(actor=request.user, step=step)  # noqa: E731
                message = _("“%(title)s” is now the current step.") % {"title": step.title}
            else:
                call = lambda: services.move_step(  # noqa: E731
                    actor=request.user, step=step, direction=action
                )
                message = _("The order of the steps is saved.")
            run_service(request, None, call, message)
            return _steps_url(space)
        elif action != "add":
            messages.error(request, _("Unknown action."))
            form = StepForm()
            return _render(request, space, space_type, form, status=400)
    return _render(request, space, space_type, form, status=form_status(request, form))


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _render(request, space, space_type, form, status):
    return render(
        request,
        "backoffice/spaces/steps.html",
        {
            "space": space,
            "space_type": space_type,
            "steps": list(space.steps.order_by("position", "id")),
            "form": form,
            "can_manage": can_manage_space(request.user, space),
        },
        status=status,
    )


@space_page(only_types=PROCESSES)
def step_edit(request, space, space_type, pk: int):
    step = get_object_or_404(space.steps, pk=pk)
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        saved = {}

        def call():
            saved["step"] = services.update_step(
                actor=request.user, step=step, data=form.cleaned_data
            )

        if run_service(request, form, call, _("The step is saved.")):
            _warn_if_outside(request, saved["step"], space)
            return _steps_url(space)
    return render(
        request,
        "backoffice/spaces/step_form.html",
        {"space": space, "space_type": space_type, "step": step, "form": form},
        status=form_status(request, form),
    )


@space_page(only_types=PROCESSES)
def step_delete(request, space, space_type, pk: int):
    step = get_object_or_404(space.steps, pk=pk)
    if request.method == "POST" and run_service(
        request,
        None,
        lambda: services.delete_step(actor=request.user, step=step),
        _("The step is deleted."),
    ):
        return _steps_url(space)
    return render(
        request,
        "backoffice/spaces/confirm_delete.html",
        {
            "space": space,
            "space_type": space_type,
            "object": step,
            "cancel_url": f"/admin/spaces/processes/{space.slug}/steps/",
            "section": "steps",
        },
    )
