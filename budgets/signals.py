"""Events of the ballot services, sent once the transaction commits (sender=Ballot, ballot=...).

They carry the ballot so receivers (notifications, metrics) can count votes; a receiver
must not publish what a person chose (vote secrecy).
"""

from django.dispatch import Signal

ballot_cast = Signal()
ballot_cancelled = Signal()
