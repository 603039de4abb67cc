"""The blogs component's events. Names are stored: never renamed (see participation.events)."""

from django.utils.translation import gettext_lazy as _

from participation.events import LoggedEvent, NotificationEvent

post_created = LoggedEvent(
    name="create_post",
    label=_("Post created"),
    sentence=_("%(actor)s wrote the post “%(target)s”"),
)
post_updated = LoggedEvent(
    name="update_post",
    label=_("Post updated"),
    sentence=_("%(actor)s updated the post “%(target)s”"),
)
post_deleted = LoggedEvent(
    name="delete_post",
    label=_("Post deleted"),
    sentence=_("%(actor)s deleted the post “%(target)s”"),
)

post_published_notification = NotificationEvent(
    name="blogs.post_published",
    label=_("A new post is published in a space you follow"),
    sentence=_("New post: “%(title)s”"),
)
