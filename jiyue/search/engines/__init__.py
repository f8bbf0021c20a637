"""The search engine in use: ``JIYUE_SEARCH_ENGINE`` ("tantivy" or "postgres"),
else PostgreSQL's when the database is PostgreSQL and tantivy otherwise."""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.db import connection

from .base import SearchEngine

ENGINES = ("tantivy", "postgres")
_lock = threading.Lock()
_engines: dict[tuple[str, str], SearchEngine] = {}


def engine_name() -> str:
    chosen = getattr(settings, "JIYUE_SEARCH_ENGINE", "") or ""
    if chosen in ENGINES:
        return chosen
    return "postgres" if connection.vendor == "postgresql" else "tantivy"


def get_engine(name: str | None = None) -> SearchEngine:
    """One engine object per process (and per index directory)."""
    name = name or engine_name()
    directory = str(Path(settings.JIYUE_SEARCH_DIR))
    key = (name, directory)
    engine = _engines.get(key)
    if engine is None:
        with _lock:
            engine = _engines.get(key)
            if engine is None:
                engine = _engines[key] = _make(name, directory)
    return engine


def _make(name: str, directory: str) -> SearchEngine:
    if name == "postgres":
        from .postgres_engine import PostgresEngine

        return PostgresEngine()
    from .tantivy_engine import TantivyEngine

    return TantivyEngine(Path(directory))
