import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The office calendar is cached across calls; a rolled-back test must not
    leave its years behind for the next test."""
    cache.clear()
    yield
    cache.clear()
