"""Public pages of a "pages" component. The framework has checked space and component."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET


def _context(request, **extra):
    component = request.component
    return {
        "space": request.space,
        "space_type": request.space_type,
        "component": component,
        "settings": component.typed_settings,
        **extra,
    }


@require_GET
def index(request):
    pages = list(request.component.pages.all())
    if len(pages) == 1:
        # One page: the component is that page.
        return render(request, "pages/detail.html", _context(request, page=pages[0]))
    return render(request, "pages/index.html", _context(request, pages=pages))


@require_GET
def detail(request, pk: int):
    page = get_object_or_404(request.component.pages, pk=pk)
    if request.component.pages.count() == 1:
        return redirect(request.component.get_absolute_url())
    return render(
        request, "pages/detail.html", _context(request, page=page, breadcrumb_item=page.title)
    )
