"""One date style per language: templates and code name a format of config/formats
(``|date:"DATE_FORMAT"``), never spell a pattern (``|date:"d/m/Y"``), so French pages never
mix ``5 décembre 2026`` and ``2026-12-05``. Machine formats are allowed in a ``datetime``
attribute only (``<time datetime="{{ day|date:'c' }}">``)."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "tests", ".git"}
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
}
MACHINE = {"c", "Y-m-d", "U", "r"}  # ISO 8601 and friends, for datetime="" attributes

TEMPLATE_FILTER = re.compile(
    r"""\|\s*(?P<filter>date|time)\b(?:\s*:\s*(?P<q>["'])(?P<format>.*?)(?P=q))?"""
)
PYTHON_CALL = re.compile(
    r"""\b(?:date_format|time_format)\([^()]*?,\s*(?P<q>["'])(?P<format>.*?)(?P=q)"""
)
DATETIME_ATTRIBUTE = re.compile(r"""datetime=["']\{\{[^}]*$""")


def _files(*suffixes: str):
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.suffix in suffixes and not parts & SKIPPED and path.is_file():
            yield path


def literal_formats_in_template(text: str) -> list[str]:
    """The date patterns a template spells instead of naming a format."""
    found = []
    for match in TEMPLATE_FILTER.finditer(text):
        pattern = match.group("format")
        if pattern in NAMED:
            continue
        in_attribute = DATETIME_ATTRIBUTE.search(text[: match.start()].rsplit("<", 1)[-1])
        if pattern in MACHINE and in_attribute:
            continue
        found.append(pattern or "(no format: the default)")
    return found


def test_templates_name_their_date_formats():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _files(".html", ".txt")
        if (found := literal_formats_in_template(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_python_names_its_date_formats():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _files(".py")
        if (
            found := [
                m.group("format")
                for m in PYTHON_CALL.finditer(path.read_text(encoding="utf-8"))
                if m.group("format") not in NAMED
            ]
        )
    }
    assert offenders == {}


@pytest.mark.parametrize(
    ("template", "found"),
    [
        ('{{ day|date:"d/m/Y" }}', ["d/m/Y"]),
        ("{{ day|date:'j F Y' }}", ["j F Y"]),
        ("{{ day|date }}", ["(no format: the default)"]),
        ('<p>{{ day|date:"c" }}</p>', ["c"]),  # a machine format shown to people
        ('{{ at|time:"H:i" }}', ["H:i"]),
        ('<time datetime="{{ day|date:\'c\' }}">{{ day|date:"DATE_FORMAT" }}</time>', []),
        ('{% blocktranslate with d=day|date:"SHORT_DATE_FORMAT" %}', []),
    ],
)
def test_the_check_catches_literal_patterns(template, found):
    assert literal_formats_in_template(template) == found


def test_one_style_per_language():
    import datetime

    day = datetime.datetime(2026, 12, 5, 14, 30)
    with translation.override("fr"):
        assert date_format(day, "DATE_FORMAT") == "5 décembre 2026"
        assert date_format(day, "DATETIME_FORMAT") == "5 décembre 2026 à 14:30"
        assert date_format(day, "SHORT_DATE_FORMAT") == "05/12/2026"
    with translation.override("en"):
        assert date_format(day, "DATE_FORMAT") == "5 December 2026"
        assert date_format(day, "DATETIME_FORMAT") == "5 December 2026, 14:30"
        assert date_format(day, "SHORT_DATE_FORMAT") == "5 Dec 2026"
