"""Hostile files for upload tests: polyglots that pass naive content checks.

Built here from a few bytes (no binary fixtures): each is what an attacker would send.
"""

import io

from PIL import Image


def png_bytes(size=(4, 4), colour="#1f4e9c") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def ico_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "#b3242f").save(buffer, "ICO")
    return buffer.getvalue()


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (1, 1)).save(buffer, "GIF")
    return buffer.getvalue()


def gif_js_polyglot() -> bytes:
    """A GIF Pillow decodes that is also JavaScript: ``GIF89a/*<binary>*/=1;alert(...)``.

    The logical screen width bytes become ``/*``, opening a comment that the tail closes.
    """
    gif = bytearray(_gif())
    gif[6:8] = b"/*"
    body = bytes(gif).replace(b"*/", b"\x00\x00")
    return body + b"*/=1;fetch('/admin/',{method:'POST'});alert(document.domain);//"


def gif_html_polyglot(script_src="/media/images/1/plan.js") -> bytes:
    """A valid GIF whose bytes also hold an HTML page loading the script above."""
    return _gif() + f'<html><script src="{script_src}"></script></html>'.encode()


def pdf_html_polyglot() -> bytes:
    """Starts like a PDF, carries an HTML page a sniffing browser would run."""
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        b"<html><body><script>alert(document.cookie)</script></body></html>\n"
        b"1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"
JAVASCRIPT = b"fetch('/admin/',{method:'POST'});alert(document.domain);"

# (label, file name the browser sends, bytes, accepted as an image?, accepted as a document?)
HOSTILE = {
    "gif_js": ("plan.js", gif_js_polyglot),
    "gif_html": ("plan.html", gif_html_polyglot),
    "pdf_html": ("plan.html", pdf_html_polyglot),
    "svg_script": ("plan.svg", lambda: SVG_WITH_SCRIPT),
    "html_as_png": ("photo.png", lambda: HTML_PAGE),
    "js_as_png": ("photo.png", lambda: JAVASCRIPT),
}
# What each is stored as when accepted: the detected type's extension.
STORED_AS = {"gif_js": "gif", "gif_html": "gif", "pdf_html": "pdf"}
# Never anything a browser would execute.
FORBIDDEN_EXTENSIONS = {"js", "mjs", "html", "htm", "svg", "svgz", "xhtml", "xml", "xsl"}


def office_bytes(kind: str) -> bytes:
    """A minimal OOXML (docx/xlsx) or OpenDocument (odt) container, as sniffed by type."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("_rels/.rels", "<Relationships/>")
            part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
            archive.writestr(part, "<x/>")
    return buffer.getvalue()
