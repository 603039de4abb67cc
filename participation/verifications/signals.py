"""Events sent once a verification change is committed (notifications, caches)."""

from django.dispatch import Signal

# sender=Grant, grant=<Grant>
verification_granted = Signal()
verification_revoked = Signal()
verification_rejected = Signal()
