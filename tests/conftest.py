"""Fixtures of the cross-app tests."""

import pytest

from tests.browser import PASSWORD


@pytest.fixture
def demo(live_server, load_demo_cluster, settings, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database reads between browser steps are ordinary synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.DEMO = True
    load_demo_cluster()
    from jiyue.accounts.demo import demo_staff

    demo_staff(PASSWORD)
    return live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )
