"""Comments' events. Names are stored: never renamed (see participation.events)."""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent, NotificationEvent

comment_created = LoggedEvent(
    name="create_comment",
    label=_("Comment posted"),
    sentence=_("%(actor)s posted the comment %(target)s"),
    payload=("target",),
)
comment_updated = LoggedEvent(
    name="update_comment",
    label=_("Comment edited"),
    sentence=_("%(actor)s edited the comment %(target)s"),
    payload=("edited",),
)
comment_deleted = LoggedEvent(
    name="delete_comment",
    label=_("Comment deleted"),
    sentence=_("%(actor)s deleted the comment %(target)s"),
)
comment_voted = LoggedEvent(
    name="vote_comment",
    label=_("Comment voted on"),
    sentence=_("%(actor)s voted on the comment %(target)s"),
    payload=("vote",),
)

# --- What people hear about -------------------------------------------------------------------

comment_created_notification = NotificationEvent(
    name="comments.comment_created",
    label=_("A new comment on something you follow"),
    sentence=_("%(actor)s commented on “%(title)s”"),
)
mention_notification = NotificationEvent(
    name="comments.mention",
    label=_("Someone mentions you in a comment"),
    sentence=_("%(actor)s mentioned you in a comment on “%(title)s”"),
)
reply_notification = NotificationEvent(
    name="comments.reply",
    label=_("Someone replies to your comment"),
    sentence=_("%(actor)s replied to your comment on “%(title)s”"),
)
