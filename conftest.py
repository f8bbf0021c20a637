"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from django.conf import settings


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

    cache.clear()
    return corpus_dir


@pytest.fixture
def load_demo_cluster(corpus_dir):
    from jiyue.content.demo.loader import DemoLoader

    def load():
        DemoLoader(corpus_dir).run()

    return load


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker):
    """Loads the demo cluster once into the test database (tests roll back on top)."""
    from jiyue.content.demo.loader import DemoLoader

    with django_db_blocker.unblock():
        DemoLoader(Path(settings.JIYUE_CORPUS_DIR)).run()
