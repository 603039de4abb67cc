"""Sign-up and mail helpers shared by the accounts tests."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from tests.factories import PASSWORD

LINK = re.compile(r"https?://[^\s]+")


def signup_data(**overrides) -> dict:
    data = {
        "name": "Camille Martin",
        "nickname": "",
        "email": "camille@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def links_sent_to(address: str) -> list[str]:
    found = []
    for message in mail.outbox:
        if address in message.to:
            found += LINK.findall(message.body)
    return found


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def current_code(secret: str, steps_ago: int = 0) -> str:
    """The authenticator app's code of the moment (or of ``steps_ago`` 30-second steps
    before) for this TOTP secret."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 - steps_ago))
