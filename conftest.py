"""Fixtures shared by the whole suite."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On the in-memory SQLite database every request thread shares the test's one
    connection (Django's ``connections_override``). Two requests at once — a page
    and its script's poll, a form post and an asset — then interleave on it: one
    leaves an atomic block while the other reads the connection's state, and
    ``transaction.on_commit`` fails with "cannot be used in manual transaction
    management". Connections are still kept alive and served on threads; only the
    application is entered by one request at a time.
    """

    _lock = threading.Lock()

    def get_app(self):
        app = super().get_app()

        def serialised(environ, start_response):
            with self._lock:
                return app(environ, start_response)

        return serialised


LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture
def corpus_dir() -> Path:
    return Path(settings.JIYUE_CORPUS_DIR)


@pytest.fixture
def demo_cluster(_demo_database, db, corpus_dir):
    """The demo cluster, loaded the way ``make demo`` loads it (once a session).

    Transactional tests (a live server, a browser) flush the database; they load
    the demo themselves with ``load_demo_cluster``.
    """
    from django.core.cache import cache

    from jiyue.interaction.memo import forget_local

    cache.clear()
    forget_local()  # what the public side keeps in the process (sites, mailboxes)
    return corpus_dir


@pytest.fixture
def load_demo_cluster(corpus_dir):
    from jiyue.demo import load_demo_cluster as load_cluster

    def load():
        from django.core.cache import cache

        from jiyue.interaction.memo import forget_local
        from tests import demo_snapshot

        demo_snapshot.load(corpus_dir, load_cluster)
        cache.clear()  # sites and mailboxes cached by host now have new ids
        forget_local()

    return load


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    """Loads the demo cluster once into the test database (tests roll back on top)."""
    from jiyue.demo import load_demo_cluster

    with django_db_blocker.unblock():
        load_demo_cluster(Path(settings.JIYUE_CORPUS_DIR))


@pytest.fixture(autouse=True)
def _second_factor(request, settings):
    """Staff must prove a TOTP code at the admin (JIYUE_REQUIRE_2FA, on by default).

    Tests marked ``second_factor`` run with it on and log in through a verified
    device (``tests.staff.login``); the others keep logging in with
    ``force_login`` as before (docs/decisions/0403-staff-second-factor.md)."""
    settings.JIYUE_REQUIRE_2FA = (
        request.node.get_closest_marker("second_factor") is not None
    )


@pytest.fixture
def make_staff(db):
    """A staff user, with a role on a site (``jiyue.editorial.role_grant``) if given."""
    from django.contrib.auth import get_user_model

    from jiyue.editorial import role_grant

    def make(username: str, role=None, site=None, column=None):
        user = get_user_model().objects.create_user(
            username,
            f"{username}@example.invalid",
            "a-long-password-2026",
            first_name=username,
        )
        if role is not None:
            role_grant(actor=None, user=user, site=site, role=role, column=column)
        return user

    return make


@pytest.fixture
def demo_live(live_server, load_demo_cluster, settings, monkeypatch):
    """The demo served live with all its people (superuser, every role, the reply
    chain), each with the demo password and TOTP device; the portal's address."""
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database reads between browser steps are ordinary synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.DEMO = True
    load_demo_cluster()
    from jiyue.demo import ensure_demo_staff

    ensure_demo_staff()
    return live_server.url.replace("localhost", "www.localhost").replace(
        "127.0.0.1", "www.localhost"
    )
