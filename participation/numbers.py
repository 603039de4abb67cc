"""Numbers and money as people read them, by the active language: the one formatter.

Babel (the CLDR data, maintained) does the work, so one language never shows two styles:
``1 200 000 €`` in French (narrow no-break spaces between groups, a no-break space before
the sign, as the CLDR writes them), ``€1,200,000`` in English. Templates use the ``money``
and ``number`` filters of ``participation/templatetags/number_tags.py``; Python code (e-mails,
service messages, charts) calls ``format_money`` and ``format_number``.

Money is exact (``Decimal``, never a float): whole amounts are written without decimals,
others with two (``12 345,50 €``).
"""

import functools
import re
from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils import translation

CURRENCY = "EUR"


def _locale() -> Locale:
    return _parsed_locale(translation.get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=16)
def _parsed_locale(language: str) -> Locale:
    # Parsing the CLDR data costs more than formatting: once per language and process.
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def format_money(amount, currency: str = CURRENCY) -> str:
    """``12 500 €`` / ``€12,500``; ``12 345,50 €`` / ``€12,345.50``; nothing as 0."""
    value = _decimal(amount) or Decimal(0)
    locale = _locale()
    pattern = locale.currency_formats["standard"].pattern
    if value == value.to_integral_value():
        pattern = re.sub(r"\.0+", "", pattern)  # whole amounts: no decimals
    return format_currency(value, currency, format=pattern, locale=locale, currency_digits=False)


def format_number(value, decimals: int | None = None) -> str:
    """``1 200`` / ``1,200``; ``decimals`` fixes the digits after the separator (else as
    many as the value has, up to three). A value that is not a number is returned as is."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if decimals is None:
        return format_decimal(number, locale=_locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(number, format=pattern, locale=_locale())
