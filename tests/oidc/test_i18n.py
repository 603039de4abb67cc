"""The app's own catalogues: French complete, compiled files up to date."""

from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parents[2] / "participation" / "oidc" / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogues_are_complete_and_compiled(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    assert len(source) > 50
    if language == "fr":
        assert [entry.msgid for entry in source.untranslated_entries()] == []
    assert [entry.msgid for entry in source.fuzzy_entries()] == []
    assert [entry.msgid for entry in source.obsolete_entries()] == []
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(folder / "django.mo"))}
    stale = [e.msgid for e in source.translated_entries() if compiled.get(e.msgid) != e.msgstr]
    assert stale == [], "run compilemessages in participation/oidc"


def test_the_english_page_speaks_english(organization, oidc_provider):
    from participation.oidc.services import create_provider
    from tests.conftest import host_client
    from tests.oidc.conftest import CLIENT_ID, CLIENT_SECRET

    organization.sign_in_methods = ["email", "franceconnect"]
    organization.save()
    create_provider(
        actor=None,
        organization=organization,
        kind="franceconnect",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        discovery_url=oidc_provider.discovery_url,
        platform="integration",
    )
    client = host_client(organization.host)
    client.cookies["django_language"] = "en"
    body = client.get("/sign-in/").content.decode()
    assert "Sign in with" in body and "What is FranceConnect?" in body
