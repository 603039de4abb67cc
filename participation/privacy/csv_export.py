"""The participants CSV: allow-listed columns, cells safe to open in a spreadsheet."""

import csv
import io

from django.utils.translation import gettext as _

# Cells starting with these run as formulas in spreadsheets (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def columns() -> list[tuple[str, str]]:
    return [
        ("email", _("E-mail address")),
        ("name", _("Name")),
        ("nickname", _("Nickname")),
        ("status", _("Status")),
        ("role", _("Role")),
        ("verifications", _("Verifications")),
        ("date_joined", _("Date joined")),
        ("last_login", _("Last sign-in")),
    ]


def _row(user) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "nickname": user.nickname,
        "status": _("Active") if user.is_active else _("Blocked"),
        "role": _("Administrator") if user.is_org_admin else _("Participant"),
        "verifications": user.verified_count,
        "date_joined": user.date_joined.isoformat(timespec="seconds"),
        "last_login": user.last_login.isoformat(timespec="seconds") if user.last_login else "",
    }


def participants_csv(users) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    keys = [key for key, _label in columns()]
    writer.writerow([safe_cell(label) for _key, label in columns()])
    for user in users:
        row = _row(user)
        writer.writerow([safe_cell(row[key]) for key in keys])
    return buffer.getvalue()
