from __future__ import annotations

import pytest

from jiyue.monitor.tests import site
from jiyue.monitor.tests.server import LocalServer


@pytest.fixture(scope="session")
def server():
    with LocalServer(site.served()) as running:
        yield running
