"""Word diffs between versions, as escaped HTML with <ins>/<del> marks."""

import difflib
import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe


def plain(html: str) -> str:
    """Text a reader sees: paragraphs become line breaks, tags go, entities are decoded."""
    text = re.sub(r"</(p|li|h[2-4]|blockquote)>|<br\s*/?>", "\n", html or "")
    return unescape(strip_tags(text)).strip()


def html_diff(before: str, after: str) -> SafeString:
    """Every piece of text is escaped before the <ins>/<del> marks are added."""
    old = re.findall(r"\S+|\s+", plain(before))
    new = re.findall(r"\S+|\s+", plain(after))
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 — every text part above is escaped
