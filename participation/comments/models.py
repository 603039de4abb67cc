"""Comments on anything commentable (blog posts now; proposals, debates, meetings later)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Root comments have depth 0; replies go down to MAX_DEPTH. A reply to a comment at
# MAX_DEPTH is attached to that comment's parent, so it sits beside it at MAX_DEPTH.
MAX_DEPTH = 3
MAX_BODY_LENGTH = 5000  # characters of text (the markup is not counted)


class Alignment(models.IntegerChoices):
    AGAINST = -1, _("Against")
    NEUTRAL = 0, _("Neutral")
    IN_FAVOUR = 1, _("In favour")


class CommentQuerySet(models.QuerySet):
    def of_target(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=target.pk,
        )


class Comment(models.Model):
    organization = models.ForeignKey(
        "participation.Organization", on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    # Sanitised HTML (comments.text.clean_body): paragraphs, bold, italic, links, lists.
    body = models.TextField(_("comment"))
    # Plain nicknames mentioned with @nickname, linked at display time when they still exist.
    mentions = models.JSONField(default=list, blank=True)
    # Other objects mentioned with #kind-id: [{"token": "#proposal-12", "url": "/..."}].
    object_mentions = models.JSONField(default=list, blank=True)
    alignment = models.SmallIntegerField(
        _("position"), choices=Alignment.choices, null=True, blank=True
    )
    is_official = models.BooleanField(_("official reply"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    up_votes = models.PositiveIntegerField(default=0)
    down_votes = models.PositiveIntegerField(default=0)
    # Replies under this comment at any depth (deleted ones keep their place).
    replies_count = models.PositiveIntegerField(default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="comment_target"),
            models.Index(fields=["organization", "author"], name="comment_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__lte=MAX_DEPTH), name="comment_depth_at_most_max"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="comment_depth_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def score(self) -> int:
        return self.up_votes - self.down_votes


class CommentVote(models.Model):
    UP, DOWN = 1, -1

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_votes"
    )
    value = models.SmallIntegerField(choices=[(UP, "+1"), (DOWN, "-1")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_vote_per_comment"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="comment_vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} on #{self.comment_id}"
