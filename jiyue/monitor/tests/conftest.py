from __future__ import annotations

import pytest

from jiyue.monitor.tests import platform_site, site
from jiyue.monitor.tests.server import LocalServer


@pytest.fixture(scope="session")
def server():
    with LocalServer(site.served()) as running:
        yield running


@pytest.fixture
def platform_server(settings, tmp_path):
    """The demo portal's host answered by a loopback server; nothing else reachable."""
    served = platform_site.served()
    with LocalServer(served) as running:
        settings.JIYUE_MONITOR_HOST_MAP = {"*": running.address}
        settings.JIYUE_MONITOR_LOOPBACK_ONLY = True
        settings.JIYUE_MONITOR_CHECK_EXTERNAL = False
        settings.JIYUE_MONITOR_AXE = False  # one test turns the browser on
        settings.VAR_DIR = tmp_path
        settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"  # nothing published
        running.served = served
        yield running


@pytest.fixture
def portal(demo_cluster):
    from jiyue.cluster.models import SiteProfile

    return SiteProfile.objects.select_related("site__root_page").get(
        site__hostname=platform_site.HOST
    )


@pytest.fixture(autouse=True)
def _private_targets_allowed(settings):
    """The monitor's tests crawl servers on 127.0.0.1: let them (the SSRF rule of
    docs/decisions/0512 is off; tests of the rule turn it back on)."""
    settings.JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS = True
