"""Reading a census CSV: a pure function over text, no database.

The first row names the columns (the organisation's identifying fields, in
any order; other columns are ignored). Cells are separated by commas or
semicolons (spreadsheets in French save with semicolons). Every bad row is
reported with its line number; the caller stores nothing unless there is none.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from participation.verifications import hashing

MAX_ERRORS_SHOWN = 50


def normalise(name: str, value: str) -> str:
    """Normalised value of one identifying field; ValueError with a message if invalid."""
    value = (value or "").strip()
    if not value:
        raise ValueError(_("%(field)s is empty.") % {"field": name})
    if name == "birth_date":
        try:
            return hashing.birth_date(value)
        except ValueError:
            raise ValueError(
                _("%(field)s “%(value)s” is not a date (expected YYYY-MM-DD or DD/MM/YYYY).")
                % {"field": name, "value": value[:20]}
            ) from None
    if name == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(
                _("%(field)s “%(value)s” is not an e-mail address.")
                % {"field": name, "value": value[:60]}
            ) from None
        return hashing.email(value)
    normalised = hashing.compact(value)
    if not normalised:
        raise ValueError(_("%(field)s is empty.") % {"field": name})
    return normalised


@dataclass
class ParseResult:
    rows: list[list[str]] = field(default_factory=list)  # normalised values, in field order
    errors: list[str] = field(default_factory=list)


def parse(data: bytes, field_names: list[str]) -> ParseResult:
    result = ParseResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(_("The file is not encoded in UTF-8. Save it as “CSV UTF-8”."))
        return result
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        result.errors.append(_("The file is empty."))
        return result
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    missing = [name for name in field_names if name not in header]
    if missing:
        result.errors.append(
            _(
                "Line 1: missing column(s) %(missing)s; the first line must name the columns %(expected)s."
            )
            % {"missing": ", ".join(missing), "expected": ", ".join(field_names)}
        )
        return result
    positions = [header.index(name) for name in field_names]
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines are harmless
        try:
            values = [
                normalise(name, row[pos] if pos < len(row) else "")
                for name, pos in zip(field_names, positions, strict=True)
            ]
        except ValueError as error:
            if len(result.errors) < MAX_ERRORS_SHOWN:
                result.errors.append(_("Line %(line)s: %(error)s") % {"line": line, "error": error})
            else:
                result.errors.append(_("More errors were not shown."))
                return result
            continue
        result.rows.append(values)
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no resident rows."))
    return result
