"""French and English, complete; the organisation decides which languages it offers."""

from pathlib import Path

import polib
import pytest

from tests.conftest import host_client
from tests.factories import make_organization

ROOT = Path(__file__).resolve().parents[2]
# The project catalogue plus each app's own (apps may ship their translations).
CATALOGUE_DIRS = sorted(
    path.parent.parent.parent
    for path in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_default_language_is_the_organisations(organization):
    body = host_client(organization.host).get("/").content.decode()
    assert '<html lang="fr">' in body
    assert "Accueil" in body and "Se connecter" in body


def test_visitor_switches_language_without_javascript(organization):
    client = host_client(organization.host)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/processes/"})
    assert response.status_code == 302 and response["Location"] == "/processes/"
    body = client.get("/processes/").content.decode()
    assert '<html lang="en">' in body and "Sign in" in body


def test_browser_language_is_used_when_offered(organization):
    client = host_client(organization.host)
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en">' in body


def test_a_language_the_organisation_does_not_offer_is_ignored(db):
    french_only = make_organization("Village", "village.test", available_locales=["fr"])
    client = host_client(french_only.host)
    client.cookies["django_language"] = "en"
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="fr">' in body
    assert 'id="language-select"' not in body  # one language: no switcher


def test_project_catalogue_is_found():
    assert ROOT / "locale" in CATALOGUE_DIRS


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("locale_dir", CATALOGUE_DIRS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogues_are_complete(language, locale_dir):
    catalogue = polib.pofile(str(locale_dir / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 0
    if language == "fr":
        untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
        assert untranslated == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("locale_dir", CATALOGUE_DIRS, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogues_match_their_sources(language, locale_dir):
    folder = locale_dir / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))
    # Keyed by context and text: one word ("Accepted") may be translated per context.
    translated = {
        (e.msgctxt, e.msgid): e.msgstr for e in source.translated_entries() if not e.msgid_plural
    }
    compiled_map = {(e.msgctxt, e.msgid): e.msgstr for e in compiled if not e.msgid_plural}
    missing = {key for key, text in translated.items() if compiled_map.get(key) != text}
    assert missing == set(), "run make compilemessages"


def _translations(language: str) -> dict:
    """{(context, msgid, plural): {catalogue: translation}} over every catalogue."""
    found: dict = {}
    for locale_dir in CATALOGUE_DIRS:
        path = locale_dir / language / "LC_MESSAGES" / "django.po"
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            text = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            if text and text != ("",) and not (isinstance(text, tuple) and not any(text[0][1:])):
                key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
                found.setdefault(key, {})[str(locale_dir.relative_to(ROOT))] = text
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_two_catalogues_translate_the_same_string_differently(language):
    """Django merges the catalogues and uses one translation per string and context: two
    apps translating "Block" as "Bloc" and "Bloquer" means one of them shows the wrong word.
    A string that needs different words in different places gets a context."""
    conflicts = {
        key[1] if key[0] is None else f"{key[0]}|{key[1]}": by_catalogue
        for key, by_catalogue in _translations(language).items()
        if len(set(by_catalogue.values())) > 1
    }
    assert conflicts == {}
