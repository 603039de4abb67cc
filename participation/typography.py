"""French typography of translated text: one checker and one fixer, the same rules.

The convention (one for the whole project): a no-break space U+00A0 (never a narrow
U+202F, never a regular space) before ``:`` ``;`` ``?`` ``!`` and ``»`` and after ``«``;
the typographic apostrophe ``’`` instead of ``'`` after a letter.

Never touched: HTML tags and their attributes, HTML entities, URLs (``https://…``,
``www.…``), placeholders (``%(name)s``, ``%s``, ``{name}``), times and ratios (``10:30``,
``4,5:1``, ``%(ratio).1f:1``: a colon with no space before and a digit or a placeholder
after is not punctuation of the sentence).

``fix`` is idempotent (``fix(fix(text)) == fix(text)``) and ``problems(fix(text)) == []``:
``manage.py fix_french_typography`` rewrites the French catalogues with it, and
tests/participation/test_french_typography.py checks every French entry with ``problems``.
"""

import re

NBSP = "\N{NO-BREAK SPACE}"
NNBSP = "\N{NARROW NO-BREAK SPACE}"

# Protected pieces are replaced by one private-use character while the rules run: a tag
# or entity (markup) by U+E000, a placeholder or URL (a word of the sentence) by U+E001.
_MARKUP, _WORD = "\ue000", "\ue001"
_PROTECTED = re.compile(
    r"(?P<markup><[^<>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)"
    r"|(?P<word>"
    r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"«»]*"  # https://…, mailto is below
    r"|(?:mailto|tel):[^\s<>\"«»]+"
    r"|www\.[^\s<>\"«»]+"
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(ratio).1f
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifgeEFxXr%]"  # %s, %d, %%
    r"|\{[^{}\s]*\}"  # {name}, {0}
    r")"
)
_SPACES = f" {NNBSP}"
_LETTER = r"[^\W\d_]"
_END = rf"(?=$|[\s{NBSP}{_MARKUP}).,;:!?»\"’'])"  # what may follow a punctuation mark
_AFTER_OTHER = rf"(?<=[^\s{NBSP}:;?!«(\[])"  # after a character, not a space, mark or opening


def _mask(text: str) -> tuple[str, list[str]]:
    pieces: list[str] = []

    def keep(match: re.Match) -> str:
        pieces.append(match.group(0))
        return _MARKUP if match.group("markup") else _WORD

    return _PROTECTED.sub(keep, text), pieces


def _unmask(text: str, pieces: list[str]) -> str:
    found = iter(pieces)
    return re.sub(f"[{_MARKUP}{_WORD}]", lambda _: next(found), text)


# (name, pattern finding a fault in masked text, replacement)
_RULES = [
    # A space (regular or narrow) before a mark becomes a no-break space.
    ("space before « : ; ? ! »", re.compile(rf"[{_SPACES}]+(?=[;?!»])"), NBSP),
    ("space before :", re.compile(rf"[{_SPACES}]+(?=:)"), NBSP),
    ("space after «", re.compile(rf"(?<=«)[{_SPACES}]+"), NBSP),
    # No space at all: one is added (``Catégorie:`` -> ``Catégorie :``).
    ("no space before ; ? !", re.compile(rf"{_AFTER_OTHER}(?=[;?!]{_END})"), NBSP),
    ("no space before :", re.compile(rf"{_AFTER_OTHER}(?=:(?:$|[\s{NBSP}{_MARKUP}]))"), NBSP),
    ("no space before »", re.compile(rf"(?<=[^\s{NBSP}])(?=»)"), NBSP),
    ("no space after «", re.compile(rf"(?<=«)(?![\s{NBSP}]|$)"), NBSP),
    ("straight apostrophe", re.compile(rf"(?<={_LETTER})'"), "’"),
]


def problems(text: str) -> list[str]:
    """The names of the rules ``text`` breaks (empty when its typography is right)."""
    masked, _ = _mask(text)
    return [name for name, pattern, _ in _RULES if pattern.search(masked)]


def fix(text: str) -> str:
    """``text`` with every rule applied; protected pieces come back unchanged."""
    masked, pieces = _mask(text)
    for _, pattern, replacement in _RULES:
        masked = pattern.sub(replacement, masked)
    return _unmask(masked, pieces)
