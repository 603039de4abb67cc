"""Building the personal-data archive: a README, one JSON file per entry, the avatar."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import gettext as _

from participation.privacy import registry

README_NAME = "LISEZMOI-README.txt"


def _readme_in(language: str, organization_name: str, has_avatar: bool) -> str:
    with translation.override(language):
        lines = [
            _("Your personal data on %(name)s") % {"name": organization_name},
            "",
            _("This archive holds the personal data the platform keeps about you."),
            _("Each JSON file is one part of it (dates are in UTC, ISO 8601):"),
            "",
        ]
        for entry in registry.entries():
            lines.append(f"- {entry.key}.json: {entry.label}. {entry.description}")
        if has_avatar:
            lines.append("- avatar/: " + _("the picture you chose for your profile."))
        lines += [
            "",
            _(
                "Keep this archive in a safe place: it contains your personal data. "
                "The download link expires and the server deletes its copy."
            ),
        ]
    return "\n".join(lines)


def readme(organization_name: str, has_avatar: bool) -> str:
    return "\n\n----------\n\n".join(
        _readme_in(language, organization_name, has_avatar) for language in ("fr", "en")
    )


def _avatar_member(user) -> tuple[str, bytes] | None:
    if not user.avatar:
        return None
    extension = user.avatar.name.rsplit(".", 1)[-1].lower() if "." in user.avatar.name else ""
    extension = "".join(ch for ch in extension if ch.isalnum())[:5]
    try:
        with user.avatar.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return None
    return f"avatar/avatar.{extension or 'img'}", content


def build_archive(user) -> bytes:
    buffer = io.BytesIO()
    avatar = _avatar_member(user)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README_NAME, readme(user.organization.name, avatar is not None))
        for entry in registry.entries():
            data = entry.exporter(user)
            archive.writestr(
                f"{entry.key}.json",
                json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            )
        if avatar is not None:
            archive.writestr(*avatar)
    return buffer.getvalue()
