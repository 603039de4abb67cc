"""Events sent inside the transaction of a verification change; receivers record their
follow-ups (notifications) through the outbox."""

from django.dispatch import Signal

# sender=Grant, grant=<Grant>
verification_granted = Signal()
verification_revoked = Signal()
verification_rejected = Signal()
