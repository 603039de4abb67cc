"""One formatter for numbers and money (participation.numbers, Babel): each language has
one style, "1 200 000 €" in French and "€1,200,000" in English, in templates and in code."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from participation.numbers import format_money, format_number

NNBSP, NBSP = "\N{NARROW NO-BREAK SPACE}", "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("fr", 1200000, f"1{NNBSP}200{NNBSP}000{NBSP}€"),
        ("fr", Decimal("12345.50"), f"12{NNBSP}345,50{NBSP}€"),
        ("fr", Decimal("70000.00"), f"70{NNBSP}000{NBSP}€"),
        ("fr", None, f"0{NBSP}€"),
        ("en", 1200000, "€1,200,000"),
        ("en", Decimal("12345.50"), "€12,345.50"),
        ("en", "70000.00", "€70,000"),
    ],
)
def test_money_by_language(language, amount, expected):
    with translation.override(language):
        assert format_money(amount) == expected


@pytest.mark.parametrize(
    ("language", "value", "decimals", "expected"),
    [
        ("fr", 1200, None, f"1{NNBSP}200"),
        ("fr", 2.5, None, "2,5"),
        ("fr", Decimal("41.26"), 1, "41,3"),
        ("en", 1200, None, "1,200"),
        ("en", 2.5, None, "2.5"),
        ("en", 7, 2, "7.00"),
        ("en", None, None, ""),
        ("en", "n/a", None, "n/a"),
    ],
)
def test_numbers_by_language(language, value, decimals, expected):
    with translation.override(language):
        assert format_number(value, decimals) == expected


def test_one_language_never_shows_both_styles():
    with translation.override("fr"):
        french = [format_money(1200000), format_number(1200000)]
    with translation.override("en"):
        english = [format_money(1200000), format_number(1200000)]
    assert not any("," in text or text.startswith("€") for text in french)
    assert not any(NNBSP in text or NBSP in text or text.endswith("€") for text in english)


def test_template_filters():
    template = Template(
        "{% load number_tags %}{{ amount|money }} / {{ count|number }} / {{ share|number:1 }}"
    )
    context = Context({"amount": Decimal("40000"), "count": 12345, "share": 41.26})
    with translation.override("fr"):
        assert template.render(context) == f"40{NNBSP}000{NBSP}€ / 12{NNBSP}345 / 41,3"
    with translation.override("en"):
        assert template.render(context) == "€40,000 / 12,345 / 41.3"


def test_no_other_money_formatting_in_templates():
    """Amounts go through |money: no "€" written next to a number by hand."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    skipped = {".venv", "node_modules", "tests", ".git"}
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if not skipped & set(path.relative_to(root).parts)
        and ("}} €" in (text := path.read_text(encoding="utf-8")) or "floatformat" in text)
    ]
    assert offenders == []
