"""Headless Chromium for page tests: Debian's ``chromium`` driven by Playwright for Python.

Playwright's own browser download needs the internet, so the tests use the system browser
(``apt-get install chromium``; ``.ci/run`` installs it in CI). Tests that need it skip only when
it is missing, and never when ``KG_REQUIRE_TOOLS`` is set (as in CI). ``tests/`` is on
``sys.path`` (its ``conftest.py`` puts it there), so any test module can import this one::

    from browser_support import needs_chromium, open_page

    @needs_chromium
    def test_page(tmp_path):
        with open_page(path.as_uri()) as (page, errors):
            assert page.locator("#node-count").inner_text() == "3"
        assert errors == []

``errors`` collects console errors, uncaught page exceptions and failed requests, so a page that
tries to reach the network (a CDN) fails its test on this offline machine.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

#: the browser, overridable with KG_CHROMIUM
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """The Chromium executable, or None when none is installed."""
    env = os.environ.get("KG_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def chromium_available() -> bool:
    """True when Chromium and Playwright for Python are both installed."""
    if chromium_path() is None:
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


#: CI sets KG_REQUIRE_TOOLS=1 (``.ci/run``): there a missing browser fails the test, never skips it
TOOLS_REQUIRED = bool(os.environ.get("KG_REQUIRE_TOOLS"))

needs_chromium = pytest.mark.skipif(not TOOLS_REQUIRED and not chromium_available(),
                                    reason="needs chromium (apt-get install chromium) and playwright")


@contextmanager
def open_page(url: str, *, width: int = 1400, height: int = 900, timeout_ms: int = 15000):
    """Open ``url`` in headless Chromium; yields ``(page, errors)``.

    Args:
        url: usually ``Path.as_uri()`` of a file.
        width, height: the viewport, in CSS pixels.
        timeout_ms: default timeout of every Playwright wait on the page.

    ``errors`` is a live list of strings: console messages of type ``error``, uncaught
    exceptions (``pageerror``) and failed requests. The browser is closed on exit.
    """
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(timeout_ms)
            page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
            page.on("requestfailed", lambda r: errors.append(f"requestfailed: {r.url} {r.failure}"))
            page.goto(url, wait_until="load")
            yield page, errors
        finally:
            browser.close()


__all__ = ["CHROMIUM_ARGS", "TOOLS_REQUIRED", "chromium_available", "chromium_path", "needs_chromium", "open_page"]
