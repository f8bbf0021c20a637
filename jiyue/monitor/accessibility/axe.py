"""axe-core (WCAG 2.1 A/AA rules) in Debian's headless Chromium through Playwright.

Every request the browser makes goes through ``_route``: the monitor's host map is
applied (demo ``*.localhost`` hosts, test servers) and, with
``JIYUE_MONITOR_LOOPBACK_ONLY``, anything but loopback is refused.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import shutil
from pathlib import Path

import httpx

from jiyue.monitor.i18n import _
from jiyue.monitor.network import (
    checked_client,
    connect_url,
    is_refused,
    platform_hosts,
)
from jiyue.quality.findings import Finding

logger = logging.getLogger(__name__)
AXE_DIR = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
AXE_LOCALE = AXE_DIR / "locales" / "zh_CN.json"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SEVERITY = {"critical": "error", "serious": "error", "moderate": "warning"}
PAGE_TIMEOUT_MS = 15_000
AXE_RUN = "(options) => axe.run(document, options)"
AXE_CONFIGURE = "(locale) => axe.configure({locale})"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_available() -> bool:
    """Chromium, axe-core and Playwright are all there (else axe is skipped)."""
    return (
        chromium_path() is not None
        and AXE_JS.exists()
        and importlib.util.find_spec("playwright") is not None
    )


class AxeBrowser:
    """One headless Chromium for a batch of pages (``with AxeBrowser() as b``)."""

    def __enter__(self) -> AxeBrowser:
        from playwright.sync_api import sync_playwright

        # Read before the browser starts: Playwright's sync API runs an event loop
        # in this thread, where Django refuses the database (SynchronousOnlyOperation)
        # — the route below decides every request of the page without it.
        self._hosts = platform_hosts()
        self._client = checked_client(timeout=10.0)
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            self._context = self._browser.new_context(service_workers="block")
            self._context.route("**/*", self._route)
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._browser.close()
        finally:
            self._stop()

    def _stop(self) -> None:
        """The event loop ends whatever happened, so that the thread may use the
        database again (the crawl stores its findings next)."""
        try:
            self._playwright.stop()
        finally:
            self._client.close()

    def run(
        self, url: str, *, rules: list[str] | None = None, wait_until: str = "load"
    ) -> dict:
        """axe-core's raw result for one page (``violations``, ``passes``, …)."""
        page = self._context.new_page()
        try:
            page.goto(url, timeout=PAGE_TIMEOUT_MS, wait_until=wait_until)
            page.add_script_tag(path=str(AXE_JS))
            if AXE_LOCALE.exists():
                page.evaluate(AXE_CONFIGURE, json.loads(AXE_LOCALE.read_text("utf-8")))
            options = (
                {"runOnly": {"type": "rule", "values": rules}}
                if rules
                else {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
            )
            return page.evaluate(AXE_RUN, options)
        finally:
            page.close()

    def _route(self, route) -> None:
        """Every request of the page: host map applied, non-loopback refused."""
        url = route.request.url
        if not url.startswith(("http://", "https://")):
            route.continue_()
            return
        if is_refused(url, self._hosts):
            route.abort("blockedbyclient")
            return
        target, headers = connect_url(url)
        try:
            response = self._client.request(
                route.request.method, target, headers=headers
            )
        except httpx.HTTPError:
            route.abort("failed")
            return
        route.fulfill(
            status=response.status_code,
            headers={
                k: v
                for k, v in response.headers.items()
                if k.lower() not in {"content-encoding", "content-length"}
            },
            body=response.content,
        )


def axe_findings(urls: list[str]) -> list[Finding]:
    """``accessibility`` findings of axe-core on each page (one per rule and page)."""
    if not urls or not browser_available():
        return []
    findings: list[Finding] = []
    with AxeBrowser() as browser:
        for url in urls:
            try:
                result = browser.run(url)
            except Exception as exc:  # noqa: BLE001 - one page never stops the rest
                logger.warning("axe: %s: %s", url, exc)
                continue
            findings += [_finding(url, v) for v in result["violations"]]
    return findings


def _finding(url: str, violation: dict) -> Finding:
    nodes = violation.get("nodes") or [{}]
    return Finding(
        type="accessibility",
        severity=SEVERITY.get(violation.get("impact") or "", "info"),
        url=url,
        evidence=(nodes[0].get("html") or "")[:300],
        message=_("无障碍问题（axe-core %(rule)s）：%(help)s，共 %(n)s 处")
        % {"rule": violation["id"], "help": violation["help"], "n": len(nodes)},
        extra={"rule": violation["id"], "nodes": len(nodes)},
    )
