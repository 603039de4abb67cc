from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogsConfig(AppConfig):
    name = "blogs"
    verbose_name = _("Blogs")

    def ready(self) -> None:
        from blogs import notifications
        from blogs.component import MANIFEST
        from blogs.models import Post
        from participation.comments.registry import register_commentable
        from participation.components.registry import register

        register(MANIFEST)
        register_commentable(Post, permalink=lambda post: post.component.url("detail", pk=post.pk))
        from blogs import hooks  # noqa: F401  (moderation, search, activity feed)

        notifications.register()
