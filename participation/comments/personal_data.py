"""The comments and comment votes a person wrote, for the data export; erasure keeps them.

Comments stay in their threads when an account is deleted (the discussion
keeps its sense); their author then shows as a deleted participant
(privacy.display.display_name), since the account row loses its identity.
"""

from django.utils.translation import gettext_lazy as _

from participation.comments.models import Comment, CommentVote
from participation.privacy.registry import PersonalData, register


def export_comments(user) -> dict:
    comments = [
        {
            "id": comment.pk,
            "on": f"{comment.content_type.app_label}.{comment.content_type.model}",
            "on_id": comment.object_id,
            "in_reply_to": comment.parent_id,
            "body": comment.body,
            "position": comment.get_alignment_display() if comment.alignment is not None else "",
            "official": comment.is_official,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "deleted_at": comment.deleted_at,
        }
        for comment in Comment.objects.filter(
            author=user, organization_id=user.organization_id
        ).select_related("content_type")
    ]
    votes = [
        {"comment": vote.comment_id, "vote": vote.value, "date": vote.created_at}
        for vote in CommentVote.objects.filter(user=user)
    ]
    return {"comments": comments, "comment_votes": votes}


def erase_comments(user) -> None:
    """Comments and votes stay: the erased account shows as deleted next to them.

    Other comments' @mentions of this person stop linking, so that someone
    taking the freed nickname later is not shown as the one mentioned.
    """
    nickname = user.nickname
    if not nickname:
        return
    mentioning = Comment.objects.filter(
        organization_id=user.organization_id, body__contains="@" + nickname
    ).only("pk", "mentions")
    for comment in mentioning:
        if nickname in comment.mentions:
            comment.mentions = [name for name in comment.mentions if name != nickname]
            comment.save(update_fields=["mentions"])


register(
    PersonalData(
        key="comments",
        label=_("Comments"),
        description=_("The comments you wrote, with their dates, and your votes on comments."),
        exporter=export_comments,
        eraser=erase_comments,
        order=60,
    )
)
