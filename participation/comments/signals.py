"""Events other apps follow (notifications): sent once the transaction has committed."""

from django.dispatch import Signal

# comment_created.send(sender=Comment, comment=comment, mentioned_users=[User, ...])
comment_created = Signal()

# comment_deleted.send(sender=Comment, comment=comment): its author deleted it (soft delete).
comment_deleted = Signal()
