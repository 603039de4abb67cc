"""Rate-limit keys for addresses typed by visitors.

A limit per account must not be escaped by typing the address differently
(``PARTICIPANT9@…``, surrounding spaces): every key made from an e-mail
address goes through ``normalise_email``.
"""


def normalise_email(value: str) -> str:
    return (value or "").strip().casefold()


def posted_email(group, request) -> str:
    """django-ratelimit key: the e-mail address posted, normalised."""
    return normalise_email(request.POST.get("email", ""))
