"""What personal data each app holds about a person, and how to export and erase it.

A component declares its ``PersonalData`` entries in its manifest's ``personal_data``;
the core apps and ``spaces`` register theirs from a ``personal_data.py`` module (found
by autodiscovery).
The export zip has one JSON file per entry; account deletion runs every eraser
inside the deletion's transaction, so an eraser that fails cancels the deletion.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

Exporter = Callable[[object], dict | list]
Eraser = Callable[[object], None]


@dataclass(frozen=True)
class PersonalData:
    key: str  # also the JSON file name in the archive: letters, digits, dashes
    label: Promise
    # Shown on /privacy/ and in the archive's README: what this part contains.
    description: Promise
    exporter: Exporter
    eraser: Eraser | None = None
    order: int = 100


_entries: dict[str, PersonalData] = {}


def check_key(key: str) -> None:
    if not key.replace("-", "").isalnum():
        raise ValueError(f"Personal data key must be alphanumeric: {key!r}")


def register(entry: PersonalData) -> PersonalData:
    check_key(entry.key)
    _entries[entry.key] = entry
    return entry


def unregister(key: str) -> None:
    _entries.pop(key, None)


def entries() -> list[PersonalData]:
    """The core's, then every component manifest's, in ``order``."""
    from participation.components.registry import declared

    merged = {**_entries, **{entry.key: entry for entry in declared("personal_data")}}
    return sorted(merged.values(), key=lambda entry: (entry.order, entry.key))
