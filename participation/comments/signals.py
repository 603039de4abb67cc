"""Events other apps follow: sent inside the write's transaction (receivers record their
follow-ups in the outbox, or update derived data, with the write itself)."""

from django.dispatch import Signal

# comment_created.send(sender=Comment, comment=comment, mentioned_users=[User, ...])
comment_created = Signal()

# comment_deleted.send(sender=Comment, comment=comment): its author deleted it (soft delete).
comment_deleted = Signal()
