"""Apply French typography to every French catalogue, then compile them.

A developer command (it needs polib, a dev dependency): after adding or merging French
translations, ``manage.py fix_french_typography`` rewrites each ``msgstr`` (and each plural
``msgstr[n]``) of every ``locale/fr/LC_MESSAGES/django.po`` of the project (the root
catalogue and each app's) with ``participation.typography.fix``: no-break space U+00A0
before ``: ; ? !`` and inside « », apostrophe ’; HTML, URLs, placeholders, times and
ratios untouched. Idempotent: a second run changes nothing. ``--check`` lists the faulty
entries and changes nothing (exit status 1 when there are some).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.management.utils import popen_wrapper

from participation.typography import fix, problems

SKIPPED_DIRS = {".venv", "node_modules", ".git"}


def french_catalogues(root: Path | None = None) -> list[Path]:
    """Every French ``django.po`` of the project, the root catalogue and the apps'."""
    root = Path(root or settings.BASE_DIR)
    return sorted(
        path
        for path in root.glob("**/locale/fr/LC_MESSAGES/django.po")
        if not SKIPPED_DIRS.intersection(path.relative_to(root).parts)
    )


def entry_texts(entry) -> list[str]:
    """The French texts of one catalogue entry (its plural forms, or its one text)."""
    if entry.msgid_plural:
        return [text for _, text in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def compile_catalogue(path: Path) -> None:
    """``path``'s ``django.mo``, with msgfmt as ``compilemessages`` runs it."""
    _, errors, status = popen_wrapper(
        ["msgfmt", "--check-format", "-o", str(path.with_suffix(".mo")), str(path)]
    )
    if status:
        raise CommandError(f"msgfmt failed on {path}: {errors}")


def fix_entry(entry) -> bool:
    """Apply the rules to one entry; True when it changed."""
    changed = False
    if entry.msgid_plural:
        for index, text in entry.msgstr_plural.items():
            if fix(text) != text:
                entry.msgstr_plural[index] = fix(text)
                changed = True
    elif fix(entry.msgstr) != entry.msgstr:
        entry.msgstr = fix(entry.msgstr)
        changed = True
    return changed


class Command(BaseCommand):
    help = "Rewrite the French catalogues with French typography (NBSP, ’) and compile them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="List faulty entries, change nothing."
        )

    def handle(self, *args, check=False, **options):
        import polib  # a dev dependency: this command is for developers

        root = Path(settings.BASE_DIR)
        changed_files, faulty = 0, 0
        for path in french_catalogues(root):
            catalogue = polib.pofile(str(path))
            changed = 0
            for entry in catalogue:
                if entry.obsolete:
                    continue
                if check:
                    for text in entry_texts(entry):
                        if broken := problems(text):
                            faulty += 1
                            self.stdout.write(
                                f"{path.relative_to(root)}: {entry.msgid!r}: {', '.join(broken)}"
                            )
                elif fix_entry(entry):
                    changed += 1
            if changed:
                catalogue.save(str(path))
                compile_catalogue(path)
                changed_files += 1
                self.stdout.write(f"{path.relative_to(root)}: {changed} entries rewritten")
        if check:
            if faulty:
                raise CommandError(f"{faulty} French texts break the typography rules.")
            self.stdout.write("French typography: nothing to fix.")
            return
        self.stdout.write(f"French typography: {changed_files} catalogues rewritten.")
