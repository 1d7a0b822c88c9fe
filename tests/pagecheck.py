"""Test helper: a built page in the system's headless Chromium, driven by Playwright.

What a reader's browser does with a page: which requests it makes (each one is stopped before it leaves the
machine, and recorded), whether every official table is drawn, which fonts draw the Chinese text, how wide it
scrolls, what it looks like (a screenshot), and what axe-core finds against WCAG 2.1 A and AA (axe-core as the PyPI
package axe-playwright-python ships it). Playwright drives the Chromium already installed (Debian's
`chromium`; `.ci/run` installs it): no browser is downloaded, and `playwright install` is never needed.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route, sync_playwright

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--no-sandbox",  # containers and CI run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
)
TIMEOUT_MS = 60_000
NO_CHROMIUM = (
    "no Chromium on this machine (looked for $GOVREPORT_CHROMIUM, then "
    + ", ".join(CANDIDATES)
    + " on PATH); install Debian's `chromium` (.ci/run does)"
)
# A table's cells as a reader sees their lines and text placed: each side's border (width, style, colour), then
# the alignment, weight and wrapping of its text. A JavaScript function of the table, shared with labcheck.
CELLS_JS = """t => [...t.querySelectorAll('th, td')].map(c => {
  const s = getComputedStyle(c);
  return {borders: ['Top', 'Right', 'Bottom', 'Left'].map(side =>
            [s[`border${side}Width`], s[`border${side}Style`], s[`border${side}Color`]].join(' ')),
          align: s.textAlign, valign: s.verticalAlign, weight: s.fontWeight, wrap: s.whiteSpace};
})"""
# The official tables, whether each is drawn on screen, and its cells' lines (CELLS_JS).
TABLES_JS = f"""[...document.querySelectorAll('table.official')].map(t => {{
  const r = t.getBoundingClientRect(), s = getComputedStyle(t);
  return {{id: t.dataset.table || '', width: r.width, height: r.height, cells: ({CELLS_JS})(t),
          visible: r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'
                   && t.checkVisibility({{opacityProperty: true, visibilityProperty: true}})}};
}})"""


# GB/T 37668-2019 follows WCAG 2.1: level A and AA, the rules of 2.0 and those 2.1 added.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def executable() -> str | None:
    """The Chromium to use: $GOVREPORT_CHROMIUM, else the first of CANDIDATES on PATH, else None."""
    chosen = os.environ.get("GOVREPORT_CHROMIUM")
    if chosen:
        return shutil.which(chosen)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@dataclass
class PageCheck:
    """What the browser saw on a page: requests beyond the page itself, tables, fonts of CJK text."""

    url: str
    requests: list[str] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    fonts: dict[str, list[dict]] = field(default_factory=dict)  # CSS selector -> fonts that drew its text
    texts: dict[str, str] = field(default_factory=dict)  # CSS selector -> its text
    console: list[str] = field(default_factory=list)
    overflow_x: float = 0  # how far the page scrolls sideways (<= 0: not at all)


@contextmanager
def chromium():
    """One headless system Chromium with a fresh profile, closed afterwards."""
    path = executable()
    if path is None:
        raise RuntimeError(NO_CHROMIUM)
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=list(FLAGS), timeout=TIMEOUT_MS
        )
        try:
            yield browser
        finally:
            browser.close()


def check_page(
    html_path: str | Path, font_selectors: tuple[str, ...] = ("h1",), screenshot: str | Path | None = None
) -> PageCheck:
    """Open a local page with its CSP lifted (so any attempt is seen, not silently refused) and every request but
    the page's own stopped and recorded; report its tables, fonts and width, and save a full-page PNG if asked."""
    url = Path(html_path).resolve().as_uri()
    found = PageCheck(url=url)

    def stop(route: Route) -> None:
        requested = route.request.url
        if requested == url or requested.startswith("data:"):
            route.continue_()
        else:
            found.requests.append(requested)
            route.abort()

    with chromium() as browser:
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, device_scale_factor=1, bypass_csp=True, service_workers="block"
        )
        context.set_default_timeout(TIMEOUT_MS)
        page: Page = context.new_page()
        page.route("**/*", stop)
        page.on("console", lambda message: found.console.append(message.text))
        page.on("pageerror", lambda error: found.console.append(str(error)))
        page.goto(url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        found.tables = page.evaluate(TABLES_JS)
        found.overflow_x = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        devtools = context.new_cdp_session(page)  # the fonts Chromium drew with are only told over DevTools
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        root = devtools.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        for selector in font_selectors:
            node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            fonts = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"] if node else []
            found.fonts[selector] = fonts
            found.texts[selector] = page.locator(selector).first.text_content() if node else ""
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
        context.close()
    return found


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now laid out (each rule once, with its nodes)."""
    options = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def violations_text(violations: list[dict]) -> str:
    """One line per rule and node: what a person fixing the page reads."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {', '.join(map(str, n['target']))}: {n['html'][:120]}"
        for v in violations
        for n in v["nodes"]
    )
