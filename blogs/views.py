"""Public blog pages. The framework has checked the space and the component."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from participation.comments.selectors import with_comment_counts
from participation.moderation.selectors import exclude_hidden, is_hidden
from spaces.permissions import can_moderate_space


def _context(request, **extra):
    component = request.component
    return {
        "space": request.space,
        "space_type": request.space_type,
        "component": component,
        "settings": component.typed_settings,
        "can_comment": component.can(request.user, "comment", space=request.space),
        **extra,
    }


@require_GET
def index(request):
    component = request.component
    posts = with_comment_counts(exclude_hidden(component.posts.visible()).select_related("author"))
    paginator = Paginator(posts, component.typed_settings.posts_per_page)
    # get_page turns any bad ?page= value into a valid page number; it is never echoed.
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "blogs/index.html", _context(request, page_obj=page))


@require_GET
def detail(request, pk: int):
    post = get_object_or_404(request.component.posts.visible().select_related("author"), pk=pk)
    hidden = is_hidden(post)
    # Hidden by moderation: gone for residents; its moderators still read it, with a notice.
    if hidden and not can_moderate_space(request.user, request.space):
        raise Http404
    return render(
        request,
        "blogs/detail.html",
        _context(request, post=post, breadcrumb_item=post.title, hidden=hidden),
    )
