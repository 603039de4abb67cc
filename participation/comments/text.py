"""Comment bodies: a narrow HTML allow-list on the way in, mentions linked on the way out."""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow ugc"

# "@nickname" not glued to a word, an address or a path (so "a@b.fr" is no mention).
MENTION = re.compile(r"(?<![\w@/.:-])@([A-Za-z0-9_-]{1,40})")
HASH_MENTION = re.compile(r"(?<![\w#/&])#([a-z]{1,30})-(\d{1,12})\b")
_BLOCK = re.compile(r"<\s*(p|ul|ol|li|br)\b", re.IGNORECASE)


def _clean(value: str) -> str:
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def clean_body(value: str | None) -> str:
    """Sanitised HTML for a body typed as plain text (blank lines: paragraphs) or light HTML."""
    value = (value or "").replace("\r\n", "\n").strip()
    if not value:
        return ""
    if not _BLOCK.search(value):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        value = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return _clean(value).strip()


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(body: str) -> str:
    collector = _TextCollector()
    collector.feed(body or "")
    collector.close()
    return " ".join("".join(collector.parts).split())


def mentioned_nicknames(body: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in MENTION.finditer(plain_text(body)):
        seen.setdefault(match.group(1), None)
    return list(seen)


def hash_mentions(body: str) -> list[tuple[str, int]]:
    seen: dict[tuple[str, int], None] = {}
    for match in HASH_MENTION.finditer(plain_text(body)):
        seen.setdefault((match.group(1), int(match.group(2))), None)
    return list(seen)


# Elements whose content is never text to show (as nh3 drops it on the way in).
_RAW_TAGS = {"script", "style", "template", "iframe", "noscript", "textarea", "title", "xmp"}


class _Linker(HTMLParser):
    """Re-emits sanitised HTML, turning known mentions in text (outside links) into links."""

    def __init__(self, nicknames: set[str], objects: dict[str, str], profile_url):
        super().__init__(convert_charrefs=True)
        self.nicknames = nicknames
        self.objects = objects
        self.profile_url = profile_url
        self.out: list[str] = []
        self.in_link = 0
        self.in_raw = 0

    def handle_starttag(self, tag, attrs):
        if tag in _RAW_TAGS:
            self.in_raw += 1
        if tag not in ALLOWED_TAGS:
            return
        if tag == "a":
            self.in_link += 1
            href = dict(attrs).get("href") or ""
            self.out.append(f'<a href="{html.escape(href, quote=True)}">')
        else:
            self.out.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.out.append("<br>")

    def handle_endtag(self, tag):
        if tag in _RAW_TAGS:
            self.in_raw = max(0, self.in_raw - 1)
        if tag not in ALLOWED_TAGS or tag == "br":
            return
        if tag == "a":
            self.in_link = max(0, self.in_link - 1)
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.in_raw:
            return
        if self.in_link:
            self.out.append(html.escape(data))
            return
        self.out.append(self._link(data))

    def _link(self, text: str) -> str:
        pieces, position = [], 0
        pattern = re.compile(f"{MENTION.pattern}|{HASH_MENTION.pattern}")
        for match in pattern.finditer(text):
            nickname = match.group(1)
            token = match.group(0)
            if nickname is not None:
                if nickname not in self.nicknames:
                    continue
                url = self.profile_url(nickname)
                css = "mention"
            else:
                url = self.objects.get(token)
                if not url:
                    continue
                css = "mention mention-object"
            pieces.append(html.escape(text[position : match.start()]))
            pieces.append(
                f'<a class="{css}" href="{html.escape(url, quote=True)}">{html.escape(token)}</a>'
            )
            position = match.end()
        pieces.append(html.escape(text[position:]))
        return "".join(pieces)


def render_body(body: str, *, nicknames: set[str], objects: dict[str, str], profile_url) -> str:
    """Safe HTML of a stored body with the given nicknames and object tokens linked.

    The stored body was sanitised already; it is re-parsed here, never trusted,
    and the result goes through the allow-list once more.
    """
    linker = _Linker(nicknames, objects, profile_url)
    linker.feed(body or "")
    linker.close()
    result = "".join(linker.out)
    return nh3.clean(
        result,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "class"}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
