"""Test helper: JupyterLab served on loopback from a project root, and notebooks opened in it by headless Chromium.

What an analyst sees: the server is the venv's `jupyter lab` (no browser of its own, a token, a free port on
127.0.0.1, its settings, workspaces and runtime files in a folder of the test's), kernels import this checkout's
govreport; the page is driven by Playwright on the system's Chromium (tests/pagecheck.py), and every request that
leaves the server is stopped and recorded.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pagecheck
from conftest import REPO
from playwright.sync_api import Page, Route

START_SECONDS = 120
RUN_MS = 300_000
# Each output the notebook shows: its kind, and for HTML whether its official tables and chart images are drawn,
# and each table's cells' lines and alignment (pagecheck.CELLS_JS, as report.html is read).
# (JupyterLab keeps classes of an untrusted notebook's HTML but drops data-* attributes: a table is known by caption.)
OUTPUTS_JS = f"""[...document.querySelectorAll('.jp-OutputArea-output')].map(o => ({{
  mime: o.dataset.mimeType || '',
  text: o.innerText.slice(0, 300),
  tables: [...o.querySelectorAll('table.official')].map(t => {{
    const r = t.getBoundingClientRect();
    return {{caption: t.caption ? t.caption.innerText : '', drawn: r.width > 0 && r.height > 0,
            figures: [...t.querySelectorAll('td.num')].map(c => c.textContent.trim()),
            spans: [...t.querySelectorAll('th, td')].map(c => `${{c.rowSpan}}x${{c.colSpan}}`),
            cells: ({pagecheck.CELLS_JS})(t)}};
  }}),
  images: [...o.querySelectorAll('img')].map(i => ({{alt: i.alt, src: i.src, width: i.naturalWidth,
    drawn: i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 0}})),
}}))"""
BUSY_JS = "[...document.querySelectorAll('.jp-InputArea-prompt')].some(p => p.textContent.includes('*'))"


@dataclass
class Lab:
    """A running JupyterLab: where it serves, its token, and the folder it serves."""

    url: str
    token: str
    root: Path


@dataclass
class Seen:
    """What the browser saw of a notebook in JupyterLab."""

    outputs: list[dict]
    requests: list[str] = field(default_factory=list)  # requests that would have left the server

    def of(self, mime: str) -> list[dict]:
        return [o for o in self.outputs if o["mime"] == mime]

    @property
    def tables(self) -> list[dict]:
        return [t for o in self.outputs for t in o["tables"]]

    @property
    def images(self) -> list[dict]:
        return [i for o in self.outputs for i in o["images"]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyterlab(root: Path, state: Path):
    """`jupyter lab` serving `root` on loopback, its own files under `state`; stopped (its kernels too) at the end."""
    port, token = _free_port(), secrets.token_hex(16)
    user_settings = {
        # JupyterLab's own "get news?" prompt would cover the notebook in screenshots; it is not the report's.
        "apputils-extension/notification": {"fetchNews": "false"},
        # Every cell in the page at once (JupyterLab 4 attaches only the cells in view, as a reader scrolls).
        "notebook-extension/tracker": {"windowingMode": "none"},
    }
    for name, values in user_settings.items():
        path = state / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),  # kernels import this checkout's govreport, as `make setup` installs it
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
    }
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        # Nothing asked of the network: no news feed, no update check, no extension index.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    with open(state / "server.log", "wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, root)
    try:
        _wait(lab, server, state / "server.log")
        yield lab
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and the kernels it started
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait(lab: Lab, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"jupyter lab exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{lab.url}/api/status?token={lab.token}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"jupyter lab did not answer in {START_SECONDS} s: {log.read_text(errors='replace')[-2000:]}")


def _stop_outside(lab: Lab, seen: Seen):
    def route(handle: Route) -> None:
        url = handle.request.url
        if url.startswith((lab.url, "data:", "blob:")):
            handle.continue_()
        else:
            seen.requests.append(url)
            handle.abort()

    return route


def _open(page: Page, lab: Lab, path: str) -> None:
    """The notebook at `path` alone in a workspace of its own (nothing restored from an earlier page)."""
    page.goto(f"{lab.url}/lab/workspaces/{secrets.token_hex(4)}/tree/{path}?token={lab.token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=RUN_MS)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_MS)


def _seen(page: Page, seen: Seen, screenshot: Path | None) -> Seen:
    page.evaluate("document.fonts.ready.then(() => true)")
    seen.outputs = page.evaluate(OUTPUTS_JS)
    if screenshot is not None:
        found = page.locator(".jp-OutputArea-output table.official")
        if found.count():
            found.first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot))
    return seen


def open_notebook(lab: Lab, path: str, screenshot: Path | None = None) -> Seen:
    """Open the notebook at `path` (under the served root) and report its outputs as JupyterLab draws them."""
    seen = Seen([])
    with pagecheck.chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", _stop_outside(lab, seen))
        _open(page, lab, path)
        page.wait_for_selector(".jp-OutputArea-output", timeout=RUN_MS)
        return _seen(page, seen, screenshot)


def run_all(lab: Lab, path: str, parameters: str, screenshot: Path | None = None) -> Seen:
    """Open the notebook at `path`, type `parameters` over its first code cell, Run All Cells, wait for the end."""
    seen = Seen([])
    with pagecheck.chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", _stop_outside(lab, seen))
        _open(page, lab, path)
        page.locator(".jp-CodeCell .cm-content").first.click()
        page.keyboard.press("Control+a")
        page.keyboard.type(parameters)
        page.keyboard.press("Escape")
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        page.wait_for_function(f"!({BUSY_JS}) && document.querySelector('.jp-OutputArea-output')", timeout=RUN_MS)
        page.wait_for_function(f"!({BUSY_JS})", timeout=RUN_MS)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=RUN_MS)
        return _seen(page, seen, screenshot)
