"""The verifications app ships its own complete catalogues."""

from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parents[2] / "participation" / "verifications" / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogue_is_complete_and_compiled(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    assert len(source) > 100
    if language == "fr":
        assert [e.msgid for e in source.untranslated_entries()] == []
    assert [e.msgid for e in source.fuzzy_entries()] == []
    assert [e.msgid for e in source.obsolete_entries()] == []
    # Keyed by context too: "Rejected" (a verification) and "Rejected" differ.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(folder / "django.mo"))}
    stale = {
        e.msgid
        for e in source.translated_entries()
        if compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    }
    assert stale == set(), "run compilemessages in participation/verifications"
