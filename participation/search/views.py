from django.shortcuts import render
from django.views.decorators.http import require_GET

from participation.search.forms import SearchForm
from participation.search.selectors import search
from participation.space_types import SPACE_TYPES
from participation.spaces import visible_spaces

MAX_PAGE = 500


def _page_number(request) -> int:
    """The ``page`` asked for; anything else than a number in range is the first page."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= MAX_PAGE else 1


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


@require_GET
def search_page(request):
    organization, user = request.organization, request.user
    spaces = []
    for space_type in SPACE_TYPES.values():
        spaces.extend(
            visible_spaces(space_type=space_type, organization=organization, user=user)
            .prefetch_related(None)
            .order_by("title")
        )
    form = SearchForm(request.GET or None, spaces=spaces)
    results, text = None, ""
    if form.is_valid():
        text = form.cleaned_data["q"]
        results = search(
            organization=organization,
            user=user,
            text=text,
            type_key=form.cleaned_data["type"],
            space=form.cleaned_data["space"],
            page=_page_number(request),
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "text": text,
            "searched": bool(text),
            "previous_url": _page_url(request, results.number - 1)
            if results and results.has_previous
            else "",
            "next_url": _page_url(request, results.number + 1)
            if results and results.has_next
            else "",
        },
        status=status,
    )
