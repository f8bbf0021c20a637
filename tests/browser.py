"""Driving Debian's headless Chromium with Playwright, and axe-core in it."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

AXE_JS = (
    Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
)
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


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "找不到 chromium：请运行 make test（它会安装 Debian 的 chromium）。"
        )
    return path


@contextmanager
def browser_page(*, width: int = 1280, height: int = 900):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            # axe-core is injected into the page, as auditors do: the strict Content
            # Security Policy of the public pages would refuse it.
            context = browser.new_context(
                viewport={"width": width, "height": height}, bypass_csp=True
            )
            yield context.new_page()
        finally:
            browser.close()


def axe_violations(page) -> list[dict]:
    """Runs axe-core's WCAG 2.1 A and AA rules on the loaded page."""
    if not AXE_JS.exists():
        raise RuntimeError(
            "找不到 axe-core：请运行 make test（它会用 npm 安装 axe-core）。"
        )
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]
