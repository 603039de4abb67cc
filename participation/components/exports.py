"""CSV files of component data (a manifest's ``exports``), safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Sequence

from participation.privacy.csv_export import safe_cell


def cell(value) -> str:
    """Numbers as they are (a negative longitude stays a number); any other text a
    spreadsheet would run as a formula is quoted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return safe_cell(value)


def csv_text(rows: Iterable[dict], columns: Sequence[str] | None = None) -> str:
    """``rows`` as CSV under a header of ``columns`` (by default the first row's keys:
    nothing at all for no row)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for index, row in enumerate(rows):
        if index == 0:
            columns = list(columns or row)
            writer.writerow(columns)
        writer.writerow([cell(row.get(name)) for name in columns])
    if out.tell() == 0 and columns:
        writer.writerow(columns)
    return out.getvalue()
