"""Date and number formats, one style per language (settings.FORMAT_MODULE_PATH).

Templates name the format (``|date:"DATE_FORMAT"``, ``"SHORT_DATE_FORMAT"``,
``"DATETIME_FORMAT"``, ``"SHORT_DATETIME_FORMAT"``, ``"YEAR_MONTH_FORMAT"``), never a
pattern of letters: tests/participation/test_date_formats.py checks. Numbers and money
are written by participation.numbers (Babel); the separators here match it for the few
values Django itself writes. What is not set here is Django's own (input formats).
"""
