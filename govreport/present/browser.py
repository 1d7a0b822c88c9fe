"""Headless Chromium over the DevTools protocol: check a built page, screenshot it, print it to PDF.

Chromium talks to us over a pipe (`--remote-debugging-pipe`: it reads commands on fd 3 and writes
replies on fd 4, each message JSON ended by NUL), so no TCP port is opened and nothing else is needed.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from govreport.errors import ReportError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
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
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0
A4_INCHES = (8.27, 11.69)
NO_BROWSER = (
    "no Chromium found (looked for {names} on PATH and $GOVREPORT_CHROMIUM); install Debian's "
    "`chromium` package (`.ci/run` does) or set GOVREPORT_CHROMIUM to the browser's path"
)
# What a page check reads in the page: the official tables and whether each is drawn on screen.
TABLES_JS = """JSON.stringify([...document.querySelectorAll('table.official')].map(t => {
  const r = t.getBoundingClientRect(), s = getComputedStyle(t);
  return {id: t.dataset.table || '', width: r.width, height: r.height,
          visible: r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'
                   && t.checkVisibility({opacityProperty: true, visibilityProperty: true})};
}))"""


def executable() -> str | None:
    """The Chromium to use: $GOVREPORT_CHROMIUM, else the first of CANDIDATES on PATH, else None."""
    chosen = os.environ.get("GOVREPORT_CHROMIUM")
    if chosen:
        return chosen if shutil.which(chosen) else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@dataclass
class PageCheck:
    """What a browser saw on a page: requests beyond the page itself, tables, fonts of CJK text."""

    url: str
    requests: list[str] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    fonts: dict[str, list[dict]] = field(default_factory=dict)  # CSS selector -> fonts that drew its text
    texts: dict[str, str] = field(default_factory=dict)  # CSS selector -> its text
    console: list[str] = field(default_factory=list)


class Chromium:
    """One headless Chromium with a fresh profile, driven through the DevTools protocol."""

    def __init__(self, path: str | None = None, timeout: float = TIMEOUT):
        self.path = path or executable()
        if self.path is None:
            raise ReportError(NO_BROWSER.format(names=", ".join(CANDIDATES)))
        self.timeout = timeout
        self.events: list[dict] = []
        self._next_id = 0
        self._buffer = b""

    def __enter__(self) -> Chromium:
        self.profile = tempfile.mkdtemp(prefix="govreport-chromium-")
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # Lift the child's ends above 4 first, so the dup2 calls cannot overwrite one another.
        to_browser, from_browser = _high(to_browser), _high(from_browser)

        def onto_fds_3_and_4() -> None:  # runs in the child, before exec
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen(
            [self.path, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=onto_fds_3_and_4,  # noqa: PLW1509 (single-threaded use)
            start_new_session=True,
        )
        os.close(to_browser)
        os.close(from_browser)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except ReportError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()
        os.close(self._write)
        os.close(self._read)
        shutil.rmtree(self.profile, ignore_errors=True)

    # -- the protocol ------------------------------------------------------------------------
    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 0) -> dict:
        """Send one command and wait for its reply; events that arrive meanwhile are kept in `events`."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._write, data) :]
        while True:
            reply = self._receive(timeout or self.timeout, method)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise ReportError(f"Chromium {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str | None = None) -> dict:
        """The first event `method` (of `session`) not yet consumed, waiting for it if needed."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and (session is None or event.get("sessionId") == session):
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise ReportError(f"Chromium: no {method} within {self.timeout:g} s")
            self.events.append(self._receive(left, method))

    def _receive(self, timeout: float, waiting_for: str) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._read], [], [], max(left, 0))
            if not ready:
                raise ReportError(f"Chromium did not answer {waiting_for} within {timeout:g} s")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise ReportError(f"Chromium exited while waiting for {waiting_for}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    # -- pages -------------------------------------------------------------------------------
    def open(self, html_path: str | Path, bypass_csp: bool = False, width: int = 1280) -> str:
        """Load a local page in a new tab, wait until it and its fonts are ready; returns the session id."""
        url = Path(html_path).resolve().as_uri()
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        # The page's own CSP would block a stray request silently; lift it so any attempt is seen.
        self.send("Page.setBypassCSP", {"enabled": bypass_csp}, session=session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        self.evaluate("document.fonts.ready.then(() => true)", session)
        return session

    def evaluate(self, expression: str, session: str) -> object:
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session=session
        )
        if "exceptionDetails" in result:
            raise ReportError(f"Chromium: script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def fonts_of(self, selector: str, session: str) -> list[dict]:
        """The platform fonts Chromium used to draw the text of the first element matching `selector`."""
        self.send("DOM.enable", session=session)
        self.send("CSS.enable", session=session)
        root = self.send("DOM.getDocument", {"depth": 0}, session=session)["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector}, session=session)["nodeId"]
        if not node:
            return []
        return self.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)["fonts"]


def _high(fd: int) -> int:
    raised = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    os.set_inheritable(raised, True)
    return raised


def check_page(html_path: str | Path, font_selectors: tuple[str, ...] = ("h1",)) -> PageCheck:
    """Open a page with its CSP lifted and report what it requested, its tables and its fonts."""
    with Chromium() as browser:
        session = browser.open(html_path, bypass_csp=True)
        url = Path(html_path).resolve().as_uri()
        found = PageCheck(url=url)
        found.tables = json.loads(browser.evaluate(TABLES_JS, session))
        for selector in font_selectors:
            found.fonts[selector] = browser.fonts_of(selector, session)
            text = browser.evaluate(f"document.querySelector({json.dumps(selector)})?.textContent ?? ''", session)
            found.texts[selector] = text
        for event in browser.events:
            params = event.get("params", {})
            if event.get("method") == "Network.requestWillBeSent":
                requested = params["request"]["url"]
                if requested != url and not requested.startswith("data:"):
                    found.requests.append(requested)
            elif event.get("method") == "Log.entryAdded":
                found.console.append(params["entry"].get("text", ""))
            elif event.get("method") == "Runtime.consoleAPICalled":
                found.console.append(" ".join(str(a.get("value", "")) for a in params.get("args", [])))
        return found


def screenshot_bytes(html_path: str | Path, width: int = 1280) -> bytes:
    """A PNG of the whole page at `width` CSS pixels."""
    with Chromium() as browser:
        session = browser.open(html_path, width=width)
        size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = browser.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
            session=session,
        )
        return base64.b64decode(shot["data"])


def pdf_bytes(html_path: str | Path) -> bytes:
    """The page printed on A4, backgrounds kept, page size and margins from its own @page rule."""
    with Chromium() as browser:
        session = browser.open(html_path)
        printed = browser.send(
            "Page.printToPDF",
            {
                "paperWidth": A4_INCHES[0],
                "paperHeight": A4_INCHES[1],
                "printBackground": True,
                "preferCSSPageSize": True,
                "displayHeaderFooter": False,
                "generateDocumentOutline": False,
                "generateTaggedPDF": False,
            },
            session=session,
        )
        return _fixed_dates(base64.b64decode(printed["data"]))


def _fixed_dates(pdf: bytes) -> bytes:
    """The PDF with its creation and modification times set to $SOURCE_DATE_EPOCH (default 0).

    Same-length replacement, so the byte offsets in the PDF's cross-reference table stay right.
    """
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()
    return re.sub(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}", lambda m: m.group(1) + stamp, pdf)


def _write_beside(path: Path, data: bytes) -> None:
    # Written aside and renamed, so a half-printed file never takes the place of a good one.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def screenshot(html_path: str | Path, png_path: str | Path, width: int = 1280) -> Path:
    """Save a PNG of the whole page; returns its path."""
    _write_beside(Path(png_path), screenshot_bytes(html_path, width))
    return Path(png_path)


def print_pdf(html_path: str | Path, pdf_path: str | Path) -> Path:
    """Print a built page to an A4 PDF at `pdf_path` (written aside, then moved in); returns its path."""
    _write_beside(Path(pdf_path), pdf_bytes(html_path))
    return Path(pdf_path)
