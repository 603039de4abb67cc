"""Events other apps listen to.

``identity_confirmed`` is sent once a FranceConnect sign-in has committed:
the verification framework grants "identity confirmed by FranceConnect" on it.
Arguments: ``user``, ``provider_kind`` ("franceconnect"), ``claims`` (the
stored identity claims: given_name, family_name, birthdate, email...) and
``organization``.
"""

from django.dispatch import Signal

identity_confirmed = Signal()
