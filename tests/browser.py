"""Headless Chromium (Debian's) driven by Playwright for Python, offline: every request that is not
the page itself is blocked and recorded. Skips with a reason where Chromium is absent, never in CI."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


def require_browser() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must install playwright (see .ci/run)")
        pytest.skip("playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


@dataclass
class Visit:
    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    url: str = ""

    def go(self) -> None:
        """Open the page (for a caller that times its loading)."""
        self.page.goto(self.url)


@contextmanager
def open_page(path: Path, width: int = 1500, height: int = 900, wait: bool = True):
    """The page in headless Chromium, offline; with `wait` false, the caller opens it (Visit.go)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": width, "height": height})
        visit = Visit(page, url=url)
        page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.errors.append(str(e)))

        def on_dialog(dialog):
            visit.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

        def route(r):
            if r.request.url == url or r.request.url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                visit.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        if wait:
            page.goto(url)
        try:
            yield visit
        finally:
            browser.close()
