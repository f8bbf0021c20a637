"""无障碍 (accessibility) beyond the static checks: axe-core in headless Chromium on a
sample of each site's pages (at least one of each page type)."""

from jiyue.monitor.accessibility.axe import axe_findings, browser_available
from jiyue.monitor.accessibility.sample import sample_pages

__all__ = ["axe_findings", "browser_available", "sample_pages"]
