#!/usr/bin/env python3
"""Open an exported page in headless Chromium (Debian's), offline, time it, and save a screenshot.

    python scripts/screenshot.py out/graph.html scripts/screenshots/graph.png [--select IRI]

Prints the seconds from navigation until the page's data is ready (and, for the graph page, until
the layout has settled), the console errors and any request that tried to leave the page.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--select", help="IRI of a node to select before the screenshot (graph page).")
    parser.add_argument("--width", type=int, default=1500)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    url = args.page.resolve().as_uri()
    errors: list[str] = []
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url == url or r.request.url.startswith(
            ("data:", "blob:")) else (blocked.append(r.request.url), r.abort()))
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function("window.cjkg !== undefined")
        if page.evaluate("window.cjkg.nodes !== undefined"):
            page.wait_for_function("window.cjkg.settled === true", timeout=120_000)
        ready = time.perf_counter() - started
        if args.select:
            page.evaluate(f"window.cjkg.select({args.select!r})")
            page.wait_for_timeout(300)
        args.png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.png))
        browser.close()
    print(f"{args.page}: ready in {ready:.2f} s; console errors: {len(errors)}; blocked requests: {len(blocked)}")
    for e in errors + blocked:
        print("  ", e)
    return 0 if not errors and not blocked else 1


if __name__ == "__main__":
    sys.exit(main())
