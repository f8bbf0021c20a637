"""Every search test has its own index directory and a fresh vocabulary."""

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def search_dir(tmp_path, settings):
    from jiyue.search import lexicon

    settings.JIYUE_SEARCH_DIR = tmp_path / "search"
    lexicon.forget_local()
    yield settings.JIYUE_SEARCH_DIR
    lexicon.forget_local()


def engine_names() -> list[str]:
    """tantivy everywhere; PostgreSQL's engine where the database is PostgreSQL."""
    return ["tantivy", "postgres"] if connection.vendor == "postgresql" else ["tantivy"]


def pytest_generate_tests(metafunc):
    if "engine_name" in metafunc.fixturenames:
        metafunc.parametrize("engine_name", engine_names())


@pytest.fixture
def search_engine_setting(engine_name, settings):
    """The engine under test is the one the application uses."""
    settings.JIYUE_SEARCH_ENGINE = engine_name
    return engine_name
