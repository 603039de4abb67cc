"""The components of a space, in the back-office: /admin/spaces/<type>/<slug>/components/."""

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.backoffice.access import backoffice_required
from participation.components import registry, services
from participation.components.dispatch import hand_over
from participation.components.forms import (
    AddComponentForm,
    NameForm,
    OrderForm,
    permissions_form_class,
)
from participation.components.models import DEFAULT_STEP
from participation.components.selectors import component_of_space, space_components
from participation.errors import ServiceError
from participation.space_types import SPACE_TYPES
from participation.spaces import can_manage_space, can_read_space_backoffice


def space_view(check=can_manage_space, with_component: bool = False):
    """Find the space (and component) in the request's organisation, then apply ``check``."""

    def decorator(view):
        @backoffice_required()
        @wraps(view)
        def wrapper(request, space_type: str, slug: str, component_id: int | None = None, **kwargs):
            kind = SPACE_TYPES.get(space_type)
            if kind is None:
                raise Http404
            space = get_object_or_404(kind.model.objects.of(request.organization), slug=slug)
            if not check(request.user, space):
                return render(request, "errors/403.html", status=403)
            request.space_type, request.space = kind, space
            if with_component:
                component = get_object_or_404(component_of_space(space, component_id))
                component.set_space(space)
                kwargs["component"] = component
            return view(request, space=space, **kwargs)

        return wrapper

    return decorator


def may_open_admin(user, space, manifest) -> bool:
    """Whether ``user`` may open the admin pages of a component of type ``manifest``."""
    check = manifest.admin_access or can_manage_space
    return bool(manifest.admin_urls) and check(user, space)


def _context(request, **extra):
    return {"space": request.space, "space_type": request.space_type, **extra}


def _list_url(space):
    return redirect(
        "spaces_backoffice:components:index", space_type=space.url_prefix, slug=space.slug
    )


@space_view(check=can_read_space_backoffice)
@require_http_methods(["GET"])
def index(request, space):
    components = list(space_components(space))
    for item in components:
        item.admin_openable = may_open_admin(request.user, space, item.manifest)
    return render(
        request,
        "components/backoffice/index.html",
        _context(
            request,
            components=components,
            can_manage=can_manage_space(request.user, space),
            add_form=AddComponentForm(),
        ),
    )


@space_view()
@require_http_methods(["GET", "POST"])
def add(request, space):
    form = AddComponentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            component = services.add_component(
                actor=request.user,
                space=space,
                manifest_name=form.cleaned_data["manifest_name"],
                name=form.cleaned_data["name"],
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Component added. Configure it, then publish it."))
            return redirect(component.get_admin_url())
    return render(request, "components/backoffice/add.html", _context(request, form=form))


def _step_forms(request, component, space):
    """One settings form per step (or one "default" form for spaces without steps)."""
    schema = component.manifest.step_settings
    if not schema:
        return []
    form_class = schema.form_class()
    data = request.POST if request.method == "POST" else None
    steps = list(space.steps.all()) if hasattr(space, "steps") else [None]
    result = []
    for step in steps:
        key = str(step.pk) if step else DEFAULT_STEP
        initial = component.step_settings_for(key)
        form = form_class(data, initial=initial, prefix=f"step-{key}")
        result.append((key, step, form))
    return result


@space_view(with_component=True)
@require_http_methods(["GET", "POST"])
def edit(request, space, component):
    manifest = component.manifest
    data = request.POST if request.method == "POST" else None
    name_form = NameForm(data, initial={"name": component.name}, prefix="component")
    settings_form = (
        manifest.settings.form_class()(data, initial=component.typed_settings, prefix="settings")
        if manifest.settings
        else None
    )
    step_forms = _step_forms(request, component, space)
    permissions_class = permissions_form_class(component)
    permissions_form = (
        permissions_class(
            data,
            initial={a: component.required_verifications(a) for a in manifest.actions},
            prefix="permissions",
        )
        if permissions_class
        else None
    )
    forms = [name_form, settings_form, permissions_form, *(f for _k, _s, f in step_forms)]
    forms = [form for form in forms if form is not None]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            # All or nothing: one refused part leaves the component as it was.
            with transaction.atomic():
                component = services.rename_component(
                    actor=request.user, component=component, name=name_form.cleaned_data["name"]
                )
                component = services.configure_component(
                    actor=request.user,
                    component=component,
                    settings=settings_form.cleaned_data if settings_form else None,
                    step_settings={k: f.cleaned_data for k, _s, f in step_forms} or None,
                )
                if permissions_form is not None:
                    services.set_action_permissions(
                        actor=request.user,
                        component=component,
                        permissions=permissions_form.cleaned_data,
                    )
        except ServiceError as error:
            name_form.add_error(None, error)
        else:
            messages.success(request, _("Component saved."))
            return redirect(component.get_admin_url())
    return render(
        request,
        "components/backoffice/edit.html",
        _context(
            request,
            component=component,
            manifest=manifest,
            name_form=name_form,
            settings_form=settings_form,
            step_forms=step_forms,
            permissions_form=permissions_form,
            actions=manifest.actions,
            exports=manifest.exports,
        ),
    )


@space_view(with_component=True)
@require_http_methods(["GET"])
def export(request, space, component, name: str):
    """One of the CSV files the component's manifest declares (``exports``): the space's
    administrators only, rows of this component only."""
    from participation.components.exports import csv_text

    declared = component.manifest.exports.get(name)
    if declared is None:
        raise Http404
    response = HttpResponse(
        csv_text(declared.rows(component)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{component.pk}.csv"'
    return response


@space_view()
@require_http_methods(["GET", "POST"])
def reorder(request, space):
    """POST moves one component; GET shows the order with the same buttons (works without JS)."""
    if request.method == "POST":
        form = OrderForm(request.POST)
        if form.is_valid():
            component = get_object_or_404(component_of_space(space, form.cleaned_data["component"]))
            component.set_space(space)
            offset = -1 if form.cleaned_data["direction"] == "up" else 1
            services.move_component(actor=request.user, component=component, offset=offset)
            messages.success(request, _("Order saved."))
        return redirect(request.path)
    return render(
        request,
        "components/backoffice/reorder.html",
        _context(request, components=space_components(space)),
    )


def _confirm(request, space, component, *, service, template_title, button, done):
    if request.method == "POST":
        service(actor=request.user, component=component)
        messages.success(request, done)
        return _list_url(space)
    return render(
        request,
        "components/backoffice/confirm.html",
        _context(request, component=component, title=template_title, button=button),
    )


@space_view(with_component=True)
@require_http_methods(["GET", "POST"])
def publish(request, space, component):
    return _confirm(
        request,
        space,
        component,
        service=services.publish_component,
        template_title=_("Publish “%(name)s”?") % {"name": component.name},
        button=_("Publish"),
        done=_("Component published."),
    )


@space_view(with_component=True)
@require_http_methods(["GET", "POST"])
def unpublish(request, space, component):
    return _confirm(
        request,
        space,
        component,
        service=services.unpublish_component,
        template_title=_("Unpublish “%(name)s”?") % {"name": component.name},
        button=_("Unpublish"),
        done=_("Component unpublished."),
    )


@space_view(with_component=True)
@require_http_methods(["GET", "POST"])
def delete(request, space, component):
    return _confirm(
        request,
        space,
        component,
        service=services.delete_component,
        template_title=_("Delete “%(name)s” and everything it contains?")
        % {"name": component.name},
        button=_("Delete"),
        done=_("Component deleted."),
    )


@space_view(check=can_read_space_backoffice, with_component=True)
def manage(request, space, component, rest: str = ""):
    """The component's own admin pages: space admins, or whom the manifest lets in."""
    try:
        manifest = registry.get(component.manifest_name)
    except registry.UnknownComponent:
        raise Http404 from None
    if not may_open_admin(request.user, space, manifest):
        return render(request, "errors/403.html", status=403)
    return hand_over(
        request,
        urlconf=manifest.admin_urls,
        rest=rest,
        space_type=request.space_type,
        space=space,
        component=component,
    )
