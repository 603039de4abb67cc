"""Posting, editing, deleting and voting on comments: plain POST forms, no JS needed.

Every lookup goes through the request's organisation and the target's
visibility: a comment or object of another organisation is a 404.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participation.comments import services
from participation.comments.forms import CommentForm, NewCommentForm, VoteForm
from participation.comments.models import Comment, CommentVote
from participation.comments.permissions import can_answer_officially
from participation.comments.targets import find_target, target_of_comment
from participation.errors import ErrorCode, ServiceError


def _comment_and_target(request, pk: int):
    comment = (
        Comment.objects.select_related("content_type", "author")
        .filter(organization_id=request.organization.pk, pk=pk)
        .first()
    )
    if comment is None:
        raise Http404
    target = target_of_comment(comment, user=request.user, organization=request.organization)
    if target is None:
        raise Http404
    return comment, target


def _refused(request, form, error: ServiceError, context: dict):
    form.add_error(None, error)
    status = 403 if error.error_code == ErrorCode.PERMISSION_DENIED else 400
    return render(request, "comments/form_page.html", {"form": form, **context}, status=status)


@require_POST
def create(request, key: str, object_id: int):
    target = find_target(
        key=key, object_id=object_id, organization=request.organization, user=request.user
    )
    if target is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(target.permalink())
    official_allowed = can_answer_officially(
        user=request.user, component=target.component, space=target.space
    )
    form = NewCommentForm(request.POST, can_answer_officially=official_allowed)
    context = {"target": target, "title": _("Your comment")}
    if not form.is_valid():
        return render(request, "comments/form_page.html", {"form": form, **context}, status=400)
    data = form.cleaned_data
    parent = None
    if data.get("parent"):
        parent = Comment.objects.filter(
            organization_id=request.organization.pk, pk=data["parent"]
        ).first()
        if parent is None:
            error = ServiceError(_("This reply does not belong here."), ErrorCode.INVALID)
            return _refused(request, form, error, context)
    try:
        comment = services.create_comment(
            actor=request.user,
            target=target,
            body=data["body"],
            alignment=data.get("alignment"),
            parent=parent,
            official=bool(data.get("official")),
        )
    except ServiceError as error:
        return _refused(request, form, error, context)
    messages.success(request, _("Your comment is published."))
    return redirect(target.comment_url(comment))


def permalink(request, pk: int):
    comment, target = _comment_and_target(request, pk)
    return redirect(target.comment_url(comment))


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    comment, target = _comment_and_target(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise Http404
    context = {"target": target, "comment": comment, "title": _("Edit your comment")}
    if request.method == "GET":
        form = CommentForm(initial={"body": comment.body, "alignment": comment.alignment})
        return render(request, "comments/form_page.html", {"form": form, **context})
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(request, "comments/form_page.html", {"form": form, **context}, status=400)
    try:
        services.update_comment(
            actor=request.user,
            comment=comment,
            target=target,
            body=form.cleaned_data["body"],
            alignment=form.cleaned_data.get("alignment"),
        )
    except ServiceError as error:
        return _refused(request, form, error, context)
    messages.success(request, _("Your comment is updated."))
    return redirect(target.comment_url(comment))


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    comment, target = _comment_and_target(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise Http404
    if request.method == "GET":
        return render(request, "comments/delete.html", {"target": target, "comment": comment})
    try:
        services.delete_comment(actor=request.user, comment=comment)
    except ServiceError as error:
        messages.error(request, error.messages[0])
        return redirect(target.comment_url(comment))
    messages.success(request, _("Your comment is deleted."))
    return redirect(target.comment_url(comment))


@require_POST
def vote(request, pk: int):
    comment, target = _comment_and_target(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(target.comment_url(comment))
    form = VoteForm(request.POST)
    if not form.is_valid():
        error = ServiceError(_("Choose a valid vote."), ErrorCode.INVALID)
        return _vote_refused(request, target, comment, error)
    value = CommentVote.UP if form.cleaned_data["value"] == "up" else CommentVote.DOWN
    try:
        services.vote_comment(actor=request.user, comment=comment, target=target, value=value)
    except ServiceError as error:
        return _vote_refused(request, target, comment, error)
    return redirect(target.comment_url(comment))


def _vote_refused(request, target, comment, error: ServiceError):
    return render(
        request,
        "comments/refused.html",
        {"target": target, "comment": comment, "message": error.messages[0]},
        status=403 if error.error_code == ErrorCode.PERMISSION_DENIED else 400,
    )
