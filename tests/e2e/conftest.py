"""Browser tests: Playwright drives Debian's Chromium against a live server.

Chromium maps every *.test host name to 127.0.0.1, so several organisations
are served by the one live server, each on its own host name.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP *.test 127.0.0.1",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core missing: run npm install (make test does it)")
    with sync_playwright() as playwright:
        # launch() gives each run a fresh, temporary profile directory.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def site(live_server, settings):
    """Builds URLs on any host name, served by the live server; links in e-mails are built
    on the organisation's host and PUBLIC_PORT, here the live server's port."""
    port = urlsplit(live_server.url).port
    settings.PUBLIC_PORT = str(port)

    def url(host: str, path: str = "/") -> str:
        return f"http://{host}:{port}{path}"

    return url


def audit(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; return serious and critical violations.

    The script is evaluated through the DevTools protocol, so the page's
    Content Security Policy stays fully in force during the test.
    """
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def assert_accessible(page) -> None:
    violations = audit(page)
    assert violations == [], json.dumps(violations, indent=2)
    assert page.csp_violations == []
