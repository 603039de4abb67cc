"""Money as people read it, exact (decimals, never floats)."""

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format


def money(amount) -> str:
    """12 345,50 € in French, €12,345.50 in English; whole amounts without decimals."""
    amount = Decimal(amount or 0)
    places = 0 if amount == amount.to_integral_value() else 2
    text = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    if (translation.get_language() or "fr").startswith("en"):
        return f"€{text}"
    return f"{text}\N{NO-BREAK SPACE}€"
