"""French typography of every French catalogue: NBSP (U+00A0) before : ; ? ! and inside
« », apostrophe ’; HTML, URLs, placeholders, times and ratios untouched.

After adding French strings: ``python manage.py fix_french_typography``.
"""

import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command

from participation.management.commands.fix_french_typography import (
    entry_texts,
    fix_entry,
    french_catalogues,
)
from participation.typography import NBSP, fix, problems

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = french_catalogues(ROOT)


def test_every_catalogue_is_checked():
    """The root catalogue and each of the Makefile's APP_CATALOGUES."""
    found = {str(path.relative_to(ROOT)) for path in CATALOGUES}
    apps = re.findall(r"^APP_CATALOGUES \+?:?= (.+)$", (ROOT / "Makefile").read_text(), re.M)
    expected = {"locale"} | {f"{app}/locale" for line in apps for app in line.split()}
    assert len(expected) > 10
    assert {f"{folder}/fr/LC_MESSAGES/django.po" for folder in expected} <= found


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_french_catalogue_typography(path):
    faults = [
        (entry.msgid, text, problems(text))
        for entry in polib.pofile(str(path))
        if not entry.obsolete
        for text in entry_texts(entry)
        if problems(text)
    ]
    assert faults == [], "run: python manage.py fix_french_typography"


BAD_TO_GOOD = [
    ("Catégorie :", f"Catégorie{NBSP}:"),
    ("Catégorie:", f"Catégorie{NBSP}:"),
    ("Vraiment ?", f"Vraiment{NBSP}?"),
    ("Vraiment?!", f"Vraiment{NBSP}?!"),
    ("Merci !", f"Merci{NBSP}!"),
    ("Merci\N{NARROW NO-BREAK SPACE}!", f"Merci{NBSP}!"),
    ("un ; deux", f"un{NBSP}; deux"),
    ("« %(title)s »", f"«{NBSP}%(title)s{NBSP}»"),
    ("«titre»", f"«{NBSP}titre{NBSP}»"),
    ("l'équipe d'aujourd'hui", "l’équipe d’aujourd’hui"),
    ("%(name)s: publié", f"%(name)s{NBSP}: publié"),
    ('<a href="/x">Lien</a> !', f'<a href="/x">Lien</a>{NBSP}!'),
]


@pytest.mark.parametrize(("bad", "good"), BAD_TO_GOOD)
def test_the_checker_catches_and_the_fixer_repairs(bad, good):
    assert problems(bad) != []
    assert fix(bad) == good
    assert problems(good) == []
    assert fix(good) == good  # idempotent


UNTOUCHED = [
    "Réunion à 10:30.",
    "Sans https:// ni port, par exemple https://participer.ville.fr/?page=2.",
    "Contraste %(ratio).1f:1, au moins 4,5:1.",
    "<span class=\"visually-hidden\" title='x'>Modifier</span>",
    "Écrivez à mailto:contact@ville.fr",
    "{count}/{total}",
    "%(hours)s:%(minutes)s",
    "Texte déjà correct\N{NO-BREAK SPACE}: l’équipe, «\N{NO-BREAK SPACE}ok\N{NO-BREAK SPACE}»\N{NO-BREAK SPACE}!",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_markup_urls_placeholders_times_and_ratios_are_untouched(text):
    assert problems(text) == []
    assert fix(text) == text


def test_plural_forms_are_fixed():
    entry = polib.POEntry(
        msgid="%(n)s vote?",
        msgid_plural="%(n)s votes?",
        msgstr_plural={0: "%(n)s vote ?", 1: "%(n)s votes?"},
    )
    assert fix_entry(entry) is True
    assert entry.msgstr_plural == {0: f"%(n)s vote{NBSP}?", 1: f"%(n)s votes{NBSP}?"}
    assert fix_entry(entry) is False


def test_the_command_rewrites_a_catalogue_and_is_idempotent(tmp_path, settings):
    folder = tmp_path / "app" / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    catalogue.append(polib.POEntry(msgid="Category:", msgstr="Catégorie :"))
    catalogue.append(polib.POEntry(msgid="Don't", msgstr="N'oubliez pas !"))
    catalogue.save(str(folder / "django.po"))
    (tmp_path / ".venv" / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    settings.BASE_DIR = tmp_path

    with pytest.raises(CommandError):
        call_command("fix_french_typography", check=True, stdout=StringIO())
    call_command("fix_french_typography", stdout=StringIO(), verbosity=0)

    texts = [entry.msgstr for entry in polib.pofile(str(folder / "django.po"))]
    assert texts == [f"Catégorie{NBSP}:", f"N’oubliez pas{NBSP}!"]
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(folder / "django.mo"))}
    assert compiled["Category:"] == f"Catégorie{NBSP}:"
    before = (folder / "django.po").read_bytes()
    out = StringIO()
    call_command("fix_french_typography", stdout=out)
    assert "0 catalogues rewritten" in out.getvalue()
    assert (folder / "django.po").read_bytes() == before
    call_command("fix_french_typography", check=True, stdout=StringIO())
