"""Walking every URL pattern and every form of the site with junk, for test_fuzz.

- ``endpoints()`` lists every URL pattern: the root URLconf's, and each component's
  public and admin URLconfs mounted under a real component of the organisation.
- ``crawl()`` follows the links and forms a person sees from the home page, recording the
  real values of path parameters (``pools``) and the fields of each form (``forms``).
- ``requests_for()`` is a Hypothesis strategy of requests to one endpoint: its path
  parameters from the real values or junk, GET with junk query strings, POST with junk
  fields in every encoding (url-encoded in several charsets, multipart with files, raw
  bytes, JSON), other methods now and then.
- ``send()`` sends one inside a transaction rolled back afterwards, so the database stays
  the seeded one from the first request to the last.
"""

import json
import re
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.converters import get_converters
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern
from hypothesis import strategies as st

from participation.components import registry
from participation.components.models import Component

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

JUNK_STRINGS = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999999999",
    "9223372036854775808",
    "1e309",
    "NaN",
    "-inf",
    "true",
    "null",
    "[]",
    "{}",
    "2027-13-45",
    "2027-02-30T25:61",
    "../../etc/passwd",
    "%00",
    "\x00",
    "a\x00b",
    "\ud7ff\ufffd",
    "é" * 3,
    "😀",
    "\u202e",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "javascript:alert(1)",
    "//evil.example/",
    "http://evil.example/",
    "#ffffff",
    "x" * 5000,
    "\r\nSet-Cookie: a=b",
]
COMMON_QUERY_NAMES = [
    "page",
    "q",
    "sort",
    "order",
    "next",
    "per_page",
    "category",
    "area",
    "state",
    "filter",
    "type",
    "step",
    "format",
    "tab",
    "scope",
    "date",
    "lat",
    "lng",
    "bbox",
    "id",
]
CHARSETS = ["utf-8", "utf-16", "latin-1", "x-no-such-charset", "utf-32", "ascii", ""]
METHODS = ["GET", "GET", "GET", "POST", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"]


@dataclass(frozen=True)
class Endpoint:
    """A URL pattern, with the prefix it is mounted under (a real component's URL)."""

    route: str
    prefix: str = "/"
    regex: str | None = None  # a re_path pattern instead of a route

    @property
    def key(self) -> str:
        return self.prefix + self.route if self.regex is None else self.regex


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern.pattern, RegexPattern):
            yield prefix, str(pattern.pattern)
        else:
            yield prefix + str(pattern.pattern), None


def _urlconf_routes(urlconf: str):
    return list(_walk(get_resolver(urlconf).url_patterns))


def endpoints(organization) -> list[Endpoint]:
    found = []
    for route, regex in _walk(get_resolver().url_patterns):
        if regex is not None:
            found.append(Endpoint(route="", prefix="/" + route, regex=regex))
        else:
            found.append(Endpoint(route=route))
    # Each kind of component, mounted under one real component of the organisation.
    seen = set()
    for component in Component.objects.filter(organization=organization).order_by("pk"):
        if component.manifest_name in seen:
            continue
        seen.add(component.manifest_name)
        manifest = registry.get(component.manifest_name)
        public = component.get_absolute_url()
        admin = _admin_base(component)
        for urlconf, base in ((manifest.public_urls, public), (manifest.admin_urls, admin)):
            if urlconf:
                for route, regex in _urlconf_routes(urlconf):
                    if regex is None:
                        found.append(Endpoint(route=route, prefix=base))
    return found


def _admin_base(component) -> str:
    return reverse(
        "spaces_backoffice:components:manage",
        kwargs={
            "space_type": component.space_type,
            "slug": component.space.slug,
            "component_id": component.pk,
        },
    )


# --- Crawling: real values and forms ---------------------------------------------------


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = (attrs.get("action") or "", (attrs.get("method") or "get").upper(), {})
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form and attrs.get("name"):
            self._form[2].setdefault(attrs["name"], []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


@dataclass
class SiteMap:
    pools: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    forms: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))
    pages: int = 0


def _route_of(path: str):
    """The endpoint key and path parameters a concrete path resolves to (both levels)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None, {}
    kwargs = dict(match.kwargs)
    rest = kwargs.get("rest")
    if "component_id" in kwargs and (match.url_name or "").startswith(("public-", "manage")):
        component = Component.objects.filter(pk=kwargs["component_id"]).first()
        if component is None:
            return None, kwargs
        manifest = registry.get(component.manifest_name)
        is_admin = path.startswith("/admin/")
        urlconf = manifest.admin_urls if is_admin else manifest.public_urls
        base = _admin_base(component) if is_admin else component.get_absolute_url()
        try:
            inner = resolve("/" + (rest or ""), urlconf=urlconf)
        except Resolver404:
            return None, kwargs
        kwargs.update(inner.kwargs)
        return base + inner.route, kwargs
    return "/" + match.route, kwargs


def crawl(client, *, limit: int) -> SiteMap:
    site = SiteMap()
    queue, seen, per_route = ["/"], {"/"}, defaultdict(int)
    while queue and site.pages < limit:
        path = queue.pop(0)
        response = client.get(path)
        site.pages += 1
        if response.status_code >= 500:
            raise AssertionError(f"GET {path} answered {response.status_code} while crawling")
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = _PageParser()
        parser.feed(response.content.decode("utf-8", "replace"))
        for action, method, fields in parser.forms:
            target = urlsplit(action).path or path
            key, _ = _route_of(target)
            if key and method == "POST":
                site.forms[key].update(fields)
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            key, kwargs = _route_of(parts.path)
            if key is None:
                continue
            for name, value in kwargs.items():
                site.pools[name].add(str(value))
            url = parts.path + (f"?{parts.query}" if parts.query else "")
            if url not in seen and per_route[key] < 3 and not parts.path.startswith("/media/"):
                seen.add(url)
                per_route[key] += 1
                queue.append(url)
    return site


# --- Requests ----------------------------------------------------------------------------

junk_text = st.one_of(
    st.sampled_from(JUNK_STRINGS),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _parameter(name: str, converter_name: str | None, site: SiteMap):
    converter = get_converters()[converter_name or "str"]
    pattern = re.compile(converter.regex)
    real = sorted(v for v in site.pools.get(name, ()) if pattern.fullmatch(v))
    junk = st.one_of(
        st.from_regex(f"(?:{converter.regex})", fullmatch=True).filter(lambda v: len(v) < 60),
        st.sampled_from(["0", "1", "999999999", "99999999999999999999", "a", "-"]),
    )
    return st.one_of(st.sampled_from(real), junk) if real else junk


@st.composite
def _path(draw, endpoint: Endpoint, site: SiteMap):
    if endpoint.regex is not None:
        inner = draw(st.from_regex(endpoint.regex.lstrip("^").rstrip("$"), fullmatch=True))
        return endpoint.prefix + quote(inner[:80], safe="/")

    def fill(match):
        value = draw(_parameter(match["name"], match["converter"], site))
        return quote(value, safe="/" if match["converter"] == "path" else "")

    return endpoint.prefix + PARAMETER.sub(fill, endpoint.route)


@dataclass
class FuzzRequest:
    method: str
    path: str
    query: list[tuple[str, str]]
    body: object = None  # dict (form fields), bytes or str
    content_type: str | None = None
    headers: dict = field(default_factory=dict)
    enforce_csrf: bool = False  # sent by a client that checks CSRF tokens, as browsers do

    def describe(self) -> str:
        query = f"?{urlencode(self.query)}" if self.query else ""
        body = repr(self.body)
        if len(body) > 400:
            body = body[:400] + "..."
        extra = f" headers={self.headers}" if self.headers else ""
        csrf = " (CSRF checked)" if self.enforce_csrf else ""
        return f"{self.method} {self.path}{query} [{self.content_type}] {body}{extra}{csrf}"


def _fields(draw, names: list[str]) -> dict:
    chosen = draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True))
    extra = draw(st.lists(st.text(min_size=1, max_size=10), max_size=2))
    return {name: draw(st.lists(junk_text, min_size=1, max_size=2)) for name in chosen + extra}


JUNK_HEADERS = {
    "HTTP_ACCEPT_LANGUAGE": st.sampled_from(["en", "de", "*", "", "fr-FR;q=x", "xx" * 100]),
    "HTTP_HX_REQUEST": st.just("true"),
    "HTTP_REFERER": junk_text,
    "HTTP_ACCEPT": st.sampled_from(["application/json", "*/*", "text/html;q=", ""]),
    "HTTP_COOKIE": st.sampled_from(
        ["django_language=xx", "django_language=", "csrftoken=short", "sessionid=junk"]
    ),
}


@st.composite
def requests_for(draw, endpoint: Endpoint, site: SiteMap):
    request = draw(_requests_for(endpoint, site))
    if draw(st.integers(0, 3)) == 0:
        names = draw(st.lists(st.sampled_from(sorted(JUNK_HEADERS)), max_size=2, unique=True))
        request.headers = {name: draw(JUNK_HEADERS[name]) for name in names}
    if request.method == "POST" and draw(st.integers(0, 3)) == 0:
        request.enforce_csrf = True
    return request


@st.composite
def _requests_for(draw, endpoint: Endpoint, site: SiteMap):
    path = draw(_path(endpoint, site))
    form = site.forms.get(endpoint.key, {})
    names = sorted(set(form) - {"csrfmiddlewaretoken"}) or COMMON_QUERY_NAMES[:4]
    method = draw(st.sampled_from(METHODS))
    query = []
    if draw(st.booleans()):
        for name, values in _fields(draw, names + COMMON_QUERY_NAMES).items():
            query += [(name, value) for value in values]
    if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return FuzzRequest(method, path, query)
    kind = draw(st.sampled_from(["form", "form", "charset", "multipart", "raw", "json"]))
    if kind == "form":
        # Mostly the real form's values, some fields replaced by junk.
        fields = {name: values[:1] for name, values in form.items()}
        fields.update(_fields(draw, names))
        return FuzzRequest(method, path, query, fields, None)
    if kind == "charset":
        charset = draw(st.sampled_from(CHARSETS))
        body = urlencode(_fields(draw, names), doseq=True)
        content_type = "application/x-www-form-urlencoded" + (
            f"; charset={charset}" if charset else ""
        )
        return FuzzRequest(method, path, query, body, content_type)
    if kind == "multipart":
        fields = _fields(draw, names)
        for name in draw(st.lists(st.sampled_from(names), max_size=2)):
            fields[name] = SimpleUploadedFile(
                draw(st.sampled_from(["a.png", "b.pdf", "c.html", "../d.js", " .", "e" * 300])),
                draw(st.binary(max_size=200)),
                content_type=draw(st.sampled_from(["image/png", "text/html", "", "x/y"])),
            )
        return FuzzRequest(method, path, query, fields, "multipart")
    if kind == "json":
        return FuzzRequest(
            method, path, query, json.dumps(_fields(draw, names)), "application/json"
        )
    content_type = draw(
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "text/plain",
                "application/octet-stream",
            ]
        )
    )
    return FuzzRequest(method, path, query, draw(st.binary(max_size=300)), content_type)


def _encoded(body, content_type: str) -> bytes:
    if isinstance(body, bytes):
        return body
    charset = content_type.partition("charset=")[2] or "utf-8"
    try:
        return body.encode(charset)
    except (LookupError, UnicodeEncodeError):
        return body.encode("utf-8")


def send(client, request: FuzzRequest):
    """The response, or the exception the request raised; nothing it wrote is kept."""
    method = getattr(client, request.method.lower())
    path = request.path + (f"?{urlencode(request.query)}" if request.query else "")
    kwargs = dict(request.headers)
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type == "multipart" or request.content_type is None:
            if request.method == "POST":
                kwargs["data"] = request.body or {}
            else:
                kwargs["data"] = urlencode(request.body or {}, doseq=True)
                kwargs["content_type"] = "application/x-www-form-urlencoded"
        else:  # bytes as they are, whatever charset the header claims
            method = partial(client.generic, request.method)
            kwargs["data"] = _encoded(request.body, request.content_type)
            kwargs["content_type"] = request.content_type
    try:
        with transaction.atomic():
            try:
                return method(path, **kwargs)
            finally:
                transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 — reported as the failure it is
        return error
    finally:
        if request.method != "GET":
            cache.clear()  # nothing cached from rows that were rolled back


def failure_of(request: FuzzRequest, outcome, role: str) -> str | None:
    if isinstance(outcome, Exception):
        frames = traceback.extract_tb(outcome.__traceback__)
        where = next(
            (
                f"{f.filename}:{f.lineno}"
                for f in reversed(frames)
                if "site-packages" not in f.filename
            ),
            "?",
        )
        return (
            f"[{role}] {request.describe()} -> {outcome.__class__.__name__}: {outcome} at {where}"
        )
    if outcome.status_code >= 500:
        return f"[{role}] {request.describe()} -> {outcome.status_code}"
    return None
