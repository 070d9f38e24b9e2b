#!/usr/bin/env python3
"""Open an exported page in headless Chromium (Debian's), offline, time it, and save a screenshot.

    python scripts/screenshot.py out/graph.html scripts/screenshots/graph.png [--select NAME] [--scroll-to CSS]
    python scripts/screenshot.py --readme out        # every screenshot of the README, from a build

Prints the seconds from navigation until the page's data is ready (and, for the graph page, until
the layout has settled), the console errors and any request that tried to leave the page. Khmer and
Japanese names show as boxes unless the system has fonts for them (Debian: fonts-khmeros,
fonts-ipafont-gothic).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

SHOTS = Path(__file__).parent / "screenshots"
# The README's screenshots: (page in OUT, picture, what to select, what to scroll to).
README = (("graph.html", "graph.png", None, None),
          ("graph.html", "graph-panel.png", "Hun Sen", None),
          ("timeline.html", "timeline.png", None, None),
          ("report/centrality.html", "report-beyond.png", None, "#beyond"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path, help="The page, or with --readme the build folder (OUT).")
    parser.add_argument("png", type=Path, nargs="?")
    parser.add_argument("--select", help="Name or IRI of a node to select before the screenshot (graph page).")
    parser.add_argument("--scroll-to", help="CSS selector of an element to scroll to before the screenshot.")
    parser.add_argument("--readme", action="store_true", help="Take every screenshot of the README from OUT.")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    if args.readme:
        return max(shoot(args.page / page, SHOTS / png, select, scroll, args.width, args.height)
                   for page, png, select, scroll in README)
    if args.png is None:
        parser.error("give the picture to write")
    return shoot(args.page, args.png, args.select, args.scroll_to, args.width, args.height)


def shoot(page_path: Path, png: Path, select: str | None, scroll_to: str | None, width: int, height: int) -> int:
    """Open `page_path`, wait until it is ready, select and scroll as asked, and save `png`."""
    url = page_path.resolve().as_uri()
    errors: list[str] = []
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url == url or r.request.url.startswith(
            ("data:", "blob:")) else (blocked.append(r.request.url), r.abort()))
        started = time.perf_counter()
        page.goto(url)
        if page.evaluate("window.cjkg !== undefined && window.cjkg.network !== undefined"):
            page.wait_for_function("window.cjkg.settled === true", timeout=120_000)
        ready = time.perf_counter() - started
        if select:
            page.evaluate("name => window.cjkg.select(name)", select)
            page.wait_for_timeout(300)
        if scroll_to:
            page.eval_on_selector(scroll_to, "e => e.scrollIntoView()")
            page.wait_for_timeout(100)
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()
    print(f"{page_path}: ready in {ready:.2f} s; console errors: {len(errors)}; blocked requests: {len(blocked)}")
    for e in errors + blocked:
        print("  ", e)
    return 0 if not errors and not blocked else 1


if __name__ == "__main__":
    sys.exit(main())
