from django.shortcuts import render
from django.views.decorators.http import require_GET

from participation.search.forms import SearchForm
from participation.search.selectors import search
from participation.space_types import SPACE_TYPES
from participation.spaces import visible_spaces


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
    groups, text = [], ""
    if form.is_valid():
        text = form.cleaned_data["q"]
        groups = search(
            organization=organization,
            user=user,
            text=text,
            type_key=form.cleaned_data["type"],
            space=form.cleaned_data["space"],
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "search/search.html",
        {"form": form, "groups": groups, "text": text, "searched": bool(text)},
        status=status,
    )
