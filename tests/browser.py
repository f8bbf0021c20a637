"""Driving Debian's headless Chromium with Playwright, and axe-core in it."""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from jiyue.monitor.accessibility import axe
from jiyue.monitor.accessibility.axe import AXE_JS, CHROMIUM_ARGS

__all__ = ["AXE_JS", "CHROMIUM_ARGS", "chromium_path"]

BROWSER_WAIT_MS = 90_000


def chromium_path() -> str:
    """The product's own lookup (the monitor's axe check), required here."""
    path = axe.chromium_path()
    if not path:
        raise RuntimeError(
            "找不到 chromium：请运行 make test（它会安装 Debian 的 chromium）。"
        )
    return path


_REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__jiyueReport('CSP ' + event.violatedDirective + ' ' + event.blockedURI
    + ' ' + event.sourceFile + ':' + event.lineNumber + ' ' + (event.sample || ''));
});
"""


class PageTroubleError(AssertionError):
    """A page broke the Content Security Policy or threw an uncaught error."""


@contextmanager
def browser_page(*, width: int = 1280, height: int = 900):
    """A page in headless Chromium with the applications' real security policy.

    Every Content-Security-Policy violation and every uncaught JavaScript error
    of any page opened in it is collected; leaving the block with any fails the
    test (the admin's CSP once silently disabled Wagtail's widgets)."""
    from playwright.sync_api import sync_playwright

    trouble: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            # CI runs the SQLite and PostgreSQL suites side by side on two cores,
            # each with its browsers and live server: Playwright's 30 s wait for a
            # page was once not enough there (ADR 0010). A wrong page still fails
            # at the assertion; only a slow one waits longer.
            context.set_default_timeout(BROWSER_WAIT_MS)
            context.expose_function("__jiyueReport", lambda text: trouble.append(text))
            context.add_init_script(_REPORT_VIOLATIONS)
            page = context.new_page()
            page.on("pageerror", lambda error: trouble.append(f"JS {error}"))
            yield page
            page.wait_for_timeout(100)  # reports of the last page's end
        finally:
            browser.close()
    if trouble:
        raise PageTroubleError("\n".join(trouble))


def axe_violations(page) -> list[dict]:
    """Runs axe-core's WCAG 2.1 A and AA rules on the loaded page."""
    if not AXE_JS.exists():
        raise RuntimeError(
            "找不到 axe-core：请运行 make test（它会用 npm 安装 axe-core）。"
        )
    # Evaluated by the browser's devtools protocol, as auditors' extensions run it:
    # not a <script> of the page, so the strict policy stays on and untouched.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


PASSWORD = "jiyue-demo-2026"
SHOTS = Path(
    os.environ.get("JIYUE_SCREENSHOTS", Path(tempfile.gettempdir()) / "jiyue-walk")
)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@contextmanager
def walk():
    """A browser page; on failure its screenshot is kept as failure.png."""
    with browser_page() as page:
        try:
            yield page
        except Exception:
            shot(page, "failure")
            raise


def _unused_code(device) -> str:
    """A code the device will take: django-otp refuses one whose time step it has
    already accepted (its replay guard), so a person signed in again within the same
    30 seconds gives the next step's code, which the device's tolerance of one step
    takes, or waits for the step after."""
    from django_otp.oath import TOTP

    while True:
        device.refresh_from_db()
        clock = TOTP(
            device.bin_key, device.step, device.t0, device.digits, device.drift
        )
        step = clock.t()
        for ahead in range(device.tolerance + 1):
            if step + ahead > device.last_t:
                clock.drift = device.drift + ahead
                return f"{clock.token():0{device.digits}d}"
        time.sleep(1)


def sign_in(page, base: str, username: str) -> None:
    """Password, then a code of the demo authenticator not yet used."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for _attempt in range(3):
        page.goto("about:blank")  # no request of the last page still running
        # A request of the last page that was answered late can set the old
        # session cookie again after it was cleared; then the login page sends
        # the old user on to the dashboard, and we clear and try again.
        page.wait_for_timeout(300)
        page.context.clear_cookies()
        page.goto(base + "/admin/login/")
        # Let the page's own requests (the icon sprite) finish before the login
        # replaces the session they carry (Django answers those with a 400).
        page.wait_for_load_state("networkidle")
        if page.locator("input[name=username]").count():
            break
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/security/2fa/**")
    page.wait_for_load_state("networkidle")
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.fill("input[name=token]", _unused_code(device))
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/2fa/" not in url)
