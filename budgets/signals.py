"""Events of the ballot services, sent inside their transaction (sender=Ballot, ballot=...);
receivers record follow-ups through the outbox.

They carry the ballot so receivers (notifications, metrics) can count votes; a receiver
must not publish what a person chose (vote secrecy).
"""

from django.dispatch import Signal

ballot_cast = Signal()
ballot_cancelled = Signal()
