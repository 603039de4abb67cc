"""Normalisation and keyed hashes: how identifying data is stored without being kept.

Every hash is an HMAC-SHA256 keyed with SECRET_KEY and the organisation id,
so the same person yields different values in two organisations, and the
values cannot be reversed by hashing guesses without the server's key.
"""

import hashlib
import hmac
import re
import unicodedata
from datetime import date, datetime

from django.conf import settings

SEPARATOR = "\x1f"  # unit separator: cannot be typed in the fields hashed


def plain_text(value: str) -> str:
    """Lower case, no accents, single spaces: 'Éloïse  MARTIN' == 'eloise martin'."""
    value = unicodedata.normalize("NFKD", str(value))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return " ".join(value.casefold().split())


def compact(value: str) -> str:
    """Identifiers (document numbers, postal codes): upper case, letters and digits only."""
    return re.sub(r"[^0-9A-Z]", "", plain_text(value).upper())


def email(value: str) -> str:
    return str(value).strip().lower()


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def birth_date(value) -> str:
    """ISO date; raises ValueError for anything that is not a real date."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()  # noqa: DTZ007 — a date, no time
        except ValueError:
            continue
    raise ValueError(text)


def _key(organization_id: int, salt: str = "") -> bytes:
    return f"{settings.SECRET_KEY}{SEPARATOR}verifications{SEPARATOR}{organization_id}{SEPARATOR}{salt}".encode()


def keyed_hash(*, organization_id: int, parts: list[str], salt: str = "") -> str:
    message = SEPARATOR.join(parts).encode()
    return hmac.new(_key(organization_id, salt), message, hashlib.sha256).hexdigest()


def fingerprint(*, organization_id: int, method: str, parts: list[str]) -> str:
    """The value that makes one person verifiable by one account only, per method."""
    return keyed_hash(organization_id=organization_id, parts=[method, *parts])
